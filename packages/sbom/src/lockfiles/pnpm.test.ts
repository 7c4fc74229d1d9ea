import { describe, expect, it } from '@jest/globals'
import type { PackageGraph } from '../package-graph.js'
import { loadFullYamlParser } from '../lockfile-yaml.js'
import { readPnpmLockfile } from './pnpm.js'

const context = (siblings: Record<string, string> = {}) => ({ path: 'pnpm-lock.yaml', readSibling: (name: string) => siblings[name] })
const find = (graph: PackageGraph, id: string) => graph.packages.find((pkg) => pkg.id === id)
const integrity = 'sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=='

const v9 = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:

  .:
    dependencies:
      react-dom:
        specifier: ^18
        version: 18.2.0(react@18.2.0)
      lib:
        specifier: workspace:*
        version: link:packages/lib
    devDependencies:
      vitest:
        specifier: ^1
        version: 1.0.0

  packages/lib:
    dependencies:
      string-width-cjs:
        specifier: npm:string-width@^4
        version: string-width@4.2.3
      local:
        specifier: file:../local
        version: file:local

packages:

  react-dom@18.2.0:
    resolution: {integrity: ${integrity}}
    peerDependencies:
      react: ^18.2.0

  react@18.2.0:
    resolution: {integrity: ${integrity}}

  vitest@1.0.0:
    resolution: {integrity: ${integrity}}
    engines: {node: '>=18'}
    cpu: [x64, arm64]

  string-width@4.2.3:
    resolution: {integrity: ${integrity}}

  tiny@https://codeload.github.com/o/tiny/tar.gz/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/o/tiny/tar.gz/0123456789abcdef0123456789abcdef01234567}
    version: 1.0.0

  local@file:local:
    resolution: {directory: local, type: directory}

snapshots:

  react-dom@18.2.0(react@18.2.0):
    dependencies:
      react: 18.2.0

  react@18.2.0: {}

  vitest@1.0.0:
    dependencies:
      tiny: https://codeload.github.com/o/tiny/tar.gz/0123456789abcdef0123456789abcdef01234567

  string-width@4.2.3: {}

  tiny@https://codeload.github.com/o/tiny/tar.gz/0123456789abcdef0123456789abcdef01234567: {}

  local@file:local: {}
`

describe('readPnpmLockfile', () => {
  it('reads a 9.0 workspace: snapshots with peers merge into one component, dev by reachability, links and aliases', () => {
    const graph = readPnpmLockfile(v9, context({ 'packages/lib/package.json': '{"name":"@app/lib","version":"0.1.0"}' }))
    expect(graph.format).toBe('pnpm-9.0')
    expect(graph.problems).toEqual([])
    expect(graph.packages.map((pkg) => pkg.id)).toEqual([
      'pkg:npm/%40app/lib@0.1.0',
      'pkg:npm/react-dom@18.2.0',
      'pkg:npm/react@18.2.0',
      'pkg:npm/string-width@4.2.3',
      'pkg:npm/tiny@1.0.0',
      'pkg:npm/vitest@1.0.0',
    ])
    expect(find(graph, 'pkg:npm/react-dom@18.2.0')).toMatchObject({
      dev: false,
      dependencies: ['pkg:npm/react@18.2.0'],
      hashes: [{ alg: 'SHA-512' }],
    })
    expect(find(graph, 'pkg:npm/vitest@1.0.0')!.dev).toBe(true)
    expect(find(graph, 'pkg:npm/tiny@1.0.0')).toMatchObject({ dev: true, source: 'url' })
    expect(find(graph, 'pkg:npm/%40app/lib@0.1.0')).toMatchObject({ source: 'workspace', dependencies: ['pkg:npm/string-width@4.2.3'] })
    expect(graph.direct).toEqual(['pkg:npm/%40app/lib@0.1.0', 'pkg:npm/react-dom@18.2.0', 'pkg:npm/vitest@1.0.0'])
  })

  it('reads 5.4 keys (/name/version_peer) and 6.0 keys (/name@version(peer)) to the same components', () => {
    const v5 = `lockfileVersion: 5.4\n\nspecifiers:\n  a: ^1\n\ndependencies:\n  a: 1.0.0_b@2.0.0\n\npackages:\n\n  /a/1.0.0_b@2.0.0:\n    resolution: {integrity: ${integrity}}\n    dependencies:\n      b: 2.0.0\n    dev: false\n\n  /b/2.0.0:\n    resolution: {integrity: ${integrity}}\n    dev: false\n`
    const v6 = `lockfileVersion: '6.0'\n\ndependencies:\n  a:\n    specifier: ^1\n    version: 1.0.0(b@2.0.0)\n\npackages:\n\n  /a@1.0.0(b@2.0.0):\n    resolution: {integrity: ${integrity}}\n    dependencies:\n      b: 2.0.0\n    dev: false\n\n  /b@2.0.0:\n    resolution: {integrity: ${integrity}}\n    dev: false\n`
    for (const text of [v5, v6]) {
      const graph = readPnpmLockfile(text, context())
      expect(graph.problems).toEqual([])
      expect(graph.packages.map((pkg) => [pkg.id, pkg.dependencies])).toEqual([
        ['pkg:npm/a@1.0.0', ['pkg:npm/b@2.0.0']],
        ['pkg:npm/b@2.0.0', []],
      ])
      expect(graph.direct).toEqual(['pkg:npm/a@1.0.0'])
    }
  })

  it('takes the last document of a two-document lockfile', () => {
    const text = `---\nlockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    configDependencies: {}\n\n---\nlockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      a:\n        specifier: ^1\n        version: 1.0.0\n\npackages:\n\n  a@1.0.0:\n    resolution: {integrity: ${integrity}}\n\nsnapshots:\n\n  a@1.0.0: {}\n`
    const graph = readPnpmLockfile(text, context())
    expect(graph.packages.map((pkg) => pkg.id)).toEqual(['pkg:npm/a@1.0.0'])
    expect(graph.direct).toEqual(['pkg:npm/a@1.0.0'])
  })

  it('reports invalid YAML at its line and an unknown lockfile version', async () => {
    await loadFullYamlParser()
    const broken = readPnpmLockfile("lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  a@1.0.0: {}\nsnapshots: {}\n", context())
    expect(broken.problems).toEqual([
      expect.objectContaining({ rule: 'sbom-lockfile-invalid', line: 4, message: expect.stringContaining('unique') }),
    ])
    const future = readPnpmLockfile("lockfileVersion: '11.0'\n", context())
    expect(future.problems).toEqual([expect.objectContaining({ rule: 'sbom-lockfile-unsupported', line: 1 })])
  })
})
