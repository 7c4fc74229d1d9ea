// pin-check over the whole workflow corpus:
//  1. the offline check (each repository modelled, then the offline rules, one repository at a time), cold in fresh
//     processes with V8 tuned as the CLI and the action tune it (tuneForWorkflowScans), and again with V8's defaults;
//     then the same check as a user gets it: `runPin` (the path of the CLI and the action: model, invalid-workflow
//     findings, the rules) over every repository in one fresh process, timed from spawn to exit; and the built CLI,
//     `pipeguard pin --offline --format json <repository>`, one process per repository as a user runs it;
//  2. fix of every unpinned ref against the fake GitHub API (test-kit, 127.0.0.1, a world in which every ref the corpus
//     names exists, a version-looking ref as a tag, any other as a branch): API requests against unique (repository,
//     ref) pairs, and time; then the same fix on a fresh copy with the disk cache (goal: 0 requests), and a second
//     fix of the fixed tree (goal: 0 requests).
// Figures are medians of several fresh processes: this machine is shared and single runs vary, so main-thread CPU
// (what the code costs) is printed beside wall time (which also measures waiting for a core).
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os, { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { cliBundle, mainThreadCpuMs, median, repositoryRoot, workflowRepositories } from './corpus.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const dist = (name) => join(repositoryRoot, 'packages', name, 'dist', 'index.js')

/** What `pipeguard pin` and the pin-check action do first (tuneForWorkflowScans: Turbofan off); the children measure that. */
async function tuneAsTheCliDoes() {
  ;(await import(join(repositoryRoot, 'packages/workflow/dist/runtime.js'))).tuneForWorkflowScans()
}

async function offlineChild(tuned) {
  if (tuned) await tuneAsTheCliDoes()
  const repositories = workflowRepositories()
  const { loadRepository } = await import(dist('workflow'))
  const { defaultPolicy } = await import(dist('policy'))
  const { runPinCheck } = await import(dist('pinning'))
  const policy = defaultPolicy()
  const cpu = mainThreadCpuMs
  // One repository at a time, model then rules, as a run of the check goes (each repository's model is dropped after
  // its rules: holding all 60 at once is no run anyone makes, and only adds garbage-collection work); the same pass
  // again afterwards is the warm figure.
  const pass = () => {
    const result = { model: 0, rules: 0, modelCpu: 0, rulesCpu: 0, counts: {}, files: 0 }
    for (const folder of repositories) {
      const started = performance.now()
      const startedCpu = cpu()
      const repository = loadRepository(folder)
      const loaded = performance.now()
      const loadedCpu = cpu()
      for (const finding of runPinCheck(repository, policy).findings)
        result.counts[finding.ruleId] = (result.counts[finding.ruleId] ?? 0) + 1
      result.model += loaded - started
      result.modelCpu += loadedCpu - startedCpu
      result.rules += performance.now() - loaded
      result.rulesCpu += cpu() - loadedCpu
      result.files += repository.workflows.length + repository.actions.length
    }
    return result
  }
  const cold = pass()
  const warm = pass()
  return {
    ...cold,
    total: cold.model + cold.rules,
    totalCpu: cold.modelCpu + cold.rulesCpu,
    warm: warm.model + warm.rules,
    warmCpu: warm.modelCpu + warm.rulesCpu,
  }
}

/** What a user's run does, for every repository, in one fresh process: imports, then `runPin` offline. */
async function userChild() {
  await tuneAsTheCliDoes()
  const repositories = workflowRepositories()
  const { defaultPolicy } = await import(dist('policy'))
  const { runPin } = await import(dist('pinning'))
  // performance.now() counts from the start of the process
  const imported = performance.now()
  let findings = 0
  for (const folder of repositories) findings += (await runPin(folder, defaultPolicy())).findings.length
  const done = performance.now()
  const usage = process.cpuUsage()
  return { imported, check: done - imported, sinceStart: done, cpu: (usage.user + usage.system) / 1000, findings }
}

// CPU of a process we do not write (the CLI): every thread, read when it exits.
const CPU_AT_EXIT = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('@cpu '+((u.user+u.system)/1000)+'\\n')})`

const cli = cliBundle()

function cliRun(folder) {
  const started = performance.now()
  const child = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, cli, 'pin', '--offline', '--format', 'json', folder], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  const wall = performance.now() - started
  if (child.status !== 0 && child.status !== 1) throw new Error(`pipeguard pin ${folder} exited ${child.status}: ${child.stderr}`)
  const cpu = Number(/@cpu ([\d.]+)/.exec(child.stderr)?.[1])
  return { wall, cpu, findings: JSON.parse(child.stdout).findings.length }
}

async function fixChild() {
  await tuneAsTheCliDoes()
  const repositories = workflowRepositories()
  const { createGitHubClient } = await import(dist('github'))
  const { loadRepository } = await import(dist('workflow'))
  const { defaultPolicy } = await import(dist('policy'))
  const { fixPins } = await import(dist('pinning'))
  const { startFakeGitHub, fakeSha } = await import(join(repositoryRoot, 'packages/test-kit/dist/fake-github.js'))
  // The world: every (repository, ref) the corpus names exists, a version-like ref as a lightweight tag and any other
  // ref as a branch (as the fake's synthesized world answers), but listed concretely, so that tag listings list them
  // as GitHub would. A dry run against the synthesized world collects the pairs.
  const names = new Map()
  {
    const dry = await startFakeGitHub({ repositories: [], synthesize: true })
    const client = createGitHubClient({ baseUrl: dry.url, env: {} })
    for (const folder of repositories) {
      const result = await fixPins(loadRepository(folder), defaultPolicy(), { client, write: false })
      for (const uses of [...result.changes.map((change) => change.from), ...result.skipped.map((skip) => skip.uses)]) {
        const match = /^([^/]+)\/([^/@]+)[^@]*@(.+)$/.exec(uses)
        if (match === null) continue
        const key = `${match[1]}/${match[2]}`.toLowerCase()
        if (!names.has(key)) names.set(key, { owner: match[1], repo: match[2], refs: new Set() })
        names.get(key).refs.add(match[3])
      }
    }
    await dry.close()
  }
  const world = {
    repositories: [...names.entries()].map(([key, { owner, repo, refs }]) => {
      const tags = {}
      const branches = { main: [fakeSha(`${key}@main`)] }
      for (const ref of refs) {
        if (/^v?\d/.test(ref)) tags[ref] = fakeSha(`${key}@${ref}`)
        else branches[ref] = [fakeSha(`${key}@${ref}`)]
      }
      return { owner, repo, defaultBranch: 'main', branches, tags }
    }),
  }
  const server = await startFakeGitHub(world)
  const scratch = mkdtempSync(join(tmpdir(), 'pipeguard-pin-bench-'))
  const cache = join(scratch, 'cache')
  const policy = defaultPolicy()
  const copy = (name) => {
    const target = join(scratch, name)
    for (const folder of repositories) cpSync(folder, join(target, basename(folder)), { recursive: true })
    return target
  }
  const run = async (tree) => {
    const client = createGitHubClient({ baseUrl: server.url, env: {}, cacheDir: cache })
    const started = performance.now()
    let changes = 0
    let skipped = 0
    const pairs = new Set()
    const branchPairs = new Set()
    for (const folder of repositories) {
      const result = await fixPins(loadRepository(join(tree, basename(folder))), policy, { client })
      changes += result.changes.length
      skipped += result.skipped.length
      // (repository, ref): the path inside the repository does not change the question
      const pair = (uses) => uses.toLowerCase().replace(/^([^/]+\/[^/@]+)[^@]*@/, '$1@')
      for (const change of result.changes) pairs.add(pair(change.from))
      for (const skip of result.skipped) {
        pairs.add(pair(skip.uses))
        branchPairs.add(pair(skip.uses))
      }
    }
    return {
      ms: performance.now() - started,
      requests: client.stats.requests,
      diskHits: client.stats.diskHits,
      changes,
      skipped,
      uniquePairs: pairs.size,
      branchPairs: branchPairs.size,
    }
  }
  try {
    const first = await run(copy('first'))
    const fresh = await run(copy('fresh'))
    const again = await run(join(scratch, 'first'))
    return { first, fresh, again }
  } finally {
    await server.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}

function inChild(mode, runs) {
  const results = []
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, mode], { encoding: 'utf8', maxBuffer: 1 << 26 })
    if (child.status !== 0) throw new Error(`${mode} child failed: ${child.stderr}`)
    results.push(JSON.parse(child.stdout))
  }
  return results
}

const mode = process.argv[2]
if (mode === 'offline') console.log(JSON.stringify(await offlineChild(true)))
else if (mode === 'offline-defaults') console.log(JSON.stringify(await offlineChild(false)))
else if (mode === 'fix') console.log(JSON.stringify(await fixChild()))
else if (mode === 'user') console.log(JSON.stringify(await userChild()))
else {
  const offline = inChild('offline', RUNS)
  const m = (key) => Math.round(median(offline.map((result) => result[key])))
  const range = (key) => {
    const values = offline.map((result) => Math.round(result[key])).sort((a, b) => a - b)
    return `${values[0]}, slowest ${values[values.length - 1]}`
  }
  console.log(
    `offline pin check, whole workflow corpus (${offline[0].files} files, median of ${RUNS} fresh processes, V8 tuned as the CLI and the action run it):`,
  )
  console.log(
    `  wall: total ${m('total')} ms = workflow model ${m('model')} ms + pin rules ${m('rules')} ms (goal: <= 500 ms); a second pass in the same process, warm: ${m('warm')} ms`,
  )
  console.log(
    `  main-thread CPU: total ${m('totalCpu')} ms = workflow model ${m('modelCpu')} ms + pin rules ${m('rulesCpu')} ms (rules fastest ${range('rulesCpu')}); warm ${m('warmCpu')} ms; load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`,
  )
  const defaults = inChild('offline-defaults', RUNS)
  const d = (key) => Math.round(median(defaults.map((result) => result[key])))
  console.log(
    `  the same with V8's defaults (Turbofan on): ${d('total')} ms wall (model ${d('model')} + rules ${d('rules')}), ${d('totalCpu')} ms main-thread CPU`,
  )
  const users = []
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now()
    const [result] = inChild('user', 1)
    users.push({ ...result, wall: performance.now() - started })
  }
  const u = (key) => Math.round(median(users.map((result) => result[key])))
  console.log(
    `  as a user runs it, one process: runPin offline (model, invalid-workflow findings, the rules) over every repository: ${u('wall')} ms wall from spawn to exit (of which Node start-up and imports ${u('imported')} ms, the check ${u('check')} ms), ${u('cpu')} ms CPU of all threads; ${users[0].findings} findings`,
  )
  const empty = mkdtempSync(join(tmpdir(), 'pipeguard-pin-empty-'))
  mkdirSync(join(empty, '.github', 'workflows'), { recursive: true })
  const idle = Array.from({ length: RUNS }, () => cliRun(empty))
  rmSync(empty, { recursive: true, force: true })
  const perRepository = workflowRepositories().map((folder) => cliRun(folder))
  const sum = (key) => perRepository.reduce((total, result) => total + result[key], 0)
  console.log(
    `  as a user runs it, the CLI: pipeguard pin --offline --format json <repository>, one process per repository (${perRepository.length}): median ${Math.round(median(perRepository.map((result) => result.wall)))} ms wall and ${Math.round(median(perRepository.map((result) => result.cpu)))} ms CPU per process, slowest ${Math.round(Math.max(...perRepository.map((result) => result.wall)))} ms; all of them ${(sum('wall') / 1000).toFixed(1)} s wall, ${(sum('cpu') / 1000).toFixed(1)} s CPU, ${sum('findings')} findings; an empty repository costs ${Math.round(median(idle.map((result) => result.wall)))} ms wall, ${Math.round(median(idle.map((result) => result.cpu)))} ms CPU (start-up and imports)`,
  )
  console.log(
    `  findings: ${Object.entries(offline[0].counts)
      .map(([rule, count]) => `${rule} ${count}`)
      .join(', ')}`,
  )
  const fixes = inChild('fix', Math.max(1, Math.min(3, RUNS)))
  const f = (phase, key) => Math.round(median(fixes.map((result) => result[phase][key])))
  const first = fixes[0].first
  console.log(`fix of every unpinned ref in the corpus against the fake GitHub API (median of ${fixes.length}):`)
  console.log(
    `  first run:  ${first.changes} refs pinned, ${first.skipped} left (branches: reported, not guessed), ${first.uniquePairs} unique (repo, ref) pairs of which ${first.branchPairs} branches, ${f('first', 'requests')} API requests (goal: one per pair; tag first as the runner resolves, one commits-API request answers the tag's commit with annotated tags peeled, and "no such tag" for a branch), ${f('first', 'ms')} ms`,
  )
  console.log(
    `  fresh copy, disk cache: ${f('fresh', 'requests')} API requests (${f('fresh', 'diskHits')} cache hits), ${f('fresh', 'ms')} ms`,
  )
  console.log(
    `  second run on the fixed tree: ${f('again', 'requests')} API requests, ${fixes[0].again.changes} changes, ${f('again', 'ms')} ms`,
  )
}
