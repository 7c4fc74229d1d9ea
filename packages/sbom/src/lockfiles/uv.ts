import { createGraphBuilder, lineOf, unparsedLockfile } from '../graph-builder.js'
import type { LockfileReader } from '../package-graph.js'
import { normalizePythonName, pypiName } from '../purl.js'
import { isRecord, recordOf } from './json-text.js'
import { pythonHashes } from './python-common.js'
import { parseToml, tablesOf } from './toml-text.js'

const LOCAL_SOURCES = ['editable', 'virtual', 'directory', 'path']

/**
 * `uv.lock`: editable/virtual/directory packages are the project's workspace members; their `dependencies` and
 * `optional-dependencies` are production roots and their `dev-dependencies` (dependency groups) development roots.
 */
export const readUvLock: LockfileReader = (text, context) => {
  const parsed = parseToml(text)
  const builder = createGraphBuilder('pypi', context.path, 'uv')
  if (!('value' in parsed)) {
    return unparsedLockfile(builder, context.path, 'TOML', parsed)
  }
  const byName = new Map<string, { id: string; version: string }[]>()
  const entries: [string, Record<string, unknown>, boolean][] = []
  for (const entry of tablesOf(parsed.value.package)) {
    if (typeof entry.name !== 'string') {
      builder.problem({
        rule: 'sbom-lockfile-invalid',
        message: `${context.path}: a [[package]] entry has no name`,
        line: lineOf(text, '[[package]]'),
      })
      continue
    }
    const source = recordOf(entry.source)
    const kind = Object.keys(source).find((key) => ['registry', 'git', 'url', ...LOCAL_SOURCES].includes(key)) ?? 'registry'
    const local = LOCAL_SOURCES.includes(kind)
    const name = normalizePythonName(entry.name)
    const version = typeof entry.version === 'string' ? entry.version : ''
    const files = [...(isRecord(entry.sdist) ? [entry.sdist] : []), ...tablesOf(entry.wheels)].map((file) => ({
      hash: String(file.hash ?? ''),
      file: typeof file.url === 'string' ? file.url.slice(file.url.lastIndexOf('/') + 1) : undefined,
    }))
    const { hashes, properties } = local ? { hashes: [], properties: [] as [string, string][] } : pythonHashes(files)
    const gitUrl = typeof source.git === 'string' ? source.git : undefined
    const commit = gitUrl !== undefined ? /#([0-9a-f]{40})$/.exec(gitUrl)?.[1] : undefined
    if (commit !== undefined) properties.push(['pipeguard:git-commit', commit])
    if (local) properties.push(['pipeguard:workspace-path', String(source[kind] ?? '.')])
    const id = builder.add({
      name: pypiName(entry.name),
      version,
      source: local ? 'workspace' : kind === 'git' ? 'git' : kind === 'url' ? 'url' : 'registry',
      ...(gitUrl !== undefined ? { qualifiers: { vcs_url: `git+${gitUrl.replace(/#.*$/, '')}` } } : {}),
      ...(kind === 'url' && typeof source.url === 'string' ? { qualifiers: { download_url: source.url } } : {}),
      hashes,
      properties,
    })
    byName.set(name, [...(byName.get(name) ?? []), { id, version }])
    entries.push([id, entry, local])
  }
  const targets = (dependency: Record<string, unknown>): string[] => {
    const candidates = byName.get(normalizePythonName(String(dependency.name ?? ''))) ?? []
    const version = typeof dependency.version === 'string' ? dependency.version : undefined
    return version === undefined
      ? candidates.map((candidate) => candidate.id)
      : candidates.filter((candidate) => candidate.version === version).map((candidate) => candidate.id)
  }
  const production: string[] = []
  const development: string[] = []
  for (const [id, entry, local] of entries) {
    const groups: [Record<string, unknown>[], string[] | undefined][] = [[tablesOf(entry.dependencies), local ? production : undefined]]
    for (const list of Object.values(recordOf(entry['optional-dependencies'])))
      groups.push([tablesOf(list), local ? production : undefined])
    for (const list of Object.values(recordOf(entry['dev-dependencies']))) groups.push([tablesOf(list), local ? development : undefined])
    for (const [dependencies, roots] of groups) {
      for (const dependency of dependencies) {
        for (const target of targets(dependency)) {
          builder.depend(id, target)
          roots?.push(target)
        }
      }
    }
    if (local) builder.direct(id)
  }
  builder.markByReachability(production, development)
  return builder.build()
}
