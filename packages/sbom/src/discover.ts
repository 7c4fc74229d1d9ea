import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** What kind of lockfile a file is, by name. */
export type LockfileKind =
  | 'npm'
  | 'pnpm'
  | 'yarn'
  | 'requirements'
  | 'poetry'
  | 'uv'
  | 'pipenv'
  | 'go-sum'
  | 'go-mod'
  | 'cargo'
  | 'gem'
  | 'composer'
  | 'gradle'
  | 'maven'

export interface FoundLockfile {
  kind: LockfileKind
  /** Relative to the scanned root, with `/`. */
  path: string
}

const SKIP = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.yarn',
  '.pnpm-store',
  'vendor',
  '.venv',
  'venv',
  '__pycache__',
  'target',
  '.tox',
  '.gradle',
])

function kindOf(name: string, folder: string, siblings: Set<string>): LockfileKind | undefined {
  switch (name) {
    case 'npm-shrinkwrap.json':
      return 'npm'
    case 'package-lock.json':
      // npm ignores package-lock.json when npm-shrinkwrap.json is present.
      return siblings.has('npm-shrinkwrap.json') ? undefined : 'npm'
    case 'pnpm-lock.yaml':
      return 'pnpm'
    case 'yarn.lock':
      return 'yarn'
    case 'poetry.lock':
      return 'poetry'
    case 'uv.lock':
      return 'uv'
    case 'Pipfile.lock':
      return 'pipenv'
    case 'go.sum':
      return 'go-sum'
    case 'go.mod':
      return siblings.has('go.sum') ? undefined : 'go-mod'
    case 'Cargo.lock':
      return 'cargo'
    case 'Gemfile.lock':
    case 'gems.locked':
      return 'gem'
    case 'composer.lock':
      return 'composer'
    case 'gradle.lockfile':
      return 'gradle'
    case 'pom.xml':
      return 'maven'
  }
  if (/\.txt$/.test(name) && (/requirements/i.test(name) || /(^|\/)requirements$/i.test(folder))) return 'requirements'
  if (/\.lockfile$/.test(name) && /(^|\/)gradle\/dependency-locks$/.test(folder)) return 'gradle'
  return undefined
}

/** Every lockfile below `root` (not following symbolic links, skipping installed dependencies), sorted by path. */
export function discoverLockfiles(root: string): FoundLockfile[] {
  const found: FoundLockfile[] = []
  const walk = (relative: string): void => {
    let entries
    try {
      entries = readdirSync(relative === '' ? root : join(root, relative), { withFileTypes: true })
    } catch {
      return
    }
    const names = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name))
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(path)
      } else if (entry.isFile()) {
        const kind = kindOf(entry.name, relative, names)
        if (kind !== undefined) found.push({ kind, path })
      }
    }
  }
  walk('')
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
