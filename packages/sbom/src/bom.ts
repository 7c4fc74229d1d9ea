import { createHash } from 'node:crypto'
import type { BomDocument, ComponentRecord, LicenseRecord, RootRecord } from './bom-document.js'
import { jsonBomOf } from './json-bom.js'
import type { Ecosystem, LockedPackage, PackageGraph } from './package-graph.js'
import type { ProjectIdentity } from './project.js'
import { validateBom } from './validate.js'
import { serializeXmlBom } from './xml-bom.js'

export type SpecVersion = '1.4' | '1.5' | '1.6' | '1.7'
export type BomFormat = 'json' | 'xml'
export const SPEC_VERSIONS: readonly SpecVersion[] = ['1.4', '1.5', '1.6', '1.7']

export interface BomOptions {
  specVersion: SpecVersion
  bomFormat: BomFormat
  /** Keep dev-only components (as `scope: excluded`); false leaves them out. */
  includeDev: boolean
  /** metadata.timestamp; omitted when undefined so the same inputs give the same bytes. */
  timestamp: Date | undefined
  toolVersion: string
}

/** One BOM, serialised and validated, with the counts DESIGN's `sbom` field reports. */
export interface BuiltBom {
  text: string
  components: number
  ecosystems: Partial<Record<Ecosystem, number>>
  serialNumber: string
}

interface Spdx {
  isSupportedSpdxId(value: string): boolean
}

/** The library's SPDX id list, loaded only when a lockfile carries licenses. */
async function loadSpdx(): Promise<Spdx> {
  return import('@cyclonedx/cyclonedx-library/SPDX')
}

interface Merged {
  pkg: LockedPackage
  /** False while `pkg` is a reader's own object, used as it is; merging a second lockfile's package copies it first. */
  copied: boolean
  lockfiles: string[]
  dependencies: Set<string> | undefined
}

/** `list` sorted and without duplicates (a reader's dependency list already is: then `list` itself). */
function sortedUnique(list: readonly string[]): readonly string[] {
  for (let index = 1; index < list.length; index++) if (!(list[index - 1]! < list[index]!)) return [...new Set(list)].sort()
  return list
}

/**
 * Merges package graphs into one component per purl (dev only when dev in every lockfile, optional likewise),
 * roots the dependency graph at the project, and serialises it with the CycloneDX library.
 */
export async function buildBom(graphs: readonly PackageGraph[], project: ProjectIdentity, options: BomOptions): Promise<BuiltBom> {
  const merged = new Map<string, Merged>()
  const projectRef = `project:${project.name}${project.version === undefined ? '' : `@${project.version}`}`
  const rootAliases = new Set<string>()
  const projectDependencies = new Set<string>()
  for (const graph of graphs) {
    const folder = graph.lockfile.includes('/') ? graph.lockfile.slice(0, graph.lockfile.lastIndexOf('/')) : ''
    for (const pkg of graph.packages) {
      // The workspace member at the lockfile's own folder is the project itself (yarn berry, uv list it).
      if (pkg.source === 'workspace' && graph.ecosystem !== 'github-actions' && folder === '') {
        const path = pkg.properties.find(([name]) => name === 'pipeguard:workspace-path')?.[1]
        if (path === '.' || path === '') {
          rootAliases.add(pkg.id)
          for (const dependency of pkg.dependencies) projectDependencies.add(dependency)
          continue
        }
      }
      const existing = merged.get(pkg.id)
      if (existing === undefined) {
        merged.set(pkg.id, { pkg, copied: false, lockfiles: [graph.lockfile], dependencies: undefined })
        continue
      }
      if (!existing.copied) {
        const { pkg: first } = existing
        existing.pkg = { ...first, hashes: [...first.hashes], licenses: [...first.licenses], properties: [...first.properties] }
        existing.dependencies = new Set(first.dependencies)
        existing.copied = true
      }
      if (!existing.lockfiles.includes(graph.lockfile)) existing.lockfiles.push(graph.lockfile)
      existing.pkg.dev &&= pkg.dev
      existing.pkg.optional &&= pkg.optional
      for (const hash of pkg.hashes) if (!existing.pkg.hashes.some((known) => known.alg === hash.alg)) existing.pkg.hashes.push(hash)
      for (const license of pkg.licenses) if (!existing.pkg.licenses.includes(license)) existing.pkg.licenses.push(license)
      for (const property of pkg.properties) {
        if (!existing.pkg.properties.some(([name, value]) => name === property[0] && value === property[1]))
          existing.pkg.properties.push(property)
      }
      for (const dependency of pkg.dependencies) existing.dependencies!.add(dependency)
    }
    for (const id of graph.direct) projectDependencies.add(id)
  }
  const kept = (id: string): boolean => {
    const entry = merged.get(id)
    return entry !== undefined && (options.includeDev || !entry.pkg.dev)
  }

  const ecosystems: Partial<Record<Ecosystem, number>> = {}
  const records: ComponentRecord[] = []
  const byId = new Map<string, ComponentRecord>()
  let licensed = false
  for (const entry of merged.values()) licensed ||= entry.pkg.licenses.length > 0
  const spdx = licensed ? await loadSpdx() : undefined
  // Ids are distinct, and the default sort orders strings by UTF-16 code units, as `<` does.
  for (const id of [...merged.keys()].sort()) {
    if (!kept(id)) continue
    const entry = merged.get(id)!
    const record = toRecord(entry, spdx)
    records.push(record)
    byId.set(id, record)
    ecosystems[entry.pkg.ecosystem] = (ecosystems[entry.pkg.ecosystem] ?? 0) + 1
  }
  for (const [id, entry] of merged) {
    const record = byId.get(id)
    if (record === undefined) continue
    const dependencies = entry.dependencies === undefined ? sortedUnique(entry.pkg.dependencies) : [...entry.dependencies].sort()
    for (const dependency of dependencies) if (byId.has(dependency)) record.dependencies.push(dependency)
  }
  const root: RootRecord = { ref: projectRef, name: project.name, version: project.version, dependencies: [] }
  for (const id of [...projectDependencies].sort()) if (byId.has(id) && !rootAliases.has(id)) root.dependencies.push(id)
  const document: BomDocument = { root, components: records, toolVersion: options.toolVersion, timestamp: options.timestamp }
  // Every list is built in sorted order, so the bytes are stable without any further sorting.
  // The serial number is derived from the content: serialise once with a placeholder, hash, substitute.
  const bom = jsonBomOf(document, options.specVersion, PLACEHOLDER_SERIAL)
  const draft = JSON.stringify(bom, null, 2)
  const digest = createHash('sha256').update(draft).digest('hex')
  const serialNumber = `urn:uuid:${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-${((Number.parseInt(digest[16]!, 16) & 0x3) | 0x8).toString(16)}${digest.slice(17, 20)}-${digest.slice(20, 32)}`
  const json = draft.replace(PLACEHOLDER_SERIAL, serialNumber)
  // `bom` holds nothing JSON would change (no undefined, dates or non-finite numbers): validating it is validating
  // `json`, without parsing 1-2 MB back.
  bom.serialNumber = serialNumber
  await validateBom(bom, options.specVersion)
  assertHashesSurvived(bom, merged, kept)
  const text = options.bomFormat === 'xml' ? `${await serializeXmlBom(document, options.specVersion, serialNumber)}\n` : `${json}\n`
  return { text, components: records.length, ecosystems, serialNumber }
}

const PLACEHOLDER_SERIAL = 'urn:uuid:00000000-0000-0000-0000-000000000000'

function toRecord(entry: Merged, spdx: Spdx | undefined): ComponentRecord {
  const { pkg } = entry
  const qualifiers =
    pkg.qualifiers === undefined
      ? ''
      : `?${Object.entries(pkg.qualifiers)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
          .join('&')}`
  const properties: [string, string][] = [...pkg.properties]
  for (const lockfile of entry.lockfiles.length === 1 ? entry.lockfiles : [...entry.lockfiles].sort())
    properties.push(['pipeguard:lockfile', lockfile])
  if (pkg.source === 'workspace') properties.push(['pipeguard:workspace', 'true'])
  if (pkg.dev && !properties.some(([name]) => name === 'pipeguard:dev-reason'))
    properties.push(['pipeguard:dev-reason', 'reachable only through development dependencies'])
  properties.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
  return {
    ref: pkg.id,
    name: pkg.name,
    version: pkg.version,
    group: pkg.namespace,
    scope: pkg.dev ? 'excluded' : pkg.optional ? 'optional' : undefined,
    purl: `${pkg.id}${qualifiers}`,
    hashes: pkg.hashes,
    licenses: licenseRecords(pkg.licenses, spdx),
    properties,
    dependencies: [],
  }
}

/** SPDX ids as `id`, an expression (one only, as CycloneDX requires) as `expression`, else a named license. */
function licenseRecords(licenses: readonly string[], spdx: Spdx | undefined): LicenseRecord[] {
  const expression = (value: string): boolean => /\s(AND|OR|WITH)\s|^\(/.test(value)
  if (licenses.length === 1 && expression(licenses[0]!)) return [{ expression: licenses[0]! }]
  return licenses.map((license) => (spdx?.isSupportedSpdxId(license) === true ? { id: license } : { name: license }))
}

/**
 * The CycloneDX library silently drops a hash whose content does not match the schema. Every hash a lockfile gave
 * us must be in the output, or the BOM is wrong: this fails loudly instead.
 */
function assertHashesSurvived(json: unknown, merged: Map<string, Merged>, kept: (id: string) => boolean): void {
  const written = new Map<string, number>()
  const components = (json as { components?: { 'bom-ref'?: string; hashes?: unknown[] }[] }).components ?? []
  for (const component of components) written.set(component['bom-ref'] ?? '', component.hashes?.length ?? 0)
  for (const [id, entry] of merged) {
    if (!kept(id)) continue
    if ((written.get(id) ?? 0) !== entry.pkg.hashes.length) {
      throw new Error(
        `the CycloneDX serializer dropped a hash of ${id} (${entry.pkg.hashes.map((hash) => `${hash.alg}:${hash.content}`).join(', ')})`,
      )
    }
  }
}
