/**
 * The common shape every lockfile reader returns. The SBOM engine turns it into CycloneDX components, and the
 * dependency scan reads the same graph to ask OSV about each (ecosystem, name, version).
 */

/** Ecosystems as OSV and the purl spec name them (`purlType` is the purl type). */
export type Ecosystem = 'npm' | 'pypi' | 'golang' | 'cargo' | 'gem' | 'composer' | 'maven' | 'github-actions'

export const PURL_TYPES: Record<Ecosystem, string> = {
  npm: 'npm',
  pypi: 'pypi',
  golang: 'golang',
  cargo: 'cargo',
  gem: 'gem',
  composer: 'composer',
  maven: 'maven',
  // GitHub's dependency graph names workflow actions pkg:githubactions/owner/repo@ref (package-url/purl-spec#243).
  'github-actions': 'githubactions',
}

/** A hash as CycloneDX wants it: algorithm name and lowercase hex. */
export interface PackageHash {
  alg: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5'
  content: string
}

/** Where a package comes from; `workspace` and `local` are the project's own code, not third-party. */
export type PackageSource = 'registry' | 'git' | 'url' | 'local' | 'workspace'

export interface LockedPackage {
  /** purl without qualifiers: the identity a package is deduplicated by, and its bom-ref. */
  id: string
  ecosystem: Ecosystem
  /** `@scope`, a Go module path prefix, a Maven group, a composer vendor, a GitHub owner; undefined when none. */
  namespace: string | undefined
  name: string
  version: string
  /** purl qualifiers (`vcs_url`, `download_url`, ...). */
  qualifiers?: Record<string, string>
  source: PackageSource
  /** Only reachable through development dependencies (never installed in production). */
  dev: boolean
  /** Only reachable through optional dependencies. */
  optional: boolean
  hashes: PackageHash[]
  /** SPDX ids or expressions as the lockfile states them. */
  licenses: string[]
  /** ids of the packages this one depends on (every id is in the graph). */
  dependencies: string[]
  /** Extra facts worth keeping (`name` -> value), e.g. artifact hashes of several wheels, platforms, a git commit. */
  properties: [string, string][]
}

/** A problem found in a lockfile: it becomes a finding at that line. */
export interface LockfileProblem {
  rule: 'sbom-lockfile-invalid' | 'sbom-lockfile-unsupported' | 'sbom-unpinned-requirement' | 'sbom-dangling-dependency'
  message: string
  line: number
  column?: number
  endColumn?: number
  snippet?: string
}

export interface PackageGraph {
  ecosystem: Ecosystem
  /** The lockfile, relative to the scanned root, with `/`. */
  lockfile: string
  /** `npm-v3`, `pnpm-9.0`, `yarn-berry`, `requirements`, ... */
  format: string
  /** Every package, deduplicated by id, sorted by id. Workspace members are packages with source `workspace`. */
  packages: LockedPackage[]
  /** ids the project itself depends on directly (the root importer and every workspace member). */
  direct: string[]
  problems: LockfileProblem[]
}

/** What a reader gets: the lockfile's text and a way to read files beside it (package.json, go.mod, ...). */
export interface ReadContext {
  /** Relative path of the lockfile from the scanned root. */
  path: string
  /** Text of a file relative to the lockfile's folder, or undefined when absent. */
  readSibling(relative: string): string | undefined
}

export type LockfileReader = (text: string, context: ReadContext) => PackageGraph
