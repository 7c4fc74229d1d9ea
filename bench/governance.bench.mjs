// Governance over the whole workflow corpus: model building and rules, cold (first pass) and warm, and peak memory.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { cliBundle, ms, peakRssMb, repositoryRoot, workflowRepositories } from './corpus.mjs'

const { loadRepository, repositoryFindings } = await import(join(repositoryRoot, 'packages/workflow/dist/index.js'))
const { runGovernance } = await import(join(repositoryRoot, 'packages/governance/dist/index.js'))
const { defaultPolicy } = await import(join(repositoryRoot, 'packages/policy/dist/index.js'))

const repositories = workflowRepositories()
const policy = defaultPolicy()

function pass() {
  let modelMs = 0
  let rulesMs = 0
  const counts = {}
  let files = 0
  for (const folder of repositories) {
    const started = performance.now()
    const repository = loadRepository(folder)
    modelMs += performance.now() - started
    files += repository.workflows.length + repository.actions.length + repository.unreadable.length
    const ruleStart = performance.now()
    const findings = [...repositoryFindings(repository, policy), ...runGovernance(repository, policy).findings]
    rulesMs += performance.now() - ruleStart
    for (const finding of findings) counts[`${finding.ruleId}/${finding.level}`] = (counts[`${finding.ruleId}/${finding.level}`] ?? 0) + 1
  }
  return { modelMs: Math.round(modelMs), rulesMs: Math.round(rulesMs), counts, files }
}

const started = performance.now()
const cold = pass()
const coldTotal = ms(started)
const warmStart = performance.now()
const warm = pass()
const warmTotal = ms(warmStart)
console.log(`governance over ${repositories.length} repositories, ${cold.files} files`)
console.log(`  cold: ${coldTotal} ms (model ${cold.modelMs} ms, rules ${cold.rulesMs} ms)`)
console.log(`  warm: ${warmTotal} ms (model ${warm.modelMs} ms, rules ${warm.rulesMs} ms)`)
console.log(`  peak RSS: ${peakRssMb()} MB (goal: whole corpus under 1 s)`)
console.log('  findings by rule/level:', JSON.stringify(cold.counts))

// The CLI as users run it, one process per repository, for the end-to-end figure.
const cli = cliBundle()
const cliStart = performance.now()
let failures = 0
for (const folder of repositories) {
  const result = spawnSync(process.execPath, [cli, 'governance', folder, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' })
  if (result.status !== 0) failures++
}
console.log(`  CLI, one process per repository: ${ms(cliStart)} ms for ${repositories.length} runs (${failures} non-zero exits)`)
