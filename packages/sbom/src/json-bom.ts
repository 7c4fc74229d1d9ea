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
// The library's hash-content test (32, 40, 64, 96 or 128 hex digits) as a length and one scan, without its
// alternation's four failed attempts on every SHA-512.
const HASH_LENGTHS = new Set([32, 40, 64, 96, 128])
const HEX = /^[a-fA-F0-9]+$/
const isHashValue = (content: string): boolean => HASH_LENGTHS.has(content.length) && HEX.test(content)

type Json = string | number | boolean | Json[] | { [key: string]: Json }
/** A JSON object: values that are never undefined, so validating it is validating the text JSON.stringify makes of it. */
export type JsonObject = { [key: string]: Json }

function component(record: ComponentRecord): JsonObject {
  const result: JsonObject = { type: 'library', name: record.name }
  if (record.group) result.group = record.group
  if (record.version.length > 0) result.version = record.version
  if (record.ref) result['bom-ref'] = record.ref
  if (record.scope !== undefined) result.scope = record.scope
  if (record.hashes.length > 0) {
    // The library drops a hash it cannot write; so does this (bom.ts then fails loudly on the missing hash).
    result.hashes = record.hashes
      .filter((hash) => HASH_ALGORITHMS.has(hash.alg) && isHashValue(hash.content))
      .map((hash) => ({ alg: hash.alg, content: hash.content }))
  }
  if (record.licenses.length === 1 && 'expression' in record.licenses[0]!) {
    result.licenses = [{ expression: record.licenses[0].expression }]
  } else if (record.licenses.length > 0) {
    result.licenses = record.licenses.map((license) => ({ license: { ...license } }))
  }
  result.purl = record.purl
  if (record.properties.length > 0) result.properties = record.properties.map(([name, value]) => ({ name, value }))
  return result
}

/** The BOM as the JSON object of CycloneDX `specVersion` (what serializeJsonBom writes; no undefined anywhere). */
export function jsonBomOf(document: BomDocument, specVersion: SpecVersion, serialNumber: string): JsonObject {
  const { root } = document
  const tool: JsonObject =
    specVersion === '1.4' ? { vendor: 'pipeguard', name: 'pipeguard' } : { type: 'application', name: 'pipeguard', group: 'pipeguard' }
  if (document.toolVersion) tool.version = document.toolVersion
  const metadata: JsonObject = {}
  if (document.timestamp !== undefined) metadata.timestamp = document.timestamp.toISOString()
  metadata.tools = specVersion === '1.4' ? [tool] : { components: [tool] }
  const project: JsonObject = { type: 'application', name: root.name }
  if (root.version !== undefined && root.version.length > 0) project.version = root.version
  project['bom-ref'] = root.ref
  metadata.component = project
  const refs = new Set<string>([root.ref])
  for (const record of document.components) refs.add(record.ref)
  const dependency = (ref: string, on: readonly string[]): JsonObject => {
    const dependsOn = on.filter((target) => refs.has(target) && target !== ref)
    return dependsOn.length > 0 ? { ref, dependsOn } : { ref }
  }
  const dependencies: Json[] = [dependency(root.ref, root.dependencies)]
  for (const record of document.components) dependencies.push(dependency(record.ref, record.dependencies))
  return {
    $schema: `http://cyclonedx.org/schema/bom-${specVersion}.schema.json`,
    bomFormat: 'CycloneDX',
    specVersion,
    version: 1,
    serialNumber,
    metadata,
    components: document.components.map(component),
    dependencies,
  }
}

/** The BOM as CycloneDX JSON of `specVersion`, indented by two spaces, without a trailing newline. */
export function serializeJsonBom(document: BomDocument, specVersion: SpecVersion, serialNumber: string): string {
  return JSON.stringify(jsonBomOf(document, specVersion, serialNumber), null, 2)
}
