import { createGraphBuilder, unparsedLockfile } from '../graph-builder.js'
import { hashFromHex } from '../hashes.js'
import type { LockfileReader } from '../package-graph.js'
import { isRecord, licensesOf, parseJson, recordOf } from './json-text.js'

const PLATFORM = /^(php|php-64bit|hhvm|composer|composer-plugin-api|composer-runtime-api|ext-.*|lib-.*)$/i

/** `composer.lock`: `packages` and `packages-dev` (dev-only), licenses and dist SHA-1 when the lockfile has them. */
export const readComposerLock: LockfileReader = (text, context) => {
  const builder = createGraphBuilder('composer', context.path, 'composer')
  const parsed = parseJson(text)
  if (!('value' in parsed)) {
    return unparsedLockfile(builder, context.path, 'JSON', parsed)
  }
  const lock = recordOf(parsed.value)
  const byName = new Map<string, string>()
  const entries: [string, Record<string, unknown>][] = []
  for (const section of ['packages', 'packages-dev'] as const) {
    for (const entry of Array.isArray(lock[section]) ? lock[section] : []) {
      if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.version !== 'string') continue
      const [vendor, name] = entry.name.includes('/')
        ? [entry.name.slice(0, entry.name.indexOf('/')), entry.name.slice(entry.name.indexOf('/') + 1)]
        : [undefined, entry.name]
      const dist = recordOf(entry.dist)
      const source = recordOf(entry.source)
      const sha1 = typeof dist.shasum === 'string' && dist.shasum !== '' ? hashFromHex(dist.shasum, 'sha1') : undefined
      const properties: [string, string][] = []
      if (typeof dist.shasum === 'string' && dist.shasum !== '' && sha1 === undefined)
        properties.push(['pipeguard:unreadable-hash', dist.shasum])
      const reference =
        typeof dist.reference === 'string' ? dist.reference : typeof source.reference === 'string' ? source.reference : undefined
      if (reference !== undefined) properties.push(['composer:reference', reference])
      if (section === 'packages-dev') properties.push(['pipeguard:dev-reason', 'composer.lock packages-dev'])
      const pathDist = dist.type === 'path'
      const id = builder.add({
        namespace: vendor,
        name,
        version: entry.version,
        source: pathDist ? 'local' : 'registry',
        dev: section === 'packages-dev',
        hashes: sha1 === undefined ? [] : [sha1],
        licenses: licensesOf(entry.license),
        properties,
      })
      byName.set(entry.name.toLowerCase(), id)
      entries.push([id, entry])
    }
  }
  const incoming = new Set<string>()
  for (const [id, entry] of entries) {
    for (const name of Object.keys(recordOf(entry.require))) {
      if (PLATFORM.test(name)) continue
      const target = byName.get(name.toLowerCase())
      if (target !== undefined) {
        builder.depend(id, target)
        incoming.add(target)
      }
    }
  }
  const manifestText = context.readSibling('composer.json')
  const manifest = manifestText === undefined ? undefined : parseJson(manifestText)
  const declared =
    manifest !== undefined && 'value' in manifest
      ? [...Object.keys(recordOf(recordOf(manifest.value).require)), ...Object.keys(recordOf(recordOf(manifest.value)['require-dev']))]
      : undefined
  if (declared !== undefined) {
    for (const name of declared) {
      const id = byName.get(name.toLowerCase())
      if (id !== undefined) builder.direct(id)
    }
  } else {
    for (const [id] of entries) if (!incoming.has(id)) builder.direct(id)
  }
  return builder.build()
}
