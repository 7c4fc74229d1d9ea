import type { Ecosystem, LockedPackage, LockfileProblem, PackageGraph, PackageHash, PackageSource } from './package-graph.js'
import { purlOf } from './purl.js'

export interface PackageInput {
  namespace?: string | undefined
  name: string
  version: string
  qualifiers?: Record<string, string>
  source?: PackageSource
  dev?: boolean
  optional?: boolean
  hashes?: PackageHash[]
  licenses?: string[]
  properties?: [string, string][]
}

export interface GraphBuilder {
  /** Adds a package or merges it into the one with the same purl; returns its id. */
  add(input: PackageInput): string
  has(id: string): boolean
  depend(from: string, to: string): void
  direct(id: string): void
  problem(problem: LockfileProblem): void
  /**
   * For lockfiles without dev/optional flags: a package is dev when no production root reaches it, optional when
   * only optional edges reach it from production roots.
   */
  markByReachability(production: readonly string[], development: readonly string[]): void
  build(): PackageGraph
}

export function createGraphBuilder(ecosystem: Ecosystem, lockfile: string, format: string): GraphBuilder {
  const packages = new Map<string, LockedPackage>()
  const edges = new Map<string, Set<string>>()
  const direct = new Set<string>()
  const problems: LockfileProblem[] = []
  // Lockfiles name the same package many times (pnpm peer variants, yarn descriptors): build each purl once.
  const purls = new Map<string, string>()

  return {
    add(input) {
      const qualifiers = input.qualifiers !== undefined && Object.keys(input.qualifiers).length > 0 ? input.qualifiers : undefined
      const key = `${input.namespace ?? ''}\0${input.name}\0${input.version}`
      let id = purls.get(key)
      if (id === undefined) {
        id = purlOf(ecosystem, input.namespace, input.name, input.version === '' ? undefined : input.version)
        purls.set(key, id)
      }
      const existing = packages.get(id)
      if (existing === undefined) {
        const pkg: LockedPackage = {
          id,
          ecosystem,
          namespace: input.namespace,
          name: input.name,
          version: input.version,
          source: input.source ?? 'registry',
          dev: input.dev ?? false,
          optional: input.optional ?? false,
          hashes: input.hashes === undefined ? [] : [...input.hashes],
          licenses: input.licenses === undefined ? [] : [...input.licenses],
          dependencies: [],
          properties: input.properties === undefined ? [] : [...input.properties],
        }
        if (qualifiers !== undefined) pkg.qualifiers = qualifiers
        packages.set(id, pkg)
        edges.set(id, new Set())
        return id
      }
      existing.dev &&= input.dev ?? false
      existing.optional &&= input.optional ?? false
      for (const hash of input.hashes ?? []) {
        if (!existing.hashes.some((known) => known.alg === hash.alg)) existing.hashes.push(hash)
      }
      for (const license of input.licenses ?? []) if (!existing.licenses.includes(license)) existing.licenses.push(license)
      for (const property of input.properties ?? []) {
        if (!existing.properties.some(([name, value]) => name === property[0] && value === property[1])) existing.properties.push(property)
      }
      return id
    },
    has(id) {
      return packages.has(id)
    },
    depend(from, to) {
      if (from !== to) edges.get(from)?.add(to)
    },
    direct(id) {
      direct.add(id)
    },
    problem(problem) {
      problems.push(problem)
    },
    markByReachability(production, development) {
      const reach = (roots: readonly string[]): Set<string> => {
        const seen = new Set<string>()
        const stack = roots.filter((id) => packages.has(id))
        while (stack.length > 0) {
          const id = stack.pop()!
          if (seen.has(id)) continue
          seen.add(id)
          for (const next of edges.get(id) ?? []) if (!seen.has(next)) stack.push(next)
        }
        return seen
      }
      const productionReach = reach(production)
      const developmentReach = reach(development)
      for (const [id, pkg] of packages) {
        if (pkg.source === 'workspace') continue
        pkg.dev = !productionReach.has(id) && developmentReach.has(id)
      }
    },
    build() {
      const sorted = [...packages.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      for (const pkg of sorted) {
        pkg.dependencies = [...(edges.get(pkg.id) ?? [])].filter((id) => packages.has(id)).sort()
        pkg.hashes.sort((a, b) => (a.alg < b.alg ? -1 : 1))
        pkg.licenses.sort()
        pkg.properties.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
      }
      return {
        ecosystem,
        lockfile,
        format,
        packages: sorted,
        direct: [...direct].filter((id) => packages.has(id)).sort(),
        problems: problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)),
      }
    },
  }
}

/** 1-based line of the first occurrence of `needle` in `text` (1 when absent). */
export function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from)
  if (at === -1) return 1
  let line = 1
  for (let index = text.indexOf('\n'); index !== -1 && index < at; index = text.indexOf('\n', index + 1)) line++
  return line
}

/** The graph of a lockfile that does not parse: nothing in it, and one `sbom-lockfile-invalid` problem at the error. */
export function unparsedLockfile(
  builder: GraphBuilder,
  path: string,
  syntax: 'JSON' | 'TOML',
  failure: { error: string; line: number; column: number },
): PackageGraph {
  builder.problem({
    rule: 'sbom-lockfile-invalid',
    message: `${path} is not valid ${syntax}: ${failure.error}`,
    line: failure.line,
    column: failure.column,
  })
  return builder.build()
}
