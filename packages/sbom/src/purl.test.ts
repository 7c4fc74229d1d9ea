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
    expect(purlOf('npm', '@Scope', 'Upper', '1.0.0')).toBe('pkg:npm/%40scope/upper@1.0.0')
    expect(() => purlOf('npm', undefined, 'a b', '1.0.0')).toThrow(PURL_LIBRARY_NEEDED)
    expect(purlOf('golang', 'github.com/a', 'b', 'v1.0.0')).toBe('pkg:golang/github.com/a/b@v1.0.0')
    expect(() => purlOf('golang', 'github.com/a', 'b', 'v1')).toThrow(PURL_LIBRARY_NEEDED)
    expect(() => purlOf('golang', 'github.com//a', 'b', 'v1.0.0')).toThrow(PURL_LIBRARY_NEEDED)
    expect(() => purlOf('maven', undefined, 'b', '1.0')).toThrow(PURL_LIBRARY_NEEDED)
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
      ['pypi', undefined, 'Typing_Extensions', '4.12.2'],
      ['npm', undefined, 'JSONStream', '1.3.5'],
      ['composer', 'Vendor_X', 'Pkg', '1.0'],
      ['composer', 'Laravel', 'Framework', 'v11.0.0'],
      ['composer', 'laravel', 'framework', 'dev-main'],
      ['cargo', undefined, 'Inflector', '0.11.4'],
      ['gem', undefined, 'nokogiri', '1.16.0-x86_64-linux'],
      ['github-actions', 'actions', 'checkout', '0123456789abcdef0123456789abcdef01234567'],
      ['github-actions', 'Actions', 'Checkout', 'v4'],
      ['github-actions', 'github/codeql-action', 'init', 'v3'],
      ['github-actions', 'o/r//x', 'y', 'v1'],
      ['golang', 'github.com/prometheus', 'client_golang', 'v1.19.0'],
      ['golang', 'golang.org/x', 'net', 'v0.0.0-20240101000000-abcdefabcdef'],
      ['maven', 'org.apache', 'commons-lang3', '3.14.0'],
      ['maven', 'Org.Apache', 'Commons', '3.14.0-SNAPSHOT'],
      ['golang', 'github.com/Azure/azure-sdk-for-go/sdk', 'azcore', 'v1.11.1'],
      ['golang', 'github.com/docker', 'docker', 'v26.0.0+incompatible'],
      ['golang', 'gopkg.in', 'yaml.v3', 'v3.0.1'],
      ['golang', undefined, 'stdlib', 'v1.22.0'],
      ['golang', '/github.com/a/', 'b', 'v1.0.0'],
      ['golang', 'github.com/a', 'b', 'v1.0'],
      ['golang', 'github.com/a', 'b', 'v01.0.0'],
      ['golang', 'github.com/a', 'b', '1.0.0'],
      ['golang', 'github.com/a', 'b', 'v1.0.0-rc.1+meta'],
      ['npm', undefined, 'a', 'file:../b'],
      ['npm', undefined, 'a', 'git+ssh://x/y.git#abc'],
    ]
    for (const [ecosystem, namespace, name, version, qualifiers] of cases) {
      // packageurl-js rejects some (a golang `v` version that is not semver): purlOf must then throw too.
      const outcome = (build: () => string) => {
        try {
          return build()
        } catch (error) {
          return `throws ${(error as Error).name}`
        }
      }
      const expected = outcome(() => reference(ecosystem, namespace, name, version, qualifiers))
      expect([name, version, outcome(() => purlOf(ecosystem, namespace, name, version, qualifiers))]).toEqual([name, version, expected])
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
    'go/prometheus__prometheus',
    'gradle/JabRef__jabref',
    'github-actions/vitejs__vite',
    'npm-v1/npm__cli',
    'pnpm-v5/vitejs__vite',
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
    expect(checked).toBeGreaterThan(folder.startsWith('github-actions/') ? 10 : 50)
  })
})
