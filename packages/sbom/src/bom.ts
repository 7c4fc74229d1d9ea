import { createHash } from 'node:crypto'
import type * as Enums from '@cyclonedx/cyclonedx-library/Enums'
import type * as Models from '@cyclonedx/cyclonedx-library/Models'
import type * as Serialize from '@cyclonedx/cyclonedx-library/Serialize'
import type * as SPDX from '@cyclonedx/cyclonedx-library/SPDX'
import type * as Spec from '@cyclonedx/cyclonedx-library/Spec'
import type { Ecosystem, LockedPackage, PackageGraph } from './package-graph.js'
import type { ProjectIdentity } from './project.js'
import { validateBom } from './validate.js'

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

interface Library {
  Enums: typeof Enums
  Models: typeof Models
  Serialize: typeof Serialize
  SPDX: typeof SPDX
  Spec: typeof Spec
}

let library: Promise<Library> | undefined

/**
 * The CycloneDX library, loaded on first use: importing this package (for its rules or its lockfile readers) stays
 * cheap, and so does every other pipeguard command, since the library loads xmlbuilder2 eagerly. Subpath imports:
 * the package root also loads the library's validators, whose `__dirname`-relative schema paths break in an ESM
 * bundle (we validate with our own precompiled validators, see validate.ts).
 */
function loadLibrary(): Promise<Library> {
  library ??= Promise.all([
    import('@cyclonedx/cyclonedx-library/Enums'),
    import('@cyclonedx/cyclonedx-library/Models'),
    import('@cyclonedx/cyclonedx-library/Serialize'),
    import('@cyclonedx/cyclonedx-library/SPDX'),
    import('@cyclonedx/cyclonedx-library/Spec'),
  ]).then(([enums, models, serialize, spdx, spec]) => ({ Enums: enums, Models: models, Serialize: serialize, SPDX: spdx, Spec: spec }))
  return library
}

interface Merged {
  pkg: LockedPackage
  lockfiles: Set<string>
  dependencies: Set<string>
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
      const path = pkg.properties.find(([name]) => name === 'pipeguard:workspace-path')?.[1]
      if (pkg.source === 'workspace' && (path === '.' || path === '') && graph.ecosystem !== 'github-actions' && folder === '') {
        rootAliases.add(pkg.id)
        for (const dependency of pkg.dependencies) projectDependencies.add(dependency)
        continue
      }
      const existing = merged.get(pkg.id)
      if (existing === undefined) {
        merged.set(pkg.id, {
          pkg: { ...pkg, hashes: [...pkg.hashes], licenses: [...pkg.licenses], properties: [...pkg.properties] },
          lockfiles: new Set([graph.lockfile]),
          dependencies: new Set(pkg.dependencies),
        })
        continue
      }
      existing.lockfiles.add(graph.lockfile)
      existing.pkg.dev &&= pkg.dev
      existing.pkg.optional &&= pkg.optional
      for (const hash of pkg.hashes) if (!existing.pkg.hashes.some((known) => known.alg === hash.alg)) existing.pkg.hashes.push(hash)
      for (const license of pkg.licenses) if (!existing.pkg.licenses.includes(license)) existing.pkg.licenses.push(license)
      for (const property of pkg.properties) {
        if (!existing.pkg.properties.some(([name, value]) => name === property[0] && value === property[1]))
          existing.pkg.properties.push(property)
      }
      for (const dependency of pkg.dependencies) existing.dependencies.add(dependency)
    }
    for (const id of graph.direct) projectDependencies.add(id)
  }
  const kept = (id: string): boolean => {
    const entry = merged.get(id)
    return entry !== undefined && (options.includeDev || !entry.pkg.dev)
  }

  const lib = await loadLibrary()
  const { Enums, Models, Serialize } = lib
  const spec = { '1.4': lib.Spec.Spec1dot4, '1.5': lib.Spec.Spec1dot5, '1.6': lib.Spec.Spec1dot6, '1.7': lib.Spec.Spec1dot7 }[
    options.specVersion
  ]
  const bomRefs = new Map<string, Models.BomRef>()
  const components = new Map<string, Models.Component>()
  const ecosystems: Partial<Record<Ecosystem, number>> = {}
  for (const [id, entry] of [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!kept(id)) continue
    const component = toComponent(entry, lib)
    components.set(id, component)
    bomRefs.set(id, component.bomRef)
    ecosystems[entry.pkg.ecosystem] = (ecosystems[entry.pkg.ecosystem] ?? 0) + 1
  }
  for (const [id, entry] of merged) {
    const component = components.get(id)
    if (component === undefined) continue
    for (const dependency of [...entry.dependencies].sort()) {
      const ref = bomRefs.get(dependency)
      if (ref !== undefined) component.dependencies.add(ref)
    }
  }
  const root = new Models.Component(Enums.ComponentType.Application, project.name, {
    bomRef: projectRef,
    ...(project.version !== undefined ? { version: project.version } : {}),
  })
  for (const id of [...projectDependencies].sort()) {
    const ref = bomRefs.get(id)
    if (ref !== undefined && !rootAliases.has(id)) root.dependencies.add(ref)
  }
  const tool = new Models.Component(Enums.ComponentType.Application, 'pipeguard', { version: options.toolVersion, group: 'pipeguard' })
  const bom = new Models.Bom({
    metadata: new Models.Metadata({
      component: root,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    }),
    components: new Models.ComponentRepository([...components.values()]),
  })
  const jsonSerializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(spec))
  // Every list is built in sorted order, so the library's own sorting (sortLists) is not needed for stable bytes.
  // The serial number is derived from the content: serialise once with a placeholder, hash, substitute.
  bom.serialNumber = PLACEHOLDER_SERIAL
  const draft = jsonSerializer.serialize(bom, { sortLists: false, space: 2 })
  const digest = createHash('sha256').update(draft).digest('hex')
  const serialNumber = `urn:uuid:${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-${((Number.parseInt(digest[16]!, 16) & 0x3) | 0x8).toString(16)}${digest.slice(17, 20)}-${digest.slice(20, 32)}`
  const json = draft.replace(PLACEHOLDER_SERIAL, serialNumber)
  const parsed = JSON.parse(json) as unknown
  await validateBom(parsed, options.specVersion)
  assertHashesSurvived(parsed, merged, kept)
  let text = `${json}\n`
  if (options.bomFormat === 'xml') {
    bom.serialNumber = serialNumber
    text = `${new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(spec)).serialize(bom, { sortLists: false, space: 2 })}\n`
  }
  return { text, components: components.size, ecosystems, serialNumber }
}

const PLACEHOLDER_SERIAL = 'urn:uuid:00000000-0000-0000-0000-000000000000'

function toComponent(entry: Merged, { Enums, Models, SPDX }: Library): Models.Component {
  const { pkg } = entry
  const qualifiers =
    pkg.qualifiers === undefined
      ? ''
      : `?${Object.entries(pkg.qualifiers)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
          .join('&')}`
  const component = new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef: pkg.id,
    purl: `${pkg.id}${qualifiers}`,
    ...(pkg.version !== '' ? { version: pkg.version } : {}),
    ...(pkg.namespace !== undefined ? { group: pkg.namespace } : {}),
    ...(pkg.dev ? { scope: Enums.ComponentScope.Excluded } : pkg.optional ? { scope: Enums.ComponentScope.Optional } : {}),
  })
  // PackageHash['alg'] uses CycloneDX's own algorithm names, the values of Enums.HashAlgorithm.
  for (const hash of pkg.hashes) component.hashes.set(hash.alg as Enums.HashAlgorithm, hash.content)
  for (const license of licenseModels(pkg.licenses, Models, SPDX)) component.licenses.add(license)
  const properties: [string, string][] = [...pkg.properties]
  for (const lockfile of [...entry.lockfiles].sort()) properties.push(['pipeguard:lockfile', lockfile])
  if (pkg.source === 'workspace') properties.push(['pipeguard:workspace', 'true'])
  if (pkg.dev && !properties.some(([name]) => name === 'pipeguard:dev-reason'))
    properties.push(['pipeguard:dev-reason', 'reachable only through development dependencies'])
  properties.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
  for (const [name, value] of properties) component.properties.add(new Models.Property(name, value))
  return component
}

/** SPDX ids as SpdxLicense, an expression (one only, as CycloneDX requires) as LicenseExpression, else a named license. */
function licenseModels(licenses: readonly string[], models: typeof Models, spdx: typeof SPDX): Models.License[] {
  const expression = (value: string): boolean => /\s(AND|OR|WITH)\s|^\(/.test(value)
  if (licenses.length === 1 && expression(licenses[0]!)) return [new models.LicenseExpression(licenses[0]!)]
  return licenses.map((license) => (spdx.isSupportedSpdxId(license) ? new models.SpdxLicense(license) : new models.NamedLicense(license)))
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
