import { readdirSync, type Dirent } from 'node:fs'
import { join, relative, sep } from 'node:path'

const SKIPPED = new Set(['.git', 'node_modules', 'vendor', '.venv', 'target', 'dist'])

/** Files below `root` whose name passes `accept`, as `/`-separated relative paths, sorted; symlinks are not followed. */
export function findFiles(root: string, accept: (name: string) => boolean, maxFiles = 20_000): string[] {
  const found: string[] = []
  let seen = 0
  const visit = (folder: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (++seen > maxFiles) return
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) visit(join(folder, entry.name))
      } else if (entry.isFile() && accept(entry.name)) found.push(relative(root, join(folder, entry.name)).split(sep).join('/'))
    }
  }
  visit(root)
  return found.sort()
}

export function isDockerfile(name: string): boolean {
  return name === 'Dockerfile' || name === 'Containerfile' || /^Dockerfile\.[\w.-]+$/.test(name) || /\.(Dockerfile|dockerfile)$/.test(name)
}
