import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The pipeguard checkout this code runs from: the folder holding pnpm-workspace.yaml. */
export function repositoryRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(folder, 'pnpm-workspace.yaml'))) {
    const parent = dirname(folder)
    if (parent === folder) throw new Error('not inside the pipeguard repository')
    folder = parent
  }
  return folder
}

/** The built command line as users run it: the ncc bundle that `pnpm build` makes (scripts/build-cli.mjs). */
export function cliPath(): string {
  return join(repositoryRoot(), 'packages/cli/bundle/index.js')
}
