import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs'
import { join, sep } from 'node:path'

export type FileRole = 'workflow' | 'action'

export interface DiscoveredFile {
  /** Relative to the root, with `/`. */
  path: string
  absolute: string
  role: FileRole
  /** Set when the file must not be read (a symlink leaving the root). */
  problem?: string
}

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules'])
const WORKFLOW_FILE = /\.ya?ml$/
const ACTION_FILE = /^action\.ya?ml$/

/**
 * Finds workflows exactly where GitHub looks (`.github/workflows/*.yml|yaml`, top level only) and action metadata
 * (`action.yml|yaml`) anywhere below the root, skipping `.git` and `node_modules`. Symbolic links to files are
 * followed only while they stay inside the root; linked folders are never entered. Sorted by path. `allFiles`, when
 * given, receives the relative path of every regular file the walk sees (symbolic links excluded), unsorted: engines
 * that look for other files (Dockerfiles, manifests) need not walk the tree again.
 */
export function discoverFiles(root: string, allFiles?: string[]): DiscoveredFile[] {
  const realRoot = realpathSync.native(root)
  const found: DiscoveredFile[] = []
  // The relative path is built while walking (`prefix` is the folder's, with a final `/`): path.relative and join for
  // every entry were a visible share of loading a repository.
  const visit = (folder: string, prefix: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const absolute = prefix === '' ? join(folder, entry.name) : `${folder}${sep}${entry.name}`
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) visit(absolute, `${prefix}${entry.name}/`)
        continue
      }
      if (allFiles !== undefined && entry.isFile()) allFiles.push(prefix + entry.name)
      const role = roleOf(prefix, entry.name)
      if (role === undefined) continue
      const path = prefix + entry.name
      const file: DiscoveredFile = { path, absolute, role }
      if (entry.isSymbolicLink()) {
        const problem = symlinkProblem(absolute, realRoot)
        if (problem === 'folder') continue
        if (problem !== undefined) file.problem = problem
      } else if (!entry.isFile()) continue
      found.push(file)
    }
  }
  visit(root, '')
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

function roleOf(folder: string, name: string): FileRole | undefined {
  if (folder === '.github/workflows/' && WORKFLOW_FILE.test(name)) return 'workflow'
  if (ACTION_FILE.test(name)) return 'action'
  return undefined
}

/** Why a symlinked file may not be read, 'folder' for a link to a folder, or undefined when it is fine. */
function symlinkProblem(absolute: string, realRoot: string): string | undefined {
  let target: string
  try {
    target = realpathSync.native(absolute)
  } catch {
    return 'the file is a broken symbolic link'
  }
  const inside = target === realRoot || target.startsWith(realRoot + sep)
  if (!inside) return 'the file is a symbolic link that points outside the repository; it was not read'
  try {
    if (statSync(target).isDirectory()) return 'folder'
  } catch {
    return 'the file is a broken symbolic link'
  }
  return undefined
}

/** True when `path` exists below `root` without any symlink leading out of it. */
export function isInsideRoot(root: string, path: string): boolean {
  try {
    const realRoot = realpathSync.native(root)
    const target = realpathSync.native(path)
    return target === realRoot || target.startsWith(realRoot + sep)
  } catch {
    return false
  }
}

export function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}
