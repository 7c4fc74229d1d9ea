// `pnpm bench`: runs every bench/*.bench.mjs in its own process, one after another, on this machine's Node 24.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const folder = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const benches = readdirSync(folder)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.startsWith(wanted)))
  .sort()
console.log(`node ${process.version}, ${benches.length} benchmark(s)`)
let failed = 0
for (const name of benches) {
  console.log(`\n=== ${name} ===`)
  const result = spawnSync(process.execPath, ['--expose-gc', join(folder, name)], { stdio: 'inherit' })
  if (result.status !== 0) {
    failed++
    console.log(`${name} exited with ${result.status}`)
  }
}
process.exit(failed === 0 ? 0 : 1)
