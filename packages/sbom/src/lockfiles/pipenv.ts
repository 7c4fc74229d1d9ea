import { createGraphBuilder, lineOf, unparsedLockfile } from '../graph-builder.js'
import type { LockfileReader } from '../package-graph.js'
import { normalizePythonName, pypiName } from '../purl.js'
import { isRecord, parseJson, recordOf } from './json-text.js'
import { pythonHashes } from './python-common.js'
import { parseToml } from './toml-text.js'

/** `Pipfile.lock`: `default` is production, `develop` development; the Pipfile beside it names the direct ones. */
export const readPipfileLock: LockfileReader = (text, context) => {
  const builder = createGraphBuilder('pypi', context.path, 'pipenv')
  const parsed = parseJson(text)
  if (!('value' in parsed)) {
    return unparsedLockfile(builder, context.path, 'JSON', parsed)
  }
  const lock = recordOf(parsed.value)
  const pipfileText = context.readSibling('Pipfile')
  const pipfile = pipfileText === undefined ? undefined : parseToml(pipfileText)
  const declared =
    pipfile !== undefined && 'value' in pipfile
      ? new Set(
          [...Object.keys(recordOf(pipfile.value.packages)), ...Object.keys(recordOf(pipfile.value['dev-packages']))].map(
            normalizePythonName,
          ),
        )
      : undefined
  for (const section of ['default', 'develop'] as const) {
    for (const [rawName, value] of Object.entries(recordOf(lock[section]))) {
      if (!isRecord(value)) continue
      const name = normalizePythonName(rawName)
      if (value.editable === true || typeof value.path === 'string' || (typeof value.file === 'string' && value.file.startsWith('.')))
        continue
      const spec = typeof value.version === 'string' ? value.version : undefined
      const git = typeof value.git === 'string' ? value.git : undefined
      const version = spec?.replace(/^===?/, '') ?? (typeof value.ref === 'string' ? value.ref : undefined)
      if (version === undefined) {
        builder.problem({
          rule: 'sbom-unpinned-requirement',
          message: `${rawName} in ${context.path} has no version; run pipenv lock`,
          line: lineOf(text, `"${rawName}"`),
          snippet: rawName,
        })
        continue
      }
      const hashes = Array.isArray(value.hashes)
        ? value.hashes.filter((hash): hash is string => typeof hash === 'string').map((hash) => ({ hash }))
        : []
      const { hashes: hashList, properties } = pythonHashes(hashes)
      if (section === 'develop') properties.push(['pipeguard:dev-reason', 'Pipfile.lock develop section'])
      const id = builder.add({
        name: pypiName(rawName),
        version,
        source: git !== undefined ? 'git' : 'registry',
        ...(git !== undefined ? { qualifiers: { vcs_url: git.startsWith('git+') ? git : `git+${git}` } } : {}),
        dev: section === 'develop',
        hashes: hashList,
        properties,
      })
      if (declared === undefined || declared.has(name)) builder.direct(id)
    }
  }
  return builder.build()
}
