import { posix } from 'node:path'
import { createGraphBuilder, lineOf, type GraphBuilder } from '../graph-builder.js'
import { hashesFromIntegrity } from '../hashes.js'
import type { YamlValue } from '../lockfile-yaml.js'
import type { LockfileReader, ReadContext } from '../package-graph.js'
import { splitNpmName } from '../purl.js'
import { readManifest } from './json-text.js'
import { mapOf, textOf, yamlDocuments } from './yaml-document.js'

type Dialect = 'v5' | 'v6' | 'v9'

/**
 * `pnpm-lock.yaml` 5.x (`/name/1.0.0_peer`), 6.x (`/name@1.0.0(peer)`) and 9.x (`name@1.0.0` packages plus
 * `snapshots`), including the two-document form (the project's lockfile is the last document). Peer-dependency
 * variants of one name@version become one component whose edges are the union of the variants'.
 */
export const readPnpmLockfile: LockfileReader = (text, context) => {
  const probe = createGraphBuilder('npm', context.path, 'pnpm')
  const documents = yamlDocuments(text, context.path, probe)
  if (documents === undefined) return probe.build()
  const lock = mapOf(documents[documents.length - 1])
  const version = textOf(lock.lockfileVersion) ?? ''
  const major = Number.parseInt(version, 10)
  const dialect: Dialect | undefined = major === 5 ? 'v5' : major === 6 || major === 7 ? 'v6' : major === 9 ? 'v9' : undefined
  const builder = createGraphBuilder('npm', context.path, `pnpm-${version}`)
  if (dialect === undefined) {
    builder.problem({
      rule: 'sbom-lockfile-unsupported',
      message: `${context.path} has lockfileVersion '${version}'; pipeguard reads pnpm lockfiles 5.x, 6.x and 9.x — regenerate it with pnpm 7 or later`,
      line: lineOf(text, 'lockfileVersion'),
    })
    return builder.build()
  }
  const packages = mapOf(lock.packages)
  const snapshots = dialect === 'v9' ? mapOf(lock.snapshots) : packages
  const ids = new Map<string, string | undefined>()
  const idOf = (key: string): string | undefined => {
    if (ids.has(key)) return ids.get(key)
    const packageKey = dialect === 'v9' ? stripPeers(key) : key
    const entry = mapOf(packages[packageKey])
    const id = addPackage(builder, packageKey, entry, dialect, mapOf(snapshots[key]).optional === 'true' || entry.optional === 'true')
    ids.set(key, id)
    return id
  }
  for (const key of Object.keys(snapshots)) idOf(key)

  const importers = lock.importers !== undefined ? mapOf(lock.importers) : { '.': lock }
  const workspaces = new Map<string, string>()
  for (const path of Object.keys(importers)) {
    if (path === '.') continue
    workspaces.set(path, addWorkspace(builder, path, context))
  }
  const refToKey = (name: string, ref: string): string | undefined => {
    if (dialect === 'v5') {
      if (ref.startsWith('/')) return ref
      return /^\d/.test(ref) ? `/${name}/${ref}` : ref
    }
    if (dialect === 'v6') {
      if (ref.startsWith('/')) return ref
      return /^\d/.test(ref) ? `/${name}@${ref}` : snapshots[`/${name}@${ref}`] !== undefined ? `/${name}@${ref}` : ref
    }
    if (/^\d/.test(ref) || snapshots[`${name}@${ref}`] !== undefined) return `${name}@${ref}`
    return ref
  }
  const problems = new Set<string>()
  const edge = (from: string | undefined, fromPath: string | undefined, name: string, ref: string): string | undefined => {
    let target: string | undefined
    if (ref.startsWith('link:')) {
      target = fromPath === undefined ? undefined : workspaces.get(posix.join(fromPath, ref.slice(5)))
    } else {
      const key = refToKey(name, ref)
      if (key !== undefined && (snapshots[key] !== undefined || packages[key] !== undefined)) target = idOf(key)
      else if (key !== undefined && !ref.startsWith('file:') && !problems.has(key)) {
        problems.add(key)
        builder.problem({
          rule: 'sbom-dangling-dependency',
          message: `${name}@${ref} is referenced but ${context.path} has no entry for it; run pnpm install to repair the lockfile`,
          line: lineOf(text, ` ${name}: ${ref}`),
        })
      }
    }
    if (target !== undefined && from !== undefined) builder.depend(from, target)
    return target
  }
  for (const key of Object.keys(snapshots)) {
    const from = idOf(key)
    if (from === undefined) continue
    const snapshot = mapOf(snapshots[key])
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      for (const [name, ref] of Object.entries(mapOf(snapshot[field]))) if (typeof ref === 'string') edge(from, undefined, name, ref)
    }
  }
  const production: string[] = []
  const development: string[] = []
  for (const [path, importer] of Object.entries(importers)) {
    const owner = workspaces.get(path)
    if (owner !== undefined) builder.direct(owner)
    for (const field of ['dependencies', 'optionalDependencies', 'devDependencies'] as const) {
      for (const [name, value] of Object.entries(mapOf(mapOf(importer)[field]))) {
        const ref = typeof value === 'string' ? value : textOf(mapOf(value).version)
        if (ref === undefined) continue
        const target = edge(owner, path, name, ref)
        if (target === undefined) continue
        if (owner === undefined) builder.direct(target)
        ;(field === 'devDependencies' ? development : production).push(target)
      }
    }
  }
  builder.markByReachability(production, development)
  return builder.build()
}

function stripPeers(key: string): string {
  const paren = key.indexOf('(', 1)
  return paren === -1 ? key : key.slice(0, paren)
}

/** name and version from a package key of any dialect. */
function nameAndVersion(key: string, dialect: Dialect): { name: string; version: string } | undefined {
  const bare = key.startsWith('/') ? key.slice(1) : key
  if (dialect === 'v5') {
    const parts = bare.split('/')
    const scoped = parts[0]!.startsWith('@')
    const name = scoped ? `${parts[0]}/${parts[1]}` : parts[0]!
    const version = parts[scoped ? 2 : 1]
    if (version === undefined) return undefined
    const underscore = version.indexOf('_')
    return { name, version: underscore === -1 ? version : version.slice(0, underscore) }
  }
  const plain = stripPeers(bare)
  const at = plain.lastIndexOf('@')
  if (at <= 0) return undefined
  return { name: plain.slice(0, at), version: plain.slice(at + 1) }
}

function addPackage(
  builder: GraphBuilder,
  key: string,
  entry: { [key: string]: YamlValue },
  dialect: Dialect,
  optional: boolean,
): string | undefined {
  const resolution = mapOf(entry.resolution)
  if (resolution.directory !== undefined || key.includes('file:') || key.includes('link:')) return undefined
  const parsed = nameAndVersion(key, dialect)
  const name = textOf(entry.name) ?? parsed?.name
  let version = textOf(entry.version) ?? parsed?.version
  if (name === undefined || version === undefined) return undefined
  const properties: [string, string][] = []
  let source: 'registry' | 'git' | 'url' = 'registry'
  let qualifiers: Record<string, string> | undefined
  const commit = textOf(resolution.commit)
  if (textOf(resolution.type) === 'git' || commit !== undefined) {
    source = 'git'
    qualifiers = { vcs_url: `git+${textOf(resolution.repo) ?? ''}` }
    if (commit !== undefined) properties.push(['pipeguard:git-commit', commit])
  } else if (textOf(resolution.tarball) !== undefined && !/^\d/.test(parsed?.version ?? '')) {
    source = 'url'
    qualifiers = { download_url: textOf(resolution.tarball)! }
  }
  if (!/^\d/.test(version) && textOf(entry.version) === undefined) version = commit ?? version
  const integrity = hashesFromIntegrity(textOf(resolution.integrity) ?? '')
  for (const token of integrity.invalid) properties.push(['pipeguard:unreadable-integrity', token])
  const [namespace, bare] = splitNpmName(name)
  return builder.add({
    namespace,
    name: bare,
    version,
    source,
    optional,
    hashes: integrity.hashes,
    properties,
    ...(qualifiers ? { qualifiers } : {}),
  })
}

function addWorkspace(builder: GraphBuilder, path: string, context: ReadContext): string {
  const manifest = readManifest(context.readSibling(posix.join(path, 'package.json')))
  const [namespace, name] = splitNpmName(manifest?.name ?? posix.basename(path))
  return builder.add({
    namespace,
    name,
    version: manifest?.version ?? '',
    source: 'workspace',
    properties: [['pipeguard:workspace-path', path]],
  })
}
