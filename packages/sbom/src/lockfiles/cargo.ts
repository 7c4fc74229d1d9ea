import { createGraphBuilder, lineOf, unparsedLockfile } from '../graph-builder.js'
import { hashFromHex } from '../hashes.js'
import type { LockfileReader } from '../package-graph.js'
import { parseToml, tablesOf } from './toml-text.js'

/** `Cargo.lock` (versions 1-4): packages without `source` are the workspace's own crates. */
export const readCargoLock: LockfileReader = (text, context) => {
  const parsed = parseToml(text)
  const builder = createGraphBuilder('cargo', context.path, 'cargo')
  if (!('value' in parsed)) {
    return unparsedLockfile(builder, context.path, 'TOML', parsed)
  }
  const byName = new Map<string, { id: string; version: string; source: string | undefined }[]>()
  const entries: [string, Record<string, unknown>][] = []
  // Version 1 lockfiles keep checksums in [metadata] as "checksum name version (source)" = "hex".
  const metadata = parsed.value.metadata as Record<string, unknown> | undefined
  for (const entry of tablesOf(parsed.value.package)) {
    if (typeof entry.name !== 'string' || typeof entry.version !== 'string') {
      builder.problem({
        rule: 'sbom-lockfile-invalid',
        message: `${context.path}: a [[package]] entry has no name or version`,
        line: lineOf(text, '[[package]]'),
      })
      continue
    }
    const source = typeof entry.source === 'string' ? entry.source : undefined
    const checksum = typeof entry.checksum === 'string' ? entry.checksum : metadata?.[`checksum ${entry.name} ${entry.version} (${source})`]
    const hash = typeof checksum === 'string' ? hashFromHex(checksum, 'sha256') : undefined
    const git = source?.startsWith('git+') === true
    const properties: [string, string][] = []
    if (git) properties.push(['pipeguard:git-commit', source!.slice(source!.indexOf('#') + 1)])
    const id = builder.add({
      name: entry.name,
      version: entry.version,
      source: source === undefined ? 'workspace' : git ? 'git' : 'registry',
      ...(git ? { qualifiers: { vcs_url: source!.replace(/#.*$/, '') } } : {}),
      hashes: hash === undefined ? [] : [hash],
      properties,
    })
    byName.set(entry.name, [...(byName.get(entry.name) ?? []), { id, version: entry.version, source }])
    entries.push([id, entry])
    if (source === undefined) builder.direct(id)
  }
  for (const [id, entry] of entries) {
    for (const dependency of Array.isArray(entry.dependencies) ? entry.dependencies : []) {
      if (typeof dependency !== 'string') continue
      const [name, version] = dependency.split(' ')
      const candidates = byName.get(name ?? '') ?? []
      const target = version === undefined ? candidates[0] : candidates.find((candidate) => candidate.version === version)
      if (target !== undefined) builder.depend(id, target.id)
      else
        builder.problem({
          rule: 'sbom-dangling-dependency',
          message: `${entry.name} ${entry.version} depends on ${dependency}, which ${context.path} does not contain; run cargo generate-lockfile`,
          line: lineOf(text, `name = "${entry.name}"`),
        })
    }
  }
  return builder.build()
}
