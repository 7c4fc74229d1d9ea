import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { Validation, Spec } from '@cyclonedx/cyclonedx-library'
import { repositoryRoot, runProcess } from '@pipeguard/test-kit'
import { buildBom, type BomOptions } from './bom.js'
import { createGraphBuilder } from './graph-builder.js'
import type { PackageGraph } from './package-graph.js'
import { validateBom } from './validate.js'

const options: BomOptions = { specVersion: '1.6', bomFormat: 'json', includeDev: true, timestamp: undefined, toolVersion: '9.9.9' }
const project = { name: 'app', version: '1.0.0' }

function graph(): PackageGraph {
  const builder = createGraphBuilder('npm', 'package-lock.json', 'npm-v3')
  const a = builder.add({
    name: 'a',
    version: '1.0.0',
    hashes: [
      { alg: 'SHA-512', content: 'ab'.repeat(64) },
      { alg: 'SHA-1', content: 'cd'.repeat(20) },
    ],
    licenses: ['MIT'],
  })
  const b = builder.add({ name: 'b', version: '2.0.0', licenses: ['(MIT OR Apache-2.0)'] })
  const c = builder.add({
    namespace: '@s',
    name: 'c',
    version: '3.0.0',
    licenses: ['Some Custom License'],
    qualifiers: { vcs_url: 'git+https://github.com/s/c.git' },
  })
  builder.depend(a, b)
  builder.depend(b, c)
  builder.direct(a)
  return builder.build()
}

interface Bom {
  specVersion: string
  components: { purl: string; hashes?: { alg: string; content: string }[]; licenses?: Record<string, unknown>[] }[]
  dependencies: { ref: string; dependsOn?: string[] }[]
}

describe('buildBom', () => {
  it('keeps every hash (the library silently drops malformed ones; ours are checked), licenses as SPDX, expression or name', async () => {
    const built = await buildBom([graph()], project, options)
    const bom = JSON.parse(built.text) as Bom
    const a = bom.components.find((component) => component.purl === 'pkg:npm/a@1.0.0')!
    expect(a.hashes).toEqual([
      { alg: 'SHA-1', content: 'cd'.repeat(20) },
      { alg: 'SHA-512', content: 'ab'.repeat(64) },
    ])
    expect(a.licenses).toEqual([{ license: { id: 'MIT' } }])
    expect(bom.components.find((component) => component.purl === 'pkg:npm/b@2.0.0')!.licenses).toEqual([
      { expression: '(MIT OR Apache-2.0)' },
    ])
    expect(bom.components.find((component) => component.purl.startsWith('pkg:npm/%40s/c@3.0.0'))).toMatchObject({
      purl: 'pkg:npm/%40s/c@3.0.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fs%2Fc.git',
      licenses: [{ license: { name: 'Some Custom License' } }],
    })
    expect(bom.dependencies).toEqual([
      { ref: 'project:app@1.0.0', dependsOn: ['pkg:npm/a@1.0.0'] },
      { ref: 'pkg:npm/%40s/c@3.0.0' },
      { ref: 'pkg:npm/a@1.0.0', dependsOn: ['pkg:npm/b@2.0.0'] },
      { ref: 'pkg:npm/b@2.0.0', dependsOn: ['pkg:npm/%40s/c@3.0.0'] },
    ])
  })

  it('fails loudly when a hash would be dropped by the serializer', async () => {
    const broken = graph()
    broken.packages[0]!.hashes.push({ alg: 'SHA-256', content: 'not-hex' })
    await expect(buildBom([broken], project, options)).rejects.toThrow('the CycloneDX serializer dropped a hash of pkg:npm/%40s/c@3.0.0')
  })

  it.each(['1.4', '1.5', '1.6', '1.7'] as const)('writes CycloneDX %s in JSON and XML', async (specVersion) => {
    const json = await buildBom([graph()], project, { ...options, specVersion })
    expect((JSON.parse(json.text) as Bom).specVersion).toBe(specVersion)
    const xml = await buildBom([graph()], project, { ...options, specVersion, bomFormat: 'xml' })
    expect(xml.text).toContain(`<bom xmlns="http://cyclonedx.org/schema/bom/${specVersion}"`)
    expect(xml.text).toContain('<purl>pkg:npm/a@1.0.0</purl>')
    expect(xml.serialNumber).toBe(json.serialNumber)
  })
})

describe('validateBom', () => {
  it('rejects a BOM that breaks the official schema, naming where', async () => {
    await expect(validateBom({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'library' }] }, '1.6')).rejects.toThrow(
      "the generated SBOM does not validate against the CycloneDX 1.6 JSON schema: /components/0 must have required property 'name'",
    )
    await expect(
      validateBom(
        {
          bomFormat: 'CycloneDX',
          specVersion: '1.6',
          components: [
            { type: 'library', name: 'a' },
            { type: 'library', name: 'a' },
          ],
        },
        '1.6',
      ),
    ).rejects.toThrow('/components must NOT have duplicate items')
    await expect(
      validateBom(
        {
          bomFormat: 'CycloneDX',
          specVersion: '1.6',
          components: [
            { type: 'library', name: 'a' },
            { type: 'library', name: 'b' },
          ],
        },
        '1.6',
      ),
    ).resolves.toBeUndefined()
    const withEdges = (dependsOn: string[]) => ({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ type: 'library', name: 'a', 'bom-ref': 'a' }],
      dependencies: [{ ref: 'a', dependsOn }],
    })
    await expect(validateBom(withEdges(['b', 'c', 'b']), '1.6')).rejects.toThrow('/dependencies/0/dependsOn must NOT have duplicate items')
    await expect(validateBom(withEdges(['b', 'c']), '1.6')).resolves.toBeUndefined()
  })

  it('uses validators generated from the schemas of the installed CycloneDX library (regenerate: node packages/sbom/scripts/generate-validators.mjs)', async () => {
    const result = await runProcess(
      process.execPath,
      [join(repositoryRoot(), 'packages/sbom/scripts/generate-validators.mjs'), '--check'],
      { timeoutMs: 120_000 },
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it.each(['1.4', '1.6', '1.7'] as const)(
    "agrees with the CycloneDX library's own strict validator (%s) on valid and broken BOMs",
    async (specVersion) => {
      const library = new Validation.JsonStrictValidator(Spec.SpecVersionDict[specVersion]!.version)
      const valid = JSON.parse((await buildBom([graph()], project, { ...options, specVersion })).text) as Record<string, unknown> & {
        components: Record<string, unknown>[]
      }
      const variants: [string, unknown][] = [
        ['valid', valid],
        ['component without a name', { ...valid, components: [{ type: 'library' }] }],
        ['duplicate components', { ...valid, components: [valid.components[0], valid.components[0]] }],
        ['unknown hash algorithm', { ...valid, components: [{ ...valid.components[0], hashes: [{ alg: 'SHA-999', content: 'ab' }] }] }],
        ['hash content not hex', { ...valid, components: [{ ...valid.components[0], hashes: [{ alg: 'SHA-1', content: 'xyz' }] }] }],
        ['bad serial number', { ...valid, serialNumber: 'urn:uuid:nope' }],
        ['unknown top-level field', { ...valid, extra: true }],
        ['a component property called description', { ...valid, components: [{ ...valid.components[0], description: 7 }] }],
        ['bad timestamp', { ...valid, metadata: { timestamp: 'yesterday' } }],
        // idn-email loads on first use (validators/formats.cjs).
        ['an author with an e-mail address', { ...valid, metadata: { authors: [{ name: 'a', email: 'a@example.com' }] } }],
        [
          'an author with an internationalised address',
          { ...valid, metadata: { authors: [{ name: 'a', email: 'δοκιμή@παράδειγμα.δοκιμή' }] } },
        ],
        ['an author with a bad e-mail address', { ...valid, metadata: { authors: [{ name: 'a', email: 'not an address' }] } }],
      ]
      for (const [label, bom] of variants) {
        const libraryErrors = await library.validate(JSON.stringify(bom))
        const ours = await validateBom(bom, specVersion).then(
          () => null,
          (error: Error) => error.message,
        )
        expect([label, ours === null]).toEqual([label, libraryErrors === null])
      }
    },
  )
})
