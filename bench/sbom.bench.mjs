// sbom: every corpus lockfile through the built `pipeguard sbom` CLI as a process (wall time median of 3, CPU time,
// peak RSS, unique third-party purls against MANIFEST.tsv), through the bundled action (actions/sbom/dist), through
// the engine in a warm process (generateSbom, no start-up), then the same folder through cdxgen, installed from npm
// on demand into a temporary folder outside the repository (PIPEGUARD_CDXGEN_DIR, default $TMPDIR/pipeguard-cdxgen),
// run as `FETCH_LICENSE=false CDXGEN_FETCH_PKG_METADATA=false cdxgen -t <type> --no-install-deps`, with the speed
// ratio and the comparison of unique purl sets. PIPEGUARD_BENCH_NO_CDXGEN=1 skips cdxgen.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cliBundle, corpusDir, median, repositoryRoot } from './corpus.mjs'

const cli = cliBundle()
const action = join(repositoryRoot, 'actions/sbom/dist/index.js')
const lockfiles = join(corpusDir(), 'lockfiles')
const scratch = mkdtempSync(join(tmpdir(), 'pipeguard-sbom-bench-'))
// Preloaded into each measured process: peak RSS and CPU time, printed on exit.
const probe = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\n@@probe '+u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`

const CDXGEN_TYPES = {
  npm: 'js',
  pnpm: 'js',
  yarn: 'js',
  pip: 'python',
  pipenv: 'python',
  poetry: 'python',
  uv: 'python',
  go: 'go',
  cargo: 'rust',
  gem: 'ruby',
  composer: 'php',
  gradle: 'gradle',
  'github-actions': 'github',
}
const rows = readFileSync(join(lockfiles, 'MANIFEST.tsv'), 'utf8')
  .trimEnd()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter(([path]) => !path.startsWith('maven/'))
  .map(([path, , , , , , unique]) => {
    const kind = path.split('/')[0].replace(/-v\d$|-berry$|-requirements$/, '')
    const folder = path.endsWith('/')
      ? join(lockfiles, path.split('/.github/')[0])
      : path.startsWith('pip-requirements/')
        ? join(lockfiles, dirname(dirname(path)))
        : join(lockfiles, dirname(path))
    return { path, kind: kind === 'pip' ? 'pip' : kind, folder, expected: unique }
  })

function measure(argv, env = process.env, timeout = 300_000) {
  env = { ...env, NODE_COMPILE_CACHE: undefined }
  const start = performance.now()
  const result = spawnSync(process.execPath, [`--import=${probe}`, ...argv], {
    env,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  })
  const wall = performance.now() - start
  const match = /@@probe (\d+) (\d+)/.exec(result.stderr ?? '')
  return {
    status: result.status,
    wall,
    rssMb: match ? Math.round(Number(match[1]) / 1024) : undefined,
    cpuMs: match ? Math.round(Number(match[2]) / 1000) : undefined,
    stderr: result.stderr ?? '',
  }
}

const normalize = (purl) => decodeURIComponent(purl.replace(/[?#].*$/, ''))
const purlsOf = (file) => {
  const bom = JSON.parse(readFileSync(file, 'utf8'))
  const all = []
  const walk = (components) => {
    for (const component of components ?? []) {
      if (component.purl) all.push(component)
      walk(component.components)
    }
  }
  walk(bom.components)
  return all
}

// cdxgen, installed on demand.
let cdxgen
if (process.env.PIPEGUARD_BENCH_NO_CDXGEN !== '1') {
  const prefix = process.env.PIPEGUARD_CDXGEN_DIR ?? join(tmpdir(), 'pipeguard-cdxgen')
  const bin = join(prefix, 'node_modules/@cyclonedx/cdxgen/bin/cdxgen.js')
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true })
    console.log(`installing @cyclonedx/cdxgen into ${prefix} (once) ...`)
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', prefix, '@cyclonedx/cdxgen'], {
      stdio: 'inherit',
      timeout: 900_000,
    })
    if (npm.status !== 0) console.log('cdxgen could not be installed: the comparison is skipped')
  }
  if (existsSync(bin)) {
    const version = JSON.parse(readFileSync(join(prefix, 'node_modules/@cyclonedx/cdxgen/package.json'), 'utf8')).version
    cdxgen = { bin, version }
  }
}

const { generateSbom } = await import(join(repositoryRoot, 'packages/sbom/dist/index.js'))
const { defaultPolicy } = await import(join(repositoryRoot, 'packages/policy/dist/index.js'))
async function engineMs(folder) {
  await generateSbom(folder, defaultPolicy())
  const times = []
  for (let run = 0; run < 3; run++) {
    const start = performance.now()
    await generateSbom(folder, defaultPolicy())
    times.push(performance.now() - start)
  }
  return median(times)
}
const startup = [0, 1, 2].map(() => measure([cli, '--version']))
console.log(
  `CLI start-up alone (pipeguard --version): ${Math.round(median(startup.map((run) => run.wall)))} ms wall, ${median(startup.map((run) => run.cpuMs))} ms CPU`,
)
console.log(
  `pipeguard sbom: built CLI as a process, median of 3 runs; engine: generateSbom in a warm process; load average ${(
    await import('node:os')
  )
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${(await import('node:os')).availableParallelism()} CPUs`,
)
if (cdxgen)
  console.log(`cdxgen ${cdxgen.version}: one run per lockfile, FETCH_LICENSE=false CDXGEN_FETCH_PKG_METADATA=false --no-install-deps`)
console.log('')
console.log(
  '| lockfile | expected | pipeguard | ms (wall) | ms (CPU) | action ms (wall / CPU) | engine ms | MB | cdxgen purls | cdxgen ms (wall) | cdxgen ms (CPU) | MB | ratio wall | ratio CPU | same purls | only pipeguard | only cdxgen |',
)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
const differences = []
const totals = { wall: 0, cpu: 0, cdxWall: 0, cdxCpu: 0, ratios: [] }
for (const row of rows) {
  const output = join(scratch, `${row.path.replace(/[^\w.-]+/g, '_')}.pipeguard.json`)
  const runs = [0, 1, 2].map(() => measure([cli, 'sbom', row.folder, '--output', output, '--quiet', '--fail-on', 'never']))
  const failed = runs.find((run) => run.status !== 0)
  if (failed) {
    console.log(`| ${row.path} | failed: ${failed.stderr.split('\n')[0]} |`)
    continue
  }
  const components = purlsOf(output)
  const third = components.filter((component) => !component.properties?.some((property) => property.name === 'pipeguard:workspace'))
  const wall = median(runs.map((run) => run.wall))
  const cpu = median(runs.map((run) => run.cpuMs))
  const rss = Math.max(...runs.map((run) => run.rssMb))
  const engine = Math.round(await engineMs(row.folder))
  const actionEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: scratch,
    INPUT_PATH: row.folder,
    INPUT_OUTPUT: `${output}.action.json`,
    INPUT_FORMAT: 'text',
    'INPUT_FAIL-ON': 'never',
  }
  const actionRuns = [0, 1, 2].map(() => measure([action], actionEnv))
  const actionCell = actionRuns.some((run) => run.status !== 0)
    ? 'failed'
    : `${Math.round(median(actionRuns.map((run) => run.wall)))} / ${median(actionRuns.map((run) => run.cpuMs))}`
  let cdx = '| n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |'
  if (cdxgen) {
    const cdxOutput = join(scratch, `${row.path.replace(/[^\w.-]+/g, '_')}.cdxgen.json`)
    const env = { ...process.env, FETCH_LICENSE: 'false', CDXGEN_FETCH_PKG_METADATA: 'false', CDXGEN_DEBUG_MODE: '', NODE_NO_WARNINGS: '1' }
    const run = measure([cdxgen.bin, '-t', CDXGEN_TYPES[row.kind], '--no-install-deps', '-o', cdxOutput, row.folder], env, 600_000)
    if (run.status !== 0 || !existsSync(cdxOutput)) {
      const reason =
        run.status === null
          ? 'timed out'
          : `exit ${run.status}: ${
              run.stderr
                .split('\n')
                .find((line) => /error|Error/.test(line))
                ?.slice(0, 80) ?? ''
            }`
      cdx = `| failed (${reason.replace(/\|/g, '/')}) | ${Math.round(run.wall)} | | | | | | | |`
    } else {
      const mine = new Set(components.map((component) => normalize(component.purl)))
      const theirs = new Set(purlsOf(cdxOutput).map((component) => normalize(component.purl)))
      const same = [...mine].filter((purl) => theirs.has(purl)).length
      const onlyMine = [...mine].filter((purl) => !theirs.has(purl))
      const onlyTheirs = [...theirs].filter((purl) => !mine.has(purl))
      differences.push({ path: row.path, onlyMine, onlyTheirs })
      totals.wall += wall
      totals.cpu += cpu
      totals.cdxWall += run.wall
      totals.cdxCpu += run.cpuMs
      totals.ratios.push(run.wall / wall)
      cdx = `| ${theirs.size} | ${Math.round(run.wall)} | ${run.cpuMs} | ${run.rssMb} | ${(run.wall / wall).toFixed(1)}× | ${(run.cpuMs / cpu).toFixed(1)}× | ${same} | ${onlyMine.length} | ${onlyTheirs.length} |`
    }
  }
  console.log(
    `| ${row.path} | ${row.expected} | ${third.length} | ${Math.round(wall)} | ${cpu} | ${actionCell} | ${engine} | ${rss} ${cdx}`,
  )
}
if (totals.ratios.length > 0) {
  console.log(
    `\noverall (${totals.ratios.length} lockfiles cdxgen read): pipeguard ${Math.round(totals.wall)} ms wall / ${totals.cpu} ms CPU in all, cdxgen ${Math.round(totals.cdxWall)} / ${totals.cdxCpu}: ${(totals.cdxWall / totals.wall).toFixed(1)}× wall, ${(totals.cdxCpu / totals.cpu).toFixed(1)}× CPU; per lockfile ${Math.min(...totals.ratios).toFixed(1)}–${Math.max(...totals.ratios).toFixed(1)}× wall, ${totals.ratios.filter((ratio) => ratio >= 20).length} at 20× or more`,
  )
}
for (const { path, onlyMine, onlyTheirs } of differences) {
  if (onlyMine.length === 0 && onlyTheirs.length === 0) continue
  console.log(
    `\n${path}: only pipeguard ${onlyMine.length} (e.g. ${onlyMine.slice(0, 6).join(', ')}); only cdxgen ${onlyTheirs.length} (e.g. ${onlyTheirs.slice(0, 6).join(', ')})`,
  )
}
rmSync(scratch, { recursive: true, force: true })
