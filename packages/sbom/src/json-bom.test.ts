import { describe, expect, it } from '@jest/globals'
import type { BomDocument } from './bom-document.js'
import { serializeJsonBom } from './json-bom.js'
import { libraryBom } from './xml-bom.js'

const serial = 'urn:uuid:12345678-1234-5234-8234-123456789abc'

/** Every field pipeguard writes, and the edge cases the library treats specially. */
function document(timestamp: Date | undefined, toolVersion = '1.2.3'): BomDocument {
  return {
    root: { ref: 'project:app@1.0.0', name: 'app', version: '1.0.0', dependencies: ['pkg:npm/a@1.0.0', 'pkg:npm/%40s/c@3.0.0'] },
    toolVersion,
    timestamp,
    components: [
      {
        ref: 'pkg:npm/a@1.0.0',
        name: 'a',
        version: '1.0.0',
        group: undefined,
        scope: undefined,
        purl: 'pkg:npm/a@1.0.0',
        hashes: [
          { alg: 'SHA-512', content: 'ab'.repeat(64) },
          { alg: 'SHA-1', content: 'cd'.repeat(20) },
          { alg: 'MD5', content: 'ef'.repeat(16) },
        ],
        licenses: [{ id: 'MIT' }, { name: 'Some Custom License' }],
        properties: [
          ['pipeguard:lockfile', 'package-lock.json'],
          ['pipeguard:lockfile', 'sub/package-lock.json'],
        ],
        // a self-edge and an edge to a ref outside the document are both left out by the library
        dependencies: ['pkg:npm/a@1.0.0', 'pkg:npm/b@2.0.0', 'pkg:npm/missing@1.0.0'],
      },
      {
        ref: 'pkg:npm/b@2.0.0',
        name: 'b',
        version: '2.0.0',
        group: '',
        scope: 'excluded',
        purl: 'pkg:npm/b@2.0.0',
        hashes: [{ alg: 'SHA-256', content: 'not-hex' }],
        licenses: [{ expression: '(MIT OR Apache-2.0)' }],
        properties: [['pipeguard:dev-reason', 'reachable only through development dependencies']],
        dependencies: [],
      },
      {
        ref: 'pkg:npm/%40s/c@3.0.0',
        name: 'c',
        version: '',
        group: '@s',
        scope: 'optional',
        purl: 'pkg:npm/%40s/c?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fs%2Fc.git',
        hashes: [],
        licenses: [],
        properties: [],
        dependencies: ['pkg:npm/b@2.0.0'],
      },
    ],
  }
}

describe('serializeJsonBom', () => {
  it.each(['1.4', '1.5', '1.6', '1.7'] as const)('writes the same bytes as the CycloneDX library for %s', async (specVersion) => {
    for (const doc of [document(undefined), document(new Date(1_700_000_000_000), ''), { ...document(undefined), components: [] }]) {
      const expected = (await libraryBom(doc, specVersion, serial)).json()
      expect(serializeJsonBom(doc, specVersion, serial)).toBe(expected)
    }
  })

  it('keeps the root without a version versionless', async () => {
    const doc = document(undefined)
    const versionless = { ...doc, root: { ...doc.root, version: undefined } }
    expect(serializeJsonBom(versionless, '1.6', serial)).toBe((await libraryBom(versionless, '1.6', serial)).json())
    expect(JSON.parse(serializeJsonBom(versionless, '1.6', serial)).metadata.component).toEqual({
      type: 'application',
      name: 'app',
      'bom-ref': 'project:app@1.0.0',
    })
  })
})
