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
  return discoverProject(root).lockfiles
}

/** What one walk of a tree finds: its lockfiles, and whether it has files the workflow model would read. */
export interface DiscoveredProject {
  lockfiles: FoundLockfile[]
  /**
   * True when the tree holds a `.github/workflows/*.y(a)ml` or an `action.y(a)ml` anywhere the workflow package's
   * discovery looks (every folder but `.git` and `node_modules`, links included): without one its repository model
   * is empty, so the SBOM needs neither that package nor a second walk.
   */
  workflowFiles: boolean
  /**
   * Every regular file the walk reached, relative with `/`: through real folders only (linked folders are never
   * entered), so each is inside the tree without resolving links; readers read sibling files by this.
   */
  files: Set<string>
}

const WORKFLOW_SKIP = new Set(['.git', 'node_modules'])

/** Lockfiles (as discoverLockfiles) and whether workflow or action files exist, in one walk of the tree. */
export function discoverProject(root: string): DiscoveredProject {
  const lockfiles: FoundLockfile[] = []
  const files = new Set<string>()
  let workflowFiles = false
  // `installed` is set below the folders lockfile discovery skips (vendor, target, ...): the walk still enters them,
  // as the workflow package does, only to look for action metadata.
  const walk = (relative: string, installed: boolean): void => {
    let entries
    try {
      entries = readdirSync(relative === '' ? root : join(root, relative), { withFileTypes: true })
    } catch {
      return
    }
    const workflowsFolder = relative === '.github/workflows'
    let names: Set<string> | undefined
    for (const entry of entries) {
      const name = entry.name
      if (!workflowFiles && (name === 'action.yml' || name === 'action.yaml' || (workflowsFolder && /\.ya?ml$/.test(name)))) {
        workflowFiles = true
      }
      const path = relative === '' ? name : `${relative}/${name}`
      if (entry.isDirectory()) {
        if (WORKFLOW_SKIP.has(name)) continue
        const skipped = installed || SKIP.has(name)
        if (!skipped || !workflowFiles) walk(path, skipped)
      } else if (entry.isFile()) {
        files.add(path)
        if (installed) continue
        names ??= new Set(entries.filter((candidate) => candidate.isFile()).map((candidate) => candidate.name))
        const kind = kindOf(name, relative, names)
        if (kind !== undefined) lockfiles.push({ kind, path })
      }
    }
  }
  walk('', false)
  return { lockfiles: lockfiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), workflowFiles, files }
}
