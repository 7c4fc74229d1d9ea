import { createGraphBuilder, lineOf, unparsedLockfile } from '../graph-builder.js'
import type { LockfileReader } from '../package-graph.js'
import { normalizePythonName, pypiName } from '../purl.js'
import { recordOf } from './json-text.js'
import { pyprojectDirect, pythonHashes } from './python-common.js'
import { parseToml, tablesOf } from './toml-text.js'

/** `poetry.lock` (lock-version 1.x and 2.x): `groups` (2.x) or `category` (1.x) says whether a package is dev-only. */
export const readPoetryLock: LockfileReader = (text, context) => {
  const parsed = parseToml(text)
  const builder = createGraphBuilder('pypi', context.path, 'poetry')
  if (!('value' in parsed)) {
    return unparsedLockfile(builder, context.path, 'TOML', parsed)
  }
  // Lock files before lock-version 1.1 keep the file hashes in a [metadata.files] table keyed by package name.
  const legacyFiles = recordOf(recordOf(parsed.value.metadata).files)
  const byName = new Map<string, string[]>()
  const entries: [string, Record<string, unknown>][] = []
  for (const entry of tablesOf(parsed.value.package)) {
    if (typeof entry.name !== 'string' || typeof entry.version !== 'string') {
      builder.problem({
        rule: 'sbom-lockfile-invalid',
        message: `${context.path}: a [[package]] entry has no name or version`,
        line: lineOf(text, '[[package]]'),
      })
      continue
    }
    const source = recordOf(entry.source)
    const type = typeof source.type === 'string' ? source.type : undefined
    if (type === 'directory' || type === 'file') continue
    const groups = Array.isArray(entry.groups) ? entry.groups.filter((group): group is string => typeof group === 'string') : undefined
    const dev = groups !== undefined ? !groups.includes('main') : entry.category === 'dev'
    const files = Array.isArray(entry.files) ? entry.files : (legacyFiles[entry.name] ?? legacyFiles[normalizePythonName(entry.name)])
    const { hashes, properties } = pythonHashes(
      tablesOf(files).map((file) => ({ hash: String(file.hash ?? ''), file: typeof file.file === 'string' ? file.file : undefined })),
    )
    if (dev)
      properties.push(['pipeguard:dev-reason', groups !== undefined ? `poetry groups: ${groups.join(', ')}` : 'poetry category: dev'])
    const commit = typeof source.resolved_reference === 'string' ? source.resolved_reference : undefined
    if (commit !== undefined) properties.push(['pipeguard:git-commit', commit])
    const name = normalizePythonName(entry.name)
    const id = builder.add({
      name: pypiName(entry.name),
      version: entry.version,
      source: type === 'git' ? 'git' : type === 'url' ? 'url' : 'registry',
      ...(type === 'git' && typeof source.url === 'string' ? { qualifiers: { vcs_url: `git+${source.url}` } } : {}),
      ...(type === 'url' && typeof source.url === 'string' ? { qualifiers: { download_url: source.url } } : {}),
      dev,
      optional: entry.optional === true,
      hashes,
      properties,
    })
    byName.set(name, [...(byName.get(name) ?? []), id])
    entries.push([id, entry])
  }
  for (const [id, entry] of entries) {
    for (const name of Object.keys(recordOf(entry.dependencies))) {
      for (const target of byName.get(normalizePythonName(name)) ?? []) builder.depend(id, target)
    }
  }
  const direct = pyprojectDirect(context.readSibling('pyproject.toml'))
  const incoming = new Set(entries.flatMap(([, entry]) => Object.keys(recordOf(entry.dependencies)).map(normalizePythonName)))
  for (const [name, ids] of byName) {
    const isDirect = direct !== undefined ? direct.production.has(name) || direct.development.has(name) : !incoming.has(name)
    if (isDirect) for (const id of ids) builder.direct(id)
  }
  return builder.build()
}
