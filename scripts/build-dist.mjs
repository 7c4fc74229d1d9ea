// Bundles every action (actions/<name>/lib/main.js, compiled by `pnpm build`) into actions/<name>/dist with ncc.
// `--check` builds into a temporary folder and fails when any committed dist differs from a fresh build.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const check = process.argv.includes('--check')
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js')
const actions = readdirSync(join(root, 'actions'))
  .filter((name) => existsSync(join(root, 'actions', name, 'lib/main.js')))
  .filter((name) => only.length === 0 || only.includes(name))

let failed = false
for (const name of actions) {
  const folder = join(root, 'actions', name)
  const output = mkdtempSync(join(tmpdir(), `pipeguard-dist-${name}-`))
  const result = spawnSync(
    process.execPath,
    [ncc, 'build', join(folder, 'lib/main.js'), '-o', output, '--quiet', '--no-source-map-register', '--license', 'licenses.txt'],
    {
      cwd: folder,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  if (result.status !== 0) {
    console.error(`${name}: ncc failed`)
    failed = true
    continue
  }
  const dist = join(folder, 'dist')
  if (check) {
    const differences = compareTrees(output, dist)
    if (differences.length > 0) {
      console.error(`${name}: dist differs from a fresh build: ${differences.slice(0, 5).join(', ')}`)
      failed = true
    } else console.log(`${name}: dist is up to date`)
  } else {
    rmSync(dist, { recursive: true, force: true })
    cpSync(output, dist, { recursive: true })
    console.log(`${name}: built dist/ (${(statSync(join(dist, 'index.js')).size / 1024).toFixed(0)} KiB)`)
  }
  rmSync(output, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)

function compareTrees(fresh, committed) {
  const list = (base) =>
    existsSync(base)
      ? readdirSync(base, { recursive: true })
          .filter((path) => statSync(join(base, path)).isFile())
          .map((path) => relative(base, join(base, path)))
      : []
  const a = new Set(list(fresh))
  const b = new Set(list(committed))
  const differences = []
  for (const path of a) if (!b.has(path)) differences.push(`${path} missing`)
  for (const path of b) if (!a.has(path)) differences.push(`${path} extra`)
  for (const path of a)
    if (b.has(path) && !readFileSync(join(fresh, path)).equals(readFileSync(join(committed, path)))) differences.push(`${path} changed`)
  return differences
}
