import type { PackageHash } from './package-graph.js'

/** A license as CycloneDX writes it: an SPDX id, an SPDX expression, or a name. */
export type LicenseRecord = { id: string } | { expression: string } | { name: string }

/** One component of a BOM, in the order and form both serialisers write it; lists are already sorted. */
export interface ComponentRecord {
  ref: string
  name: string
  /** '' when the lockfile has none. */
  version: string
  group: string | undefined
  scope: 'excluded' | 'optional' | undefined
  purl: string
  hashes: readonly PackageHash[]
  licenses: readonly LicenseRecord[]
  properties: readonly (readonly [string, string])[]
  /** bom-refs of components of the same document. */
  dependencies: string[]
}

/** metadata.component: the project the BOM describes, the root of the dependency graph. */
export interface RootRecord {
  ref: string
  name: string
  version: string | undefined
  dependencies: string[]
}

/** Everything a BOM holds, independent of the output format. */
export interface BomDocument {
  root: RootRecord
  components: readonly ComponentRecord[]
  toolVersion: string
  timestamp: Date | undefined
}
