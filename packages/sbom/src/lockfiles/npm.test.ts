import { describe, expect, it } from '@jest/globals'
import type { PackageGraph } from '../package-graph.js'
import { readNpmLockfile } from './npm.js'

const context = (siblings: Record<string, string> = {}) => ({ path: 'package-lock.json', readSibling: (name: string) => siblings[name] })
const find = (graph: PackageGraph, id: string) => graph.packages.find((pkg) => pkg.id === id)

const v3 = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': {
      name: 'app',
      version: '1.0.0',
      workspaces: ['packages/*'],
      dependencies: { lodash: '^4.17.0', 'string-width-cjs': 'npm:string-width@^4.2.0' },
      devDependencies: { jest: '^29' },
    },
    'node_modules/lodash': {
      version: '4.17.21',
      resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz',
      integrity: 'sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==',
      license: 'MIT',
    },
    'node_modules/jest': { version: '29.7.0', dev: true, dependencies: { '@jest/core': '^29.7.0' }, license: 'MIT' },
    'node_modules/@jest/core': { version: '29.7.0', dev: true, license: '(MIT OR Apache-2.0)' },
    'node_modules/string-width-cjs': { name: 'string-width', version: '4.2.3', integrity: 'sha1-L6DMOjk4wMsL7zG5sbQ4VhXb6y0=' },
    'node_modules/fsevents': { version: '2.3.3', optional: true },
    'node_modules/local-thing': { resolved: 'file:../local-thing', link: true },
    'node_modules/gitdep': { version: '1.0.0', resolved: 'git+ssh://git@github.com/o/gitdep.git#0123456789abcdef0123456789abcdef01234567' },
    'node_modules/@app/ui': { resolved: 'packages/ui', link: true },
    'packages/ui': { name: '@app/ui', dependencies: { lodash: '^4' } },
  },
})

describe('readNpmLockfile', () => {
  it('reads lockfileVersion 3 with dev, optional, licenses, hashes, aliases, git and workspaces', () => {
    const graph = readNpmLockfile(v3, context())
    expect(graph.format).toBe('npm-v3')
    expect(graph.problems).toEqual([])
    const lodash = find(graph, 'pkg:npm/lodash@4.17.21')!
    expect(lodash.hashes).toEqual([
      {
        alg: 'SHA-512',
        content:
          'bf690311ee7b95e713ba568322e3533f2dd1cb880b189e99d4edef13592b81764daec43e2c54c61d5c558dc5cfb35ecb85b65519e74026ff17675b6f8f916f4a',
      },
    ])
    expect(lodash.licenses).toEqual(['MIT'])
    expect(find(graph, 'pkg:npm/jest@29.7.0')).toMatchObject({ dev: true, dependencies: ['pkg:npm/%40jest/core@29.7.0'] })
    expect(find(graph, 'pkg:npm/%40jest/core@29.7.0')!.licenses).toEqual(['(MIT OR Apache-2.0)'])
    // An alias is the real package; where it is installed is a property.
    expect(find(graph, 'pkg:npm/string-width@4.2.3')).toMatchObject({
      hashes: [{ alg: 'SHA-1', content: '2fa0cc3a3938c0cb0bef31b9b1b4385615dbeb2d' }],
      properties: expect.arrayContaining([['pipeguard:installed-as', 'string-width-cjs']]),
    })
    expect(find(graph, 'pkg:npm/fsevents@2.3.3')!.optional).toBe(true)
    expect(find(graph, 'pkg:npm/gitdep@1.0.0')).toMatchObject({
      source: 'git',
      qualifiers: { vcs_url: 'git+ssh://git@github.com/o/gitdep.git' },
    })
    // The workspace member is a component of its own, versionless here, depending on what it uses.
    expect(find(graph, 'pkg:npm/%40app/ui')).toMatchObject({ source: 'workspace', dependencies: ['pkg:npm/lodash@4.17.21'] })
    expect(graph.packages.some((pkg) => pkg.name === 'local-thing')).toBe(false)
    expect(graph.direct).toEqual(
      expect.arrayContaining(['pkg:npm/lodash@4.17.21', 'pkg:npm/jest@29.7.0', 'pkg:npm/%40app/ui', 'pkg:npm/string-width@4.2.3']),
    )
  })

  it('resolves nested node_modules the way Node does', () => {
    const lock = JSON.stringify({
      lockfileVersion: 2,
      packages: {
        '': { dependencies: { a: '1', b: '1' } },
        'node_modules/a': { version: '1.0.0', dependencies: { b: '2' } },
        'node_modules/a/node_modules/b': { version: '2.0.0' },
        'node_modules/b': { version: '1.0.0' },
      },
    })
    const graph = readNpmLockfile(lock, context())
    expect(find(graph, 'pkg:npm/a@1.0.0')!.dependencies).toEqual(['pkg:npm/b@2.0.0'])
    expect(graph.direct).toEqual(['pkg:npm/a@1.0.0', 'pkg:npm/b@1.0.0'])
  })

  it('reads lockfileVersion 1 nested dependencies, requires and aliases, with package.json for the roots', () => {
    const lock = JSON.stringify({
      name: 'old',
      lockfileVersion: 1,
      requires: true,
      dependencies: {
        a: {
          version: '1.0.0',
          integrity: 'sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==',
          requires: { b: '^2' },
          dependencies: { b: { version: '2.0.0' } },
        },
        b: { version: '1.0.0', dev: true },
        c: { version: 'npm:real-c@3.0.0' },
      },
    })
    const manifest = '\ufeff{ "name": "old", "dependencies": { "a": "1", "c": "npm:real-c@3" }, "devDependencies": { "b": "1" } }'
    const graph = readNpmLockfile(lock, context({ 'package.json': manifest }))
    expect(graph.format).toBe('npm-v1')
    expect(find(graph, 'pkg:npm/a@1.0.0')!.dependencies).toEqual(['pkg:npm/b@2.0.0'])
    expect(find(graph, 'pkg:npm/b@1.0.0')!.dev).toBe(true)
    expect(find(graph, 'pkg:npm/real-c@3.0.0')).toBeDefined()
    expect(graph.direct).toEqual(['pkg:npm/a@1.0.0', 'pkg:npm/b@1.0.0', 'pkg:npm/real-c@3.0.0'])
  })

  it('reports a corrupt lockfile at the line of the error and an unsupported version, without throwing', () => {
    const corrupt = readNpmLockfile('{\n  "lockfileVersion": 3,\n  "packages": {\n', context())
    expect(corrupt.problems).toEqual([expect.objectContaining({ rule: 'sbom-lockfile-invalid', line: 4 })])
    const future = readNpmLockfile('{\n  "lockfileVersion": 9\n}\n', context())
    expect(future.problems).toEqual([expect.objectContaining({ rule: 'sbom-lockfile-unsupported', line: 2 })])
    expect(future.packages).toEqual([])
  })

  it('reports a dependency the lockfile does not contain', () => {
    const lock = JSON.stringify(
      {
        lockfileVersion: 3,
        packages: { '': { dependencies: { a: '1' } }, 'node_modules/a': { version: '1.0.0', dependencies: { missing: '1' } } },
      },
      null,
      2,
    )
    const graph = readNpmLockfile(lock, context())
    expect(graph.problems).toEqual([
      expect.objectContaining({ rule: 'sbom-dangling-dependency', message: expect.stringContaining('missing') }),
    ])
    expect(find(graph, 'pkg:npm/a@1.0.0')!.dependencies).toEqual([])
  })
})
