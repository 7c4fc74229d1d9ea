import { hashFromHex } from '../hashes.js'
import type { PackageHash } from '../package-graph.js'
import { normalizePythonName } from '../purl.js'
import { isRecord, recordOf } from './json-text.js'
import { parseToml } from './toml-text.js'

/**
 * Python lockfiles pin one hash per distribution file (an sdist and a wheel per platform). CycloneDX keeps one hash
 * per algorithm on a component, so a single file's hash becomes the component hash and several become
 * `pipeguard:artifact-hash` properties (`sha256:<hex> <file>`), none dropped.
 */
export function pythonHashes(files: { hash: string; file?: string | undefined }[]): {
  hashes: PackageHash[]
  properties: [string, string][]
} {
  const parsed = files.map((file) => ({ file: file.file, hash: hashFromHex(file.hash) }))
  const properties: [string, string][] = []
  for (const entry of parsed)
    if (entry.hash === undefined) properties.push(['pipeguard:unreadable-hash', files[parsed.indexOf(entry)]!.hash])
  const good = parsed.filter((entry): entry is { file: string | undefined; hash: PackageHash } => entry.hash !== undefined)
  if (good.length === 1) return { hashes: [good[0]!.hash], properties }
  for (const entry of good) {
    properties.push([
      'pipeguard:artifact-hash',
      `${entry.hash.alg.toLowerCase().replace('-', '')}:${entry.hash.content}${entry.file ? ` ${entry.file}` : ''}`,
    ])
  }
  return { hashes: [], properties }
}

/** Name of a PEP 508 requirement string (`requests[socks]>=2; python_version>"3"` -> `requests`). */
export function requirementName(requirement: string): string | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)
  return match === null ? undefined : normalizePythonName(match[1]!)
}

/** The project's direct dependency names from pyproject.toml (PEP 621, PEP 735 groups, Poetry), split prod/dev. */
export function pyprojectDirect(text: string | undefined): { production: Set<string>; development: Set<string> } | undefined {
  if (text === undefined) return undefined
  const parsed = parseToml(text)
  if (!('value' in parsed)) return undefined
  const production = new Set<string>()
  const development = new Set<string>()
  const project = recordOf(parsed.value.project)
  const fromList = (list: unknown, into: Set<string>): void => {
    if (!Array.isArray(list)) return
    for (const item of list) {
      const name = typeof item === 'string' ? requirementName(item) : undefined
      if (name !== undefined) into.add(name)
    }
  }
  fromList(project.dependencies, production)
  for (const list of Object.values(recordOf(project['optional-dependencies']))) fromList(list, production)
  for (const list of Object.values(recordOf(parsed.value['dependency-groups']))) fromList(list, development)
  const poetry = recordOf(recordOf(parsed.value.tool).poetry)
  for (const name of Object.keys(recordOf(poetry.dependencies))) if (name !== 'python') production.add(normalizePythonName(name))
  for (const name of Object.keys(recordOf(poetry['dev-dependencies']))) development.add(normalizePythonName(name))
  for (const [group, table] of Object.entries(recordOf(poetry.group))) {
    const into = group === 'main' ? production : development
    for (const name of Object.keys(recordOf(recordOf(table).dependencies))) into.add(normalizePythonName(name))
  }
  const uv = recordOf(recordOf(parsed.value.tool).uv)
  fromList(uv['dev-dependencies'], development)
  return { production, development }
}

export { isRecord }
