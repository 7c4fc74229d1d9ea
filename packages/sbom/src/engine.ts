import { readFileSync, realpathSync, statSync } from 'node:fs'
import { basename, join, posix, resolve, sep } from 'node:path'
import { activeRule, makeFinding, type Finding, type Policy, type RuleMeta } from '@pipeguard/policy'
import type { Repository } from '@pipeguard/workflow'
import { buildBom, type BomFormat, type SpecVersion } from './bom.js'
import { discoverProject, type FoundLockfile, type LockfileKind } from './discover.js'
import { createGraphBuilder } from './graph-builder.js'
import { FULL_YAML_PARSER_NEEDED, loadFullYamlParser } from './lockfile-yaml.js'
import { readWorkflowActions } from './lockfiles/github-actions.js'
import { loadTomlParser, TOML_PARSER_NEEDED } from './lockfiles/toml-text.js'
import type { Ecosystem, LockfileReader, PackageGraph } from './package-graph.js'
import { projectIdentity } from './project.js'
import { loadPurlLibrary, PURL_LIBRARY_NEEDED } from './purl.js'
import { sbomRules } from './rules.js'

// Each reader loads with the first lockfile of its kind: a tree of one kind never loads the other twelve.
const READERS: Record<Exclude<LockfileKind, 'maven'>, () => Promise<LockfileReader>> = {
  npm: async () => (await import('./lockfiles/npm.js')).readNpmLockfile,
  pnpm: async () => (await import('./lockfiles/pnpm.js')).readPnpmLockfile,
  yarn: async () => (await import('./lockfiles/yarn.js')).readYarnLockfile,
  requirements: async () => (await import('./lockfiles/requirements.js')).readRequirements,
  poetry: async () => (await import('./lockfiles/poetry.js')).readPoetryLock,
  uv: async () => (await import('./lockfiles/uv.js')).readUvLock,
  pipenv: async () => (await import('./lockfiles/pipenv.js')).readPipfileLock,
  'go-sum': async () => (await import('./lockfiles/go.js')).readGoSum,
  'go-mod': async () => (await import('./lockfiles/go.js')).readGoMod,
  cargo: async () => (await import('./lockfiles/cargo.js')).readCargoLock,
  gem: async () => (await import('./lockfiles/gem.js')).readGemfileLock,
  composer: async () => (await import('./lockfiles/composer.js')).readComposerLock,
  gradle: async () => (await import('./lockfiles/gradle.js')).readGradleLockfile,
}

const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024

export interface SbomOptions {
  specVersion?: SpecVersion
  bomFormat?: BomFormat
  /** Keep dev-only components as `scope: excluded` (default); false leaves them out. */
  includeDev?: boolean
  /** One BOM per folder holding a lockfile instead of one for the whole tree. */
  perProject?: boolean
  /** metadata.timestamp; see timestampFromEnvironment. Omitted by default for reproducible bytes. */
  timestamp?: Date
  toolVersion?: string
  /**
   * The workflow model when the caller already loaded it, or a function that loads it, called only when the tree has
   * workflow or action files (default: the workflow package's loadRepository, loaded on demand likewise).
   */
  repository?: RepositorySource
}

/** A workflow model, or what loads it when needed. */
export type RepositorySource = Repository | (() => Repository | Promise<Repository>)

export interface SbomDocument {
  /** The folder the BOM describes, relative to the root (`.` for the whole tree). */
  project: string
  text: string
  components: number
  ecosystems: Partial<Record<Ecosystem, number>>
  serialNumber: string
}

export interface SbomResult {
  findings: Finding[]
  graphs: PackageGraph[]
  documents: SbomDocument[]
  format: BomFormat
  specVersion: SpecVersion
}

/** `SOURCE_DATE_EPOCH` (seconds) as a Date, per reproducible-builds.org; undefined when unset or not a number. */
export function timestampFromEnvironment(env: Record<string, string | undefined>): Date | undefined {
  const value = env.SOURCE_DATE_EPOCH
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined
  return new Date(Number(value.trim()) * 1000)
}

/** Reads every lockfile below `root` (and the workflows' actions) into package graphs; never throws for bad content. */
export async function readProjectGraphs(root: string, repository?: RepositorySource): Promise<PackageGraph[]> {
  const graphs: PackageGraph[] = []
  const realRoot = realpathSync.native(root)
  const { lockfiles, workflowFiles, files } = discoverProject(root)
  for (const found of lockfiles) {
    const reader = found.kind === 'maven' ? undefined : await READERS[found.kind]()
    graphs.push(await withLibraries(() => readLockfile(root, realRoot, files, found, reader)))
  }
  // Without workflow or action files the model is empty: neither the workflow package nor the reader is loaded.
  if (typeof repository === 'object' || workflowFiles) {
    const model =
      typeof repository === 'object'
        ? repository
        : typeof repository === 'function'
          ? await repository()
          : (await import('@pipeguard/workflow')).loadRepository(root)
    const actions = await withLibraries(() => readWorkflowActions(model))
    if (actions.packages.length > 0) graphs.push(actions)
  }
  return graphs
}

/** Runs a reader; one that needs a library the fast paths avoid runs again once that library is loaded. */
async function withLibraries<T>(read: () => T): Promise<T> {
  for (;;) {
    try {
      return read()
    } catch (error) {
      if (error === FULL_YAML_PARSER_NEEDED) await loadFullYamlParser()
      else if (error === PURL_LIBRARY_NEEDED) await loadPurlLibrary()
      else if (error === TOML_PARSER_NEEDED) await loadTomlParser()
      else throw error
    }
  }
}

function readLockfile(
  root: string,
  realRoot: string,
  files: ReadonlySet<string>,
  found: FoundLockfile,
  reader: LockfileReader | undefined,
): PackageGraph {
  const absolute = join(root, found.path)
  const ecosystem: Ecosystem =
    found.kind === 'maven' || found.kind === 'gradle'
      ? 'maven'
      : ['requirements', 'poetry', 'uv', 'pipenv'].includes(found.kind)
        ? 'pypi'
        : found.kind.startsWith('go')
          ? 'golang'
          : found.kind === 'cargo'
            ? 'cargo'
            : found.kind === 'gem'
              ? 'gem'
              : found.kind === 'composer'
                ? 'composer'
                : 'npm'
  if (found.kind === 'maven' || reader === undefined) {
    const builder = createGraphBuilder('maven', found.path, 'maven')
    builder.problem({
      rule: 'sbom-lockfile-unsupported',
      message: `${found.path} lists Maven dependencies without resolving them, and pipeguard does not run Maven: the SBOM leaves them out; generate one with the CycloneDX Maven plugin, or use Gradle dependency locking`,
      line: 1,
    })
    return builder.build()
  }
  const size = statSync(absolute).size
  if (size > MAX_LOCKFILE_BYTES) {
    const builder = createGraphBuilder(ecosystem, found.path, found.kind)
    builder.problem({
      rule: 'sbom-lockfile-invalid',
      message: `${found.path} is ${size} bytes, over the ${MAX_LOCKFILE_BYTES}-byte limit; it was not read`,
      line: 1,
    })
    return builder.build()
  }
  const folder = posix.dirname(found.path)
  const readSibling = (relative: string): string | undefined => {
    const target = resolve(root, folder, relative)
    if (!(target + sep).startsWith(root + sep)) return undefined
    // A file the walk reached is inside the tree with no link on the way: no realpath needed (a workspace lockfile
    // reads one manifest per member).
    if (
      files.has(
        target
          .slice(root.length + 1)
          .split(sep)
          .join('/'),
      )
    ) {
      try {
        return readFileSync(target, 'utf8')
      } catch {
        return undefined
      }
    }
    let real: string
    try {
      // One realpath(3) call instead of an lstat per path segment (a workspace lockfile reads a manifest per member).
      real = realpathSync.native(target)
    } catch {
      return undefined
    }
    // A symbolic link may not lead a reader outside the scanned folder.
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return undefined
    try {
      return readFileSync(real, 'utf8')
    } catch {
      return undefined
    }
  }
  const text = readFileSync(absolute, 'utf8')
  try {
    return reader(text, { path: found.path, readSibling })
  } catch (error) {
    if (error === FULL_YAML_PARSER_NEEDED || error === PURL_LIBRARY_NEEDED || error === TOML_PARSER_NEEDED) throw error
    // A reader bug must not produce a silently incomplete SBOM: fail closed with a finding on the file.
    const builder = createGraphBuilder(ecosystem, found.path, found.kind)
    builder.problem({ rule: 'sbom-lockfile-invalid', message: `${found.path} could not be read: ${(error as Error).message}`, line: 1 })
    return builder.build()
  }
}

/** The lockfile problems as findings, at the level the policy sets for each rule (none for rules turned off). */
export function graphFindings(graphs: readonly PackageGraph[], policy: Policy, rules: readonly RuleMeta[] = sbomRules): Finding[] {
  const findings: Finding[] = []
  for (const graph of graphs) {
    for (const problem of graph.problems) {
      const meta = rules.find((rule) => rule.id === problem.rule)
      const active = meta === undefined ? undefined : activeRule(policy, meta)
      if (active === undefined) continue
      const column = problem.column ?? 1
      findings.push(
        makeFinding({
          ruleId: problem.rule,
          level: active.level,
          message: problem.message,
          path: graph.lockfile,
          span: { line: problem.line, column, endLine: problem.line, endColumn: problem.endColumn ?? column },
          snippet: problem.snippet ?? problem.message,
        }),
      )
    }
  }
  return findings
}

/**
 * The SBOM engine: lockfiles and workflows below `root` -> validated CycloneDX documents (one, or one per project
 * folder) plus findings for lockfiles it could not read completely.
 */
export async function generateSbom(root: string, policy: Policy, options: SbomOptions = {}): Promise<SbomResult> {
  const specVersion = options.specVersion ?? '1.6'
  const bomFormat = options.bomFormat ?? 'json'
  const graphs = await readProjectGraphs(root, options.repository)
  const bomOptions = {
    specVersion,
    bomFormat,
    includeDev: options.includeDev ?? true,
    timestamp: options.timestamp,
    toolVersion: options.toolVersion ?? '0.0.0',
  }
  const documents: SbomDocument[] = []
  if (options.perProject === true) {
    const byFolder = new Map<string, PackageGraph[]>()
    for (const graph of graphs) {
      const folder = graph.ecosystem === 'github-actions' ? '.' : posix.dirname(graph.lockfile)
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), graph])
    }
    for (const [folder, list] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const identity = await withLibraries(() =>
        projectIdentity(join(root, folder), folder === '.' ? basename(root) : posix.basename(folder)),
      )
      documents.push({
        project: folder,
        ...(await buildBom(
          list.map((graph) => rebase(graph, folder)),
          identity,
          bomOptions,
        )),
      })
    }
  } else {
    const identity = await withLibraries(() => projectIdentity(root))
    documents.push({ project: '.', ...(await buildBom(graphs, identity, bomOptions)) })
  }
  return { findings: graphFindings(graphs, policy), graphs, documents, format: bomFormat, specVersion }
}

/** A graph as seen from its own project folder, so root-workspace detection works per project. */
function rebase(graph: PackageGraph, folder: string): PackageGraph {
  if (folder === '.' || graph.ecosystem === 'github-actions') return graph
  return { ...graph, lockfile: graph.lockfile.slice(folder.length + 1) }
}
