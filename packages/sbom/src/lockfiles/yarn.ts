import { posix } from 'node:path'
import { createGraphBuilder, lineOf, type GraphBuilder } from '../graph-builder.js'
import { hashesFromIntegrity, hashFromHex } from '../hashes.js'
import type { LockfileReader, PackageHash, PackageSource, ReadContext } from '../package-graph.js'
import { splitNpmName } from '../purl.js'
import { readManifest, type Manifest } from './json-text.js'
import { npmSourceOf } from './npm-source.js'
import { mapOf, textOf, yamlDocuments } from './yaml-document.js'

/** `yarn.lock`: the classic v1 format, or berry (v2+, YAML with `__metadata`). */
export const readYarnLockfile: LockfileReader = (text, context) =>
  /^__metadata:/m.test(text) ? readBerry(text, context) : readClassic(text, context)

interface ClassicEntry {
  line: number
  descriptors: string[]
  fields: Record<string, string>
  dependencies: Record<string, string>
  optionalDependencies: Record<string, string>
}

/** Name of `name@range` (the `@` of a scope is not the separator). */
function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1)
  return at === -1 ? descriptor : descriptor.slice(0, at)
}

function unquote(value: string): string {
  const trimmed = value.trim()
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replace(/\\"/g, '"') : trimmed
}

function readClassic(text: string, context: ReadContext) {
  const builder = createGraphBuilder('npm', context.path, 'yarn-v1')
  const entries: ClassicEntry[] = []
  let current: ClassicEntry | undefined
  let section: 'dependencies' | 'optionalDependencies' | undefined
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, '')
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const indent = line.length - line.trimStart().length
    if (indent === 0) {
      if (!line.endsWith(':')) {
        builder.problem({
          rule: 'sbom-lockfile-invalid',
          message: `${context.path} line ${index + 1} is not a yarn v1 entry header (expected "name@range:")`,
          line: index + 1,
        })
        current = undefined
        continue
      }
      current = {
        line: index + 1,
        descriptors: line.slice(0, -1).split(/,\s*/).map(unquote),
        fields: {},
        dependencies: {},
        optionalDependencies: {},
      }
      entries.push(current)
      section = undefined
    } else if (current !== undefined && indent === 2) {
      const body = line.trim()
      if (body.endsWith(':')) {
        const name = body.slice(0, -1)
        section = name === 'dependencies' || name === 'optionalDependencies' ? name : undefined
        continue
      }
      section = undefined
      const space = body.search(/\s/)
      if (space === -1) continue
      current.fields[unquote(body.slice(0, space))] = unquote(body.slice(space + 1))
    } else if (current !== undefined && indent >= 4 && section !== undefined) {
      const body = line.trim()
      const match = /^("(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/.exec(body)
      if (match !== null) current[section][unquote(match[1]!)] = unquote(match[2]!)
    }
  }
  const byDescriptor = new Map<string, string | undefined>()
  const depends: [string, ClassicEntry][] = []
  for (const entry of entries) {
    const version = entry.fields.version
    const name = descriptorName(entry.descriptors[0] ?? '')
    if (version === undefined) {
      builder.problem({
        rule: 'sbom-lockfile-invalid',
        message: `${context.path}: entry ${entry.descriptors.join(', ')} has no version`,
        line: entry.line,
      })
      continue
    }
    const resolved = entry.fields.resolved
    const origin = npmSourceOf(resolved ?? (entry.descriptors[0] ?? '').slice(name.length + 1))
    let id: string | undefined
    if (origin.source !== 'local') {
      const hashes: PackageHash[] = []
      const properties: [string, string][] = []
      if (entry.fields.integrity !== undefined) {
        const integrity = hashesFromIntegrity(entry.fields.integrity)
        hashes.push(...integrity.hashes)
        for (const token of integrity.invalid) properties.push(['pipeguard:unreadable-integrity', token])
      }
      const fragment = resolved?.includes('#') ? resolved.slice(resolved.indexOf('#') + 1) : undefined
      if (origin.source !== 'git' && fragment !== undefined && hashes.every((hash) => hash.alg !== 'SHA-1')) {
        const sha1 = hashFromHex(fragment, 'sha1')
        if (sha1 !== undefined) hashes.push(sha1)
      }
      if (origin.commit !== undefined) properties.push(['pipeguard:git-commit', origin.commit])
      const realName = aliasTarget(entry.descriptors[0] ?? '') ?? name
      const [namespace, bare] = splitNpmName(realName)
      id = builder.add({
        namespace,
        name: bare,
        version,
        source: origin.source,
        hashes,
        properties,
        ...(origin.qualifiers ? { qualifiers: origin.qualifiers } : {}),
      })
      depends.push([id, entry])
    }
    for (const descriptor of entry.descriptors) byDescriptor.set(descriptor, id)
  }
  for (const [id, entry] of depends) {
    for (const [name, range] of [...Object.entries(entry.dependencies), ...Object.entries(entry.optionalDependencies)]) {
      const target = byDescriptor.get(`${name}@${range}`)
      if (target !== undefined) builder.depend(id, target)
      else if (!byDescriptor.has(`${name}@${range}`) && entry.optionalDependencies[name] === undefined) {
        builder.problem({
          rule: 'sbom-dangling-dependency',
          message: `${entry.descriptors[0]} depends on ${name}@${range}, which ${context.path} does not resolve; run yarn install to repair the lockfile`,
          line: entry.line,
        })
      }
    }
  }
  linkRoots(builder, readManifest(context.readSibling('package.json')), undefined, (name, range) => byDescriptor.get(`${name}@${range}`))
  return builder.build()
}

/** `alias@npm:real@^1` -> `real`. */
function aliasTarget(descriptor: string): string | undefined {
  const range = descriptor.slice(descriptorName(descriptor).length + 1)
  const match = /^npm:((?:@[^/]+\/)?[^@]+)@/.exec(range)
  return match === null ? undefined : match[1]
}

/** Marks direct dependencies of a workspace (or the root) and dev/prod reachability from its manifest. */
function linkRoots(
  builder: GraphBuilder,
  manifest: Manifest | undefined,
  owner: string | undefined,
  lookup: (name: string, range: string) => string | undefined,
  production: string[] = [],
  development: string[] = [],
  finish = true,
): void {
  if (manifest !== undefined) {
    for (const [field, list] of [
      ['dependencies', production],
      ['optionalDependencies', production],
      ['devDependencies', development],
    ] as const) {
      for (const [name, range] of Object.entries(manifest[field])) {
        const target = lookup(name, range)
        if (target === undefined) continue
        list.push(target)
        if (owner === undefined) builder.direct(target)
        else builder.depend(owner, target)
      }
    }
  }
  if (finish && (production.length > 0 || development.length > 0)) builder.markByReachability(production, development)
}

function readBerry(text: string, context: ReadContext) {
  const probe = createGraphBuilder('npm', context.path, 'yarn-berry')
  const documents = yamlDocuments(text, context.path, probe)
  if (documents === undefined) return probe.build()
  const lock = mapOf(documents[documents.length - 1])
  const metadata = mapOf(lock.__metadata)
  const builder = createGraphBuilder('npm', context.path, `yarn-berry-v${textOf(metadata.version) ?? '?'}`)
  const byDescriptor = new Map<string, string | undefined>()
  const entries: [string | undefined, string, { [key: string]: unknown }][] = []
  const workspaces: [string, string, { [key: string]: unknown }][] = []
  for (const [key, value] of Object.entries(lock)) {
    if (key === '__metadata') continue
    const entry = mapOf(value)
    const resolution = textOf(entry.resolution)
    const version = textOf(entry.version)
    if (resolution === undefined || version === undefined) {
      builder.problem({
        rule: 'sbom-lockfile-invalid',
        message: `${context.path}: entry "${key}" has no resolution or version`,
        line: lineOf(text, key),
      })
      continue
    }
    const name = descriptorName(resolution)
    const reference = resolution.slice(name.length + 1)
    const protocol = /^([a-z+-]+):/.exec(reference)?.[1] ?? 'npm'
    let id: string | undefined
    if (protocol === 'workspace') {
      const path = reference.slice('workspace:'.length)
      const manifest = readManifest(context.readSibling(posix.join(path, 'package.json')))
      const [namespace, bare] = splitNpmName(name)
      id = builder.add({
        namespace,
        name: bare,
        version: manifest?.version ?? (version === '0.0.0-use.local' ? '' : version),
        source: 'workspace',
        properties: [['pipeguard:workspace-path', path]],
      })
      workspaces.push([id, path, entry])
    } else if (!['file', 'link', 'portal', 'exec'].includes(protocol)) {
      const source: PackageSource =
        protocol === 'npm' || protocol === 'patch'
          ? 'registry'
          : /^(git|github|ssh)/.test(protocol) || reference.includes('#commit=')
            ? 'git'
            : 'url'
      const properties: [string, string][] = []
      const checksum = textOf(entry.checksum)
      // Yarn's checksum hashes its own re-packed zip in the cache, not the registry tarball: kept as a fact, not as the component's hash.
      if (checksum !== undefined) properties.push(['yarn:checksum', checksum])
      if (protocol === 'patch') properties.push(['pipeguard:patched', 'true'])
      const qualifiers: Record<string, string> | undefined =
        source === 'git' ? { vcs_url: reference.replace(/#.*$/, '') } : source === 'url' ? { download_url: reference } : undefined
      const commit = /#(?:commit=)?([0-9a-f]{40})/.exec(reference)?.[1]
      if (commit !== undefined) properties.push(['pipeguard:git-commit', commit])
      const [namespace, bare] = splitNpmName(name)
      id = builder.add({ namespace, name: bare, version, source, properties, ...(qualifiers ? { qualifiers } : {}) })
    }
    for (const descriptor of key.split(/,\s*/)) byDescriptor.set(descriptor, id)
    entries.push([id, key, entry])
  }
  const resolutions = readManifest(context.readSibling('package.json'))?.resolutions ?? {}
  const find = (name: string, range: string): string | undefined =>
    byDescriptor.get(`${name}@${range}`) ?? byDescriptor.get(`${name}@npm:${range}`)
  // The root manifest's `resolutions` rewrite a descriptor before yarn locks it: `name`, `parent/name`, `name@range`.
  const lookup = (name: string, range: string, parent?: string): string | undefined => {
    const found = find(name, range)
    if (found !== undefined) return found
    const override =
      (parent === undefined ? undefined : resolutions[`${parent}/${name}`]) ??
      resolutions[`${name}@${range}`] ??
      resolutions[`${name}@${range.replace(/^npm:/, '')}`] ??
      resolutions[name]
    if (override === undefined) return undefined
    const direct = find(name, override)
    if (direct !== undefined || !override.startsWith('patch:')) return direct
    // A patch descriptor is locked with its inner range URL-encoded and a `::locator=` suffix.
    const prefixes = [`${name}@${override}::`, `${name}@${override.replace(/@npm:/, '@npm%3A')}::`]
    for (const [descriptor, id] of byDescriptor) if (prefixes.some((prefix) => descriptor.startsWith(prefix))) return id
    return undefined
  }
  for (const [id, key, entry] of entries) {
    if (id === undefined) continue
    const parent = descriptorName(key)
    for (const [name, range] of Object.entries(mapOf(entry.dependencies as never))) {
      if (typeof range !== 'string') continue
      const target = lookup(name, range, parent)
      if (target !== undefined) builder.depend(id, target)
      else if (!byDescriptor.has(`${name}@${range}`) && !byDescriptor.has(`${name}@npm:${range}`)) {
        builder.problem({
          rule: 'sbom-dangling-dependency',
          message: `${key} depends on ${name}@${range}, which ${context.path} does not resolve; run yarn install to repair the lockfile`,
          line: lineOf(text, `"${key}"`),
        })
      }
    }
  }
  const production: string[] = []
  const development: string[] = []
  for (const [id, path, entry] of workspaces) {
    builder.direct(id)
    const manifest = readManifest(context.readSibling(posix.join(path, 'package.json')))
    const devNames = new Set(Object.keys(manifest?.devDependencies ?? {}))
    for (const [name, range] of Object.entries(mapOf(entry.dependencies as never))) {
      if (typeof range !== 'string') continue
      const target = lookup(name, range)
      if (target === undefined) continue
      if (path === '.') builder.direct(target)
      ;(devNames.has(name) && manifest?.dependencies[name] === undefined ? development : production).push(target)
    }
  }
  builder.markByReachability(production, development)
  return builder.build()
}

export type { ClassicEntry }
