// The workflow model over the whole workflow corpus (loadRepository for every repository), cold and warm, and the
// YAML reading inside it: the fast reader (parseYaml) against the yaml-ast-parser path (parseYamlFull).
// Cold means the first pass in a fresh process; every figure is the median of several fresh processes, because
// this machine is shared and single runs vary a lot. The main thread's CPU time is printed beside wall time for the
// same reason: under load from other processes, it is the steadier figure.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { mainThreadCpuMs, median, repositoryRoot, workflowRepositories } from './corpus.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const WARM_PASSES = 5

/** CPU time of the whole process, those other threads included. */
function processCpuMs() {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

/** Runs `body` once cold and WARM_PASSES times warm; returns wall and CPU milliseconds of each. */
function passes(body) {
  const runs = []
  for (let pass = 0; pass <= WARM_PASSES; pass++) {
    const cpu = mainThreadCpuMs()
    const processCpu = processCpuMs()
    const wall = performance.now()
    body()
    runs.push({ wall: performance.now() - wall, cpu: mainThreadCpuMs() - cpu, processCpu: processCpuMs() - processCpu })
  }
  const warm = runs.slice(1)
  return {
    cold: runs[0].wall,
    coldCpu: runs[0].cpu,
    coldProcessCpu: runs[0].processCpu,
    warm: median(warm.map((run) => run.wall)),
    warmCpu: median(warm.map((run) => run.cpu)),
  }
}

async function child(mode) {
  const repositories = workflowRepositories()
  const importStart = performance.now()
  const workflow = await import(join(repositoryRoot, 'packages/workflow/dist/index.js'))
  const importMs = performance.now() - importStart
  if (mode === 'model') {
    let files = 0
    const result = passes(() => {
      files = 0
      for (const folder of repositories) {
        const repository = workflow.loadRepository(folder)
        files += repository.workflows.length + repository.actions.length + repository.unreadable.length
      }
    })
    return { ...result, importMs, files }
  }
  if (mode === 'stages') {
    // The first pass of loadRepository's steps, one after another over the whole corpus.
    const { discoverFiles, SourceFile, parseYaml, buildWorkflow, buildAction } = workflow
    const times = {}
    const step = (name, body) => {
      const cpu = mainThreadCpuMs()
      const value = body()
      times[name] = mainThreadCpuMs() - cpu
      return value
    }
    const found = step('discover', () => repositories.flatMap((folder) => discoverFiles(folder)))
    const texts = step('read', () => found.map((file) => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file.absolute))))
    const sources = step('line index', () => found.map((file, index) => new SourceFile(file.path, texts[index])))
    const parsed = step('parse', () => texts.map((text) => parseYaml(text)))
    step('build', () =>
      found.map((file, index) =>
        (file.role === 'workflow' ? buildWorkflow : buildAction)(sources[index], parsed[index].documents[0] ?? null),
      ),
    )
    return times
  }
  // parse-fast | parse-full: the YAML reading alone, on texts read beforehand.
  const { discoverFiles } = workflow
  const { parseYaml, parseYamlFull } = await import(join(repositoryRoot, 'packages/workflow/dist/parse-yaml.js'))
  const texts = repositories.flatMap((folder) => discoverFiles(folder)).map((file) => readFileSync(file.absolute, 'utf8'))
  const parse = mode === 'parse-fast' ? parseYaml : parseYamlFull
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0)
  return { ...passes(() => texts.forEach((text) => parse(text))), files: texts.length, bytes }
}

function measure(mode) {
  const results = []
  for (let run = 0; run < RUNS; run++) {
    const result = spawnSync(process.execPath, [process.argv[1], '--child', mode], { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${mode} run failed: ${result.stderr}`)
    results.push(JSON.parse(result.stdout))
  }
  return results
}

const round = (value) => Math.round(value)

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await child(process.argv[3])))
} else {
  const { fastPathFiles } = await fastPathCount()
  const model = measure('model')
  const fast = measure('parse-fast')
  const full = measure('parse-full')
  const stages = measure('stages')
  const mb = (fast[0].bytes / 1e6).toFixed(1)
  console.log(
    `workflow model over ${workflowRepositories().length} repositories, ${model[0].files} files (${mb} MB), node ${process.version}, median of ${RUNS} fresh processes`,
  )
  const figure = (results, key) => round(median(results.map((r) => r[key])))
  const line = (name, results) =>
    `  ${name}: cold ${figure(results, 'cold')} ms wall / ${figure(results, 'coldCpu')} ms main-thread CPU, warm ${figure(results, 'warm')} / ${figure(results, 'warmCpu')} ms`
  console.log(`${line('loadRepository, whole corpus         ', model)} (goal: cold ≤ 500 ms)`)
  console.log(
    `    cold, CPU of the whole process (JIT and GC threads too) ${figure(model, 'coldProcessCpu')} ms; fastest cold run ${round(Math.min(...model.map((r) => r.cold)))} ms wall; importing the package ${figure(model, 'importMs')} ms`,
  )
  console.log(line('YAML only, fast reader (parseYaml)    ', fast))
  console.log(line('YAML only, yaml-ast-parser (full path)', full))
  const names = Object.keys(stages[0])
  console.log(`  cold stages of loadRepository, main-thread CPU: ${names.map((name) => `${name} ${figure(stages, name)} ms`).join(', ')}`)
  console.log(`  files read by the fast reader: ${fastPathFiles} of ${model[0].files} (the rest fall back to yaml-ast-parser)`)
  const load = loadavg()[0]
  const busy = load > availableParallelism() / 2
  console.log(
    `  load average during the run: ${load.toFixed(1)} on ${availableParallelism()} cores${busy ? ': wall times include waiting for other processes' : ''}`,
  )
}

async function fastPathCount() {
  const { readYamlFast } = await import(join(repositoryRoot, 'packages/workflow/dist/fast-yaml.js'))
  const { discoverFiles } = await import(join(repositoryRoot, 'packages/workflow/dist/index.js'))
  let fastPathFiles = 0
  for (const folder of workflowRepositories()) {
    for (const file of discoverFiles(folder)) {
      if (readYamlFast(readFileSync(file.absolute, 'utf8'), { maxExpandedNodes: 1_000_000 }) !== undefined) fastPathFiles++
    }
  }
  return { fastPathFiles }
}
