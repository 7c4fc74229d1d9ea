import { describe, expect, it } from '@jest/globals'
import { PackageURL } from 'packageurl-js'
import { corpusPath, describeCorpus } from '@pipeguard/test-kit'
import { readProjectGraphs } from './engine.js'
import { PURL_TYPES, type Ecosystem } from './package-graph.js'
import { loadPurlLibrary, PURL_LIBRARY_NEEDED, purlOf } from './purl.js'

const reference = (
  ecosystem: Ecosystem,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string>,
) => new PackageURL(PURL_TYPES[ecosystem], namespace, name, version, qualifiers, undefined).toString()

describe('purlOf', () => {
  it('builds plain purls without packageurl-js, and asks for it for the others', () => {
    expect(purlOf('npm', '@babel', 'core', '7.0.0')).toBe('pkg:npm/%40babel/core@7.0.0')
    expect(() => purlOf('npm', undefined, 'Upper', '1.0.0')).toThrow(PURL_LIBRARY_NEEDED)
    expect(() => purlOf('golang', 'github.com/a', 'b', 'v1.0.0')).toThrow(PURL_LIBRARY_NEEDED)
  })

  it('builds the same purl as packageurl-js, with and without its fast path', async () => {
    await loadPurlLibrary()
    const cases: [Ecosystem, string | undefined, string, string | undefined, Record<string, string>?][] = [
      ['npm', undefined, 'lodash', '4.17.21'],
      ['npm', '@babel', 'core', '7.0.0-beta.1'],
      ['npm', '@Babel', 'Core', '7.0.0'],
      ['npm', undefined, 'a', '1.0.0+build.5'],
      ['cargo', undefined, 'wasi', '0.11.0+wasi-snapshot-preview1'],
      ['npm', undefined, 'a', '1:2.0'],
      ['gem', undefined, 'a', '1.0 beta'],
      ['cargo', undefined, 'a', '1.0.0%2B1'],
      ['npm', undefined, 'a', ''],
      ['npm', undefined, 'a', undefined],
      ['npm', undefined, ' a ', '1.0.0'],
      ['npm', '@s', 'c', '3.0.0', { vcs_url: 'git+https://github.com/s/c.git' }],
      ['npm', '@s', 'c', '3.0.0', {}],
      ['npm', undefined, 'a~b.c_d', '1.0.0~rc'],
      ['pypi', undefined, 'Jaraco.Classes', '3.4.0'],
      ['pypi', undefined, 'typing_extensions', '4.12.2'],
      ['pypi', undefined, 'zope.interface', '7.0'],
      ['composer', 'Laravel', 'Framework', 'v11.0.0'],
      ['composer', 'laravel', 'framework', 'dev-main'],
      ['cargo', undefined, 'Inflector', '0.11.4'],
      ['gem', undefined, 'nokogiri', '1.16.0-x86_64-linux'],
      ['github-actions', 'actions', 'checkout', '0123456789abcdef0123456789abcdef01234567'],
      ['github-actions', 'Actions', 'Checkout', 'v4'],
      ['golang', 'github.com/prometheus', 'client_golang', 'v1.19.0'],
      ['golang', 'golang.org/x', 'net', 'v0.0.0-20240101000000-abcdefabcdef'],
      ['maven', 'org.apache', 'commons-lang3', '3.14.0'],
      ['npm', undefined, 'a', 'file:../b'],
      ['npm', undefined, 'a', 'git+ssh://x/y.git#abc'],
    ]
    for (const [ecosystem, namespace, name, version, qualifiers] of cases) {
      const expected = reference(ecosystem, namespace, name, version, qualifiers)
      expect([name, purlOf(ecosystem, namespace, name, version, qualifiers)]).toEqual([name, expected])
    }
  })
})

describeCorpus('purlOf on the corpus', () => {
  it.each([
    'pnpm-v9/vitejs__vite',
    'npm-v3/Kong__insomnia',
    'yarn-v1/webpack__webpack',
    'composer/BookStackApp__BookStack',
    'gem/rails__rails',
    'cargo/rust-lang__cargo',
    'poetry/python-poetry__poetry',
    'uv/pydantic__pydantic',
  ])('gives every package of %s the purl packageurl-js gives it', async (folder) => {
    const graphs = await readProjectGraphs(corpusPath(`lockfiles/${folder}`))
    let checked = 0
    for (const graph of graphs) {
      for (const pkg of graph.packages) {
        if (pkg.source === 'workspace') continue
        expect(pkg.id).toBe(reference(pkg.ecosystem, pkg.namespace, pkg.name, pkg.version))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(50)
  })
})
