// refname: names per second in-process, `pipeguard refname --stdin` on 1,000,000 names, and a 105,000-name
// differential run against the real `git check-ref-format` (the peer tool), with git's own speed beside ours.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { cliBundle, ms, repositoryRoot, workflowRepositories } from './corpus.mjs'

const bundle = cliBundle()

const { compileRefnameChecker, collapseSlashes } = await import(join(repositoryRoot, 'packages/refname/dist/index.js'))
const { defaultPolicy } = await import(join(repositoryRoot, 'packages/policy/dist/index.js'))
const { loadRepository, valueOf, isSeq, isScalar } = await import(join(repositoryRoot, 'packages/workflow/dist/index.js'))
const { generateRefNames, gitCheckRefFormat } = await import(join(repositoryRoot, 'packages/test-kit/dist/ref-names.js'))

// Real branch and tag names: every `branches:` / `tags:` filter entry of the corpus workflows (globs included).
function corpusNames() {
  const names = new Set()
  for (const folder of workflowRepositories()) {
    for (const workflow of loadRepository(folder).workflows) {
      for (const trigger of workflow.triggers ?? []) {
        for (const key of ['branches', 'branches-ignore', 'tags', 'tags-ignore']) {
          const list = valueOf(trigger.config, key)
          const items = isSeq(list) ? list.items : [list]
          for (const item of items) if (isScalar(item) && item.value !== '') names.add(item.value)
        }
      }
    }
  }
  return [...names]
}

const corpus = corpusNames()
// Names as CI sees them: the corpus filter entries that are names (no glob characters), and Conventional Branch
// names made from them; the edge-case generator of the differential test for the worst case (most names fail).
const literal = corpus.filter((name) => !/[*?[\]!+]/.test(name))
const PREFIXES = ['feature/', 'fix/', 'hotfix/', 'release/', 'chore/', 'dependabot/npm_and_yarn/', 'renovate/', '']
const real = [...literal]
for (let index = 0; real.length < 20_000; index++) {
  real.push(`${PREFIXES[index % PREFIXES.length]}${literal[index % literal.length]}-${index}`)
}
const edge = generateRefNames(20_000, { seed: 7 }).map((name) => name.toString('utf8'))
const policy = defaultPolicy()

const rate = (count, seconds) => Math.round(count / seconds).toLocaleString('en')

// Wall time and CPU time, best and median of 5 rounds: the machine is shared, so the CPU time is what the code
// costs and the best wall time what it does when it gets a core.
function throughput(label, names, total, options) {
  const check = compileRefnameChecker(policy, options)
  for (let index = 0; index < 50_000; index++) check(names[index % names.length])
  const walls = []
  const cpus = []
  let unsafe = 0
  for (let round = 0; round < 5; round++) {
    unsafe = 0
    const started = performance.now()
    const cpu = process.cpuUsage()
    for (let index = 0; index < total; index++) if (!check(names[index % names.length]).safe) unsafe++
    const used = process.cpuUsage(cpu)
    walls.push((performance.now() - started) / 1000)
    cpus.push((used.user + used.system) / 1e6)
  }
  walls.sort((a, b) => a - b)
  cpus.sort((a, b) => a - b)
  console.log(
    `  ${label}: ${total.toLocaleString('en')} names x 5 rounds; wall best ${rate(total, walls[0])} / median ${rate(total, walls[2])} names/s; ` +
      `CPU best ${rate(total, cpus[0])} / median ${rate(total, cpus[2])} names/s (${unsafe.toLocaleString('en')} not safe)`,
  )
  return total / walls[0]
}

console.log(`in-process, default policy (goal >= 1,000,000 names/s):`)
console.log(
  `  corpus: ${corpus.length} distinct branches/tags filter entries in ${workflowRepositories().length} repositories, ${literal.length} of them plain names`,
)
const realRate = throughput('CI-like branch names, --kind branch', real, 1_000_000, { kind: 'branch' })
throughput('edge cases (most fail, findings built), --kind ref', edge, 100_000, { kind: 'ref' })

// The command line: 1,000,000 names on stdin, the bin called directly (pnpm run alone costs ~0.8 s).
const lines = []
for (let index = 0; lines.length < 1_000_000; index++) {
  const base = real[index % real.length]
  lines.push(index < real.length ? base : `${base}-${index}`)
}
const input = Buffer.from(`${lines.join('\n')}\n`)
async function cli(args) {
  // /usr/bin/time reports the CPU seconds of the pipeguard process itself.
  const started = performance.now()
  const child = spawn('/usr/bin/time', ['-f', '%U %S', process.execPath, bundle, 'refname', ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  let out = 0
  let err = ''
  child.stdout.on('data', (chunk) => (out += chunk.length))
  child.stderr.on('data', (chunk) => (err += chunk))
  const code = await new Promise((resolvePromise) => {
    child.on('close', resolvePromise)
    child.stdin.end(input)
  })
  const [user, system] = err.trim().split('\n').at(-1).split(' ').map(Number)
  return { code, elapsed: ms(started), cpu: Math.round((user + system) * 1000), out }
}
console.log(`\npipeguard refname --stdin, ${lines.length.toLocaleString('en')} names (${(input.length / 1e6).toFixed(1)} MB; goal <= 3 s):`)
for (const args of [['--stdin'], ['--stdin', '--format', 'json']]) {
  const runs = []
  for (let round = 0; round < 3; round++) runs.push(await cli(args))
  runs.sort((a, b) => a.elapsed - b.elapsed)
  const cpu = runs.map((run) => run.cpu).sort((a, b) => a - b)
  console.log(
    `  ${args.join(' ')}: 3 runs; wall best ${runs[0].elapsed} / median ${runs[1].elapsed} ms; CPU best ${cpu[0]} / median ${cpu[1]} ms; exit ${runs[0].code}, ${(runs[0].out / 1e6).toFixed(1)} MB of output`,
  )
}
const load = (await import('node:os')).loadavg()[0]
console.log(`  (load average while measuring: ${load.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores)`)

// The differential run: 15,000 generated names in each of 7 modes against the real git.
const MODES = [
  ['ref', [], { kind: 'ref' }],
  ['ref --allow-onelevel', ['--allow-onelevel'], { kind: 'ref', allowOnelevel: true }],
  ['ref --refspec-pattern', ['--refspec-pattern'], { kind: 'ref', refspecPattern: true }],
  [
    'ref --allow-onelevel --refspec-pattern',
    ['--allow-onelevel', '--refspec-pattern'],
    { kind: 'ref', allowOnelevel: true, refspecPattern: true },
  ],
  ['ref --normalize', ['--normalize'], { kind: 'ref', normalize: true }],
  ['--branch', ['--branch'], { kind: 'branch' }],
  ['tag (refs/tags/<name>)', [], { kind: 'tag' }],
]
const PER_MODE = 15_000
console.log(
  `\ndifferential against git check-ref-format (${PER_MODE.toLocaleString('en')} names per mode, ${(PER_MODE * MODES.length).toLocaleString('en')} in all):`,
)
let total = 0
let disagreements = 0
let gitMs = 0
for (const [index, [label, flags, options]] of MODES.entries()) {
  const names = generateRefNames(PER_MODE, { seed: 50_000 + index, noLeadingDash: options.kind !== 'branch' })
  const started = performance.now()
  const git = await gitCheckRefFormat(
    options.kind === 'tag' ? names.map((name) => Buffer.concat([Buffer.from('refs/tags/'), name])) : names,
    flags,
  )
  gitMs += performance.now() - started
  const check = compileRefnameChecker(policy, options)
  let disagree = 0
  let valid = 0
  for (const [position, name] of names.entries()) {
    const verdict = check(name)
    const answer = git[position]
    if (answer.code === 0) valid++
    let same = verdict.valid === (answer.code === 0)
    if (same && options.normalize && answer.code === 0)
      same = collapseSlashes(name.toString('latin1')) === answer.stdout.toString('latin1').replace(/\n$/, '')
    if (!same) {
      disagree++
      if (disagree <= 5)
        console.log(`    DISAGREE ${JSON.stringify(name.toString('latin1'))}: git exit ${answer.code}, pipeguard valid=${verdict.valid}`)
    }
  }
  total += names.length
  disagreements += disagree
  console.log(`  ${label}: ${names.length} names, ${valid} valid per git, ${disagree} disagreements`)
}
console.log(`  total: ${total.toLocaleString('en')} names, ${disagreements} disagreements`)
console.log(
  `  git check-ref-format (one process per name, parallel workers): ${Math.round(total / (gitMs / 1000)).toLocaleString('en')} names/s; pipeguard in-process: ${Math.round(realRate).toLocaleString('en')} names/s`,
)
if (disagreements > 0) process.exit(1)
