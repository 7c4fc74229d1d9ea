import { readdirSync, type Dirent } from 'node:fs'
import { sep } from 'node:path'
import type { Repository } from '@pipeguard/workflow'

const SKIPPED = new Set(['.git', 'node_modules', 'vendor', '.venv', 'target', 'dist'])

/** A path inside a SKIPPED folder (discovery skips only `.git` and `node_modules`). */
const SKIPPED_PATH = new RegExp(`(?:^|/)(?:${[...SKIPPED].map((name) => name.replace('.', '\\.')).join('|')})/`)

const listings = new WeakMap<Repository, string[]>()

/**
 * Files below the repository's root whose name passes `accept`, as `/`-separated relative paths, sorted; symlinks
 * are not followed. One walk of the tree serves every rule that runs over the same repository model.
 */
export function findFiles(repository: Repository, accept: (name: string) => boolean): string[] {
  let files = listings.get(repository)
  if (files === undefined) {
    // the model's discovery already walked the tree: reuse its listing when it kept one
    files = repository.files?.filter((path) => !SKIPPED_PATH.test(path)) ?? walk(repository.root)
    listings.set(repository, files)
  }
  return files.filter((path) => accept(path.slice(path.lastIndexOf('/') + 1)))
}

function walk(root: string, maxFiles = 50_000): string[] {
  const found: string[] = []
  let seen = 0
  // relative paths are built while walking (`prefix` ends with `/`): path.relative and join per entry cost more
  const visit = (folder: string, prefix: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (++seen > maxFiles) return
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) visit(`${folder}${sep}${entry.name}`, `${prefix}${entry.name}/`)
      } else if (entry.isFile()) found.push(prefix + entry.name)
    }
  }
  visit(root, '')
  return found.sort()
}

export function isDockerfile(name: string): boolean {
  return name === 'Dockerfile' || name === 'Containerfile' || /^Dockerfile\.[\w.-]+$/.test(name) || /\.(Dockerfile|dockerfile)$/.test(name)
}
