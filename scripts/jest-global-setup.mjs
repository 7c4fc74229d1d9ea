// Before any test: the command line bundle the end-to-end tests run must match the compiled packages (a no-op when
// it does; scripts/build-cli.mjs rebuilds it otherwise).
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export default function bundleCommandLine() {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'build-cli.mjs')
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error('the command line bundle could not be built (scripts/build-cli.mjs)')
}
