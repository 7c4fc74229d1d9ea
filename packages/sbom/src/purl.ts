import { PackageURL } from 'packageurl-js'
import { PURL_TYPES, type Ecosystem } from './package-graph.js'

/** The canonical purl string (packageurl-js applies each type's normalisation: pypi names lowercased, `_` -> `-`). */
export function purlOf(
  ecosystem: Ecosystem,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string>,
): string {
  const sorted = qualifiers === undefined ? undefined : Object.fromEntries(Object.entries(qualifiers).sort(([a], [b]) => (a < b ? -1 : 1)))
  return new PackageURL(PURL_TYPES[ecosystem], namespace ?? undefined, name, version ?? undefined, sorted, undefined).toString()
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
