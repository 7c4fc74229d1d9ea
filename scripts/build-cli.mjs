// Bundles the command line (packages/cli/dist/bin.js, compiled by tsc) with ncc into packages/cli/bundle/: one file
// for start-up plus one chunk per command, so that a command still loads only its own engine. Resolving and compiling
// ~150 separate modules was about half of a small run's time (`pipeguard pin` on an empty folder: 0.18 s -> 0.09 s CPU).
// Skipped when the bundle is newer than every compiled file and installed package it is built from; written to a
// temporary folder and renamed into place, so an interrupted build never leaves half a bundle.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'packages/cli')
const bundle = join(cli, 'bundle')
const stamp = join(bundle, '.built')

function newestMtime(folder) {
  if (!existsSync(folder)) return 0
  let newest = 0
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.(c|m)?js$/.test(entry.name)) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

const inputs = [
  ...readdirSync(join(root, 'packages')).flatMap((name) => [
    join(root, 'packages', name, 'dist'),
    join(root, 'packages', name, 'validators'),
  ]),
]
const newestInput = Math.max(...inputs.map(newestMtime), statSync(join(root, 'pnpm-lock.yaml')).mtimeMs)
if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput && !process.argv.includes('--force')) process.exit(0)

const output = mkdtempSync(join(cli, '.bundle-'))
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js')
const result = spawnSync(process.execPath, [ncc, 'build', join(cli, 'dist/bin.js'), '-o', output, '--quiet', '--no-source-map-register'], {
  cwd: cli,
  stdio: ['ignore', 'inherit', 'inherit'],
})
if (result.status !== 0) {
  rmSync(output, { recursive: true, force: true })
  console.error('build-cli: ncc failed to bundle packages/cli/dist/bin.js')
  process.exit(1)
}
writeFileSync(join(output, '.built'), '')
rmSync(bundle, { recursive: true, force: true })
renameSync(output, bundle)
console.log('build-cli: bundled packages/cli/bundle/index.js')
