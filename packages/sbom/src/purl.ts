import { PURL_TYPES, type Ecosystem } from './package-graph.js'

/** Characters encodeURIComponent leaves as they are (minus those packageurl-js treats specially). */
const PLAIN = /^[A-Za-z0-9._~-]+$/
/** A version may also hold `+` and `:`, which packageurl-js writes unescaped in a version. */
const PLAIN_VERSION = /^[A-Za-z0-9._~+:-]+$/
/** Types whose only normalisation is lowercasing namespace and name (pypi also `_` -> `-`), without a type validator. */
const LOWERED = new Set(['npm', 'composer', 'pypi'])
const FAST_TYPES = new Set(['npm', 'composer', 'pypi', 'cargo', 'gem', 'githubactions', 'golang', 'maven'])
/** packageurl-js's test for a golang version after its `v` (it rejects a `v` version that is not semver). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

/**
 * The purl when building it needs neither normalisation nor escaping, else undefined. Most packages are like
 * that, and packageurl-js spends more time per purl than the rest of a lockfile reader; purl.test.ts checks that
 * both give the same string.
 */
function plainPurl(type: string, namespace: string | undefined, name: string, version: string | undefined): string | undefined {
  if (!FAST_TYPES.has(type) || !PLAIN.test(name)) return undefined
  if (version !== undefined && version !== '' && !PLAIN_VERSION.test(version)) return undefined
  // npm, composer and pypi purls lowercase namespace and name (pypi also writes `_` as `-`): ASCII here, as PLAIN is.
  const lowered = LOWERED.has(type)
  if (lowered) name = type === 'pypi' ? name.toLowerCase().replaceAll('_', '-') : name.toLowerCase()
  if (type === 'golang' && version !== undefined && version.startsWith('v') && !SEMVER.test(version.slice(1))) return undefined
  if (type === 'maven' && (namespace === undefined || namespace === '')) return undefined
  let prefix = ''
  if (namespace !== undefined && namespace !== '') {
    const scoped = type === 'npm' && namespace.startsWith('@')
    const unscoped = scoped ? namespace.slice(1) : namespace
    const bare = lowered ? unscoped.toLowerCase() : unscoped
    // A Go module path and an action's owner/repo keep their slashes; every segment must be plain (no empty one:
    // packageurl-js drops those).
    const plain = type === 'golang' || type === 'githubactions' ? bare.split('/').every((segment) => PLAIN.test(segment)) : PLAIN.test(bare)
    if (!plain) return undefined
    prefix = `${scoped ? '%40' : ''}${bare}/`
  }
  return `pkg:${type}/${prefix}${name}${version === undefined || version === '' ? '' : `@${version}`}`
}

let library: typeof import('packageurl-js') | undefined

/**
 * Thrown by purlOf for a purl that needs packageurl-js while it is not loaded: await loadPurlLibrary() and build it
 * again (readProjectGraphs does). Loading packageurl-js costs as much as reading a large lockfile (it sets up an
 * Intl.Collator), and a lockfile of plain names never needs it.
 */
export const PURL_LIBRARY_NEEDED = new Error('this purl needs packageurl-js: await loadPurlLibrary() first')

/** Loads packageurl-js, for the purls that need normalisation or escaping. */
export async function loadPurlLibrary(): Promise<void> {
  library ??= await import('packageurl-js')
}

/** The canonical purl string (packageurl-js applies each type's normalisation: pypi names lowercased, `_` -> `-`). */
export function purlOf(
  ecosystem: Ecosystem,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string>,
): string {
  if (qualifiers === undefined || Object.keys(qualifiers).length === 0) {
    const plain = plainPurl(PURL_TYPES[ecosystem], namespace, name, version)
    if (plain !== undefined) return plain
  }
  if (library === undefined) throw PURL_LIBRARY_NEEDED
  const sorted = qualifiers === undefined ? undefined : Object.fromEntries(Object.entries(qualifiers).sort(([a], [b]) => (a < b ? -1 : 1)))
  return new library.PackageURL(PURL_TYPES[ecosystem], namespace ?? undefined, name, version ?? undefined, sorted, undefined).toString()
}

/** `@scope/name` -> [`@scope`, `name`]; `name` -> [undefined, `name`]. */
export function splitNpmName(full: string): [string | undefined, string] {
  if (full.startsWith('@')) {
    const slash = full.indexOf('/')
    if (slash > 0) return [full.slice(0, slash), full.slice(slash + 1)]
  }
  return [undefined, full]
}

/** PEP 503 normalised name: the form pip, uv and the purl spec compare by. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

/**
 * A PyPI name as the purl spec writes it: lowercased, `_` as `-`, dots kept (`jaraco.classes`). Lookups between
 * lockfile entries use normalizePythonName, which also folds dots as pip does.
 */
export function pypiName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-')
}
