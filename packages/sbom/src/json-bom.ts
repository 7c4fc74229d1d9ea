import type { SpecVersion } from './bom.js'
import type { BomDocument, ComponentRecord } from './bom-document.js'

// What the CycloneDX library (10.x, JsonSerializer without sortLists) would write for the same document, key for key:
// loading the library costs more than the whole engine on a large lockfile, so JSON is written here and
// bom.test.ts checks the bytes against the library's serialiser for every spec version.

const HASH_ALGORITHMS = new Set([
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  'SHA3-256',
  'SHA3-384',
  'SHA3-512',
  'BLAKE2b-256',
  'BLAKE2b-384',
  'BLAKE2b-512',
  'BLAKE3',
])
const HASH_VALUE = /^([a-fA-F0-9]{32})$|^([a-fA-F0-9]{40})$|^([a-fA-F0-9]{64})$|^([a-fA-F0-9]{96})$|^([a-fA-F0-9]{128})$/

function component(record: ComponentRecord): Record<string, unknown> {
  // The library drops a hash it cannot write; so does this (bom.ts then fails loudly on the missing hash).
  const hashes = record.hashes
    .filter((hash) => HASH_ALGORITHMS.has(hash.alg) && HASH_VALUE.test(hash.content))
    .map((hash) => ({ alg: hash.alg, content: hash.content }))
  const licenses =
    record.licenses.length === 1 && 'expression' in record.licenses[0]!
      ? [{ expression: record.licenses[0].expression }]
      : record.licenses.map((license) => ({ license }))
  return {
    type: 'library',
    name: record.name,
    group: record.group || undefined,
    version: record.version.length > 0 ? record.version : undefined,
    'bom-ref': record.ref || undefined,
    scope: record.scope,
    hashes: record.hashes.length > 0 ? hashes : undefined,
    licenses: licenses.length > 0 ? licenses : undefined,
    purl: record.purl,
    properties: record.properties.length > 0 ? record.properties.map(([name, value]) => ({ name, value })) : undefined,
  }
}

/** The BOM as CycloneDX JSON of `specVersion`, indented by two spaces, without a trailing newline. */
export function serializeJsonBom(document: BomDocument, specVersion: SpecVersion, serialNumber: string): string {
  const { root } = document
  const tools =
    specVersion === '1.4'
      ? [{ vendor: 'pipeguard', name: 'pipeguard', version: document.toolVersion || undefined }]
      : { components: [{ type: 'application', name: 'pipeguard', group: 'pipeguard', version: document.toolVersion || undefined }] }
  const refs = new Set<string>([root.ref])
  for (const record of document.components) refs.add(record.ref)
  const dependency = (ref: string, on: readonly string[]): Record<string, unknown> => {
    const dependsOn = on.filter((target) => refs.has(target) && target !== ref)
    return { ref, dependsOn: dependsOn.length > 0 ? dependsOn : undefined }
  }
  return JSON.stringify(
    {
      $schema: `http://cyclonedx.org/schema/bom-${specVersion}.schema.json`,
      bomFormat: 'CycloneDX',
      specVersion,
      version: 1,
      serialNumber,
      metadata: {
        timestamp: document.timestamp?.toISOString(),
        tools,
        component: {
          type: 'application',
          name: root.name,
          version: root.version !== undefined && root.version.length > 0 ? root.version : undefined,
          'bom-ref': root.ref,
        },
      },
      components: document.components.map(component),
      dependencies: [
        dependency(root.ref, root.dependencies),
        ...document.components.map((record) => dependency(record.ref, record.dependencies)),
      ],
    },
    null,
    2,
  )
}
