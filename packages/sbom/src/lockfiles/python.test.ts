import { beforeAll, describe, expect, it } from '@jest/globals'
import type { PackageGraph } from '../package-graph.js'
import { readPipfileLock } from './pipenv.js'
import { readPoetryLock } from './poetry.js'
import { readRequirements } from './requirements.js'
import { readUvLock } from './uv.js'
import { loadTomlParser } from './toml-text.js'

const context = (path: string, siblings: Record<string, string> = {}) => ({ path, readSibling: (name: string) => siblings[name] })
const find = (graph: PackageGraph, id: string) => graph.packages.find((pkg) => pkg.id === id)
const A = 'a'.repeat(64)
const B = 'b'.repeat(64)

// poetry, uv and Pipfile read TOML through smol-toml, which readProjectGraphs loads on demand.
beforeAll(loadTomlParser)

describe('readRequirements', () => {
  it('turns pins into components with their hashes and reports every unpinned line at its line and column', () => {
    const text = [
      '# compiled',
      '--index-url https://pypi.org/simple',
      `Django==5.0.1 \\`,
      `    --hash=sha256:${A}`,
      `zope.interface==6.1 --hash=sha256:${A} --hash=sha256:${B}`,
      'requests>=2.31',
      '-e ./local',
      '  flask  # no version',
      'pkg @ git+https://github.com/o/pkg@0123456789abcdef0123456789abcdef01234567',
      '',
    ].join('\n')
    const graph = readRequirements(text, context('requirements.txt'))
    expect(graph.packages.map((pkg) => pkg.id)).toEqual([
      'pkg:pypi/django@5.0.1',
      'pkg:pypi/pkg@0123456789abcdef0123456789abcdef01234567',
      'pkg:pypi/zope.interface@6.1',
    ])
    expect(find(graph, 'pkg:pypi/django@5.0.1')!.hashes).toEqual([{ alg: 'SHA-256', content: A }])
    // Two distribution files: both hashes kept, as properties (a component has one hash per algorithm).
    expect(find(graph, 'pkg:pypi/zope.interface@6.1')).toMatchObject({
      hashes: [],
      properties: [
        ['pipeguard:artifact-hash', `sha256:${A}`],
        ['pipeguard:artifact-hash', `sha256:${B}`],
      ],
    })
    expect(find(graph, 'pkg:pypi/pkg@0123456789abcdef0123456789abcdef01234567')).toMatchObject({ source: 'git' })
    expect(graph.problems).toEqual([
      expect.objectContaining({
        rule: 'sbom-unpinned-requirement',
        line: 6,
        column: 1,
        message: expect.stringContaining("'requests>=2.31'"),
      }),
      expect.objectContaining({ rule: 'sbom-unpinned-requirement', line: 8, column: 3 }),
    ])
  })

  it('marks a development requirements file dev-only with the reason', () => {
    const graph = readRequirements('pytest==8.0.0\n', context('requirements/dev.txt'))
    expect(graph.packages[0]).toMatchObject({ dev: true, properties: [['pipeguard:dev-reason', 'listed only in requirements/dev.txt']] })
  })
})

describe('readPoetryLock', () => {
  it('reads groups, files, dependencies and the direct ones from pyproject.toml', () => {
    const lock = `[[package]]\nname = "Requests"\nversion = "2.31.0"\noptional = false\npython-versions = ">=3.7"\ngroups = ["main"]\nfiles = [\n    {file = "requests-2.31.0.tar.gz", hash = "sha256:${A}"},\n]\n\n[package.dependencies]\ncharset-normalizer = ">=2,<4"\n\n[[package]]\nname = "charset_normalizer"\nversion = "3.3.2"\ngroups = ["main"]\nfiles = []\n\n[[package]]\nname = "pytest"\nversion = "8.0.0"\ngroups = ["dev"]\nfiles = []\n\n[[package]]\nname = "mylib"\nversion = "0.1.0"\ngroups = ["main"]\nfiles = []\n\n[package.source]\ntype = "directory"\nurl = "../mylib"\n\n[metadata]\nlock-version = "2.1"\n`
    const pyproject =
      '[tool.poetry.dependencies]\npython = "^3.9"\nrequests = "^2.31"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n'
    const graph = readPoetryLock(lock, context('poetry.lock', { 'pyproject.toml': pyproject }))
    expect(graph.problems).toEqual([])
    expect(graph.packages.map((pkg) => pkg.id)).toEqual([
      'pkg:pypi/charset-normalizer@3.3.2',
      'pkg:pypi/pytest@8.0.0',
      'pkg:pypi/requests@2.31.0',
    ])
    expect(find(graph, 'pkg:pypi/requests@2.31.0')).toMatchObject({
      dev: false,
      hashes: [{ alg: 'SHA-256', content: A }],
      dependencies: ['pkg:pypi/charset-normalizer@3.3.2'],
    })
    expect(find(graph, 'pkg:pypi/pytest@8.0.0')).toMatchObject({ dev: true, properties: [['pipeguard:dev-reason', 'poetry groups: dev']] })
    expect(graph.direct).toEqual(['pkg:pypi/pytest@8.0.0', 'pkg:pypi/requests@2.31.0'])
  })

  it('reads the hashes of an old lock file from [metadata.files] and the dev category', () => {
    const lock = `[[package]]\nname = "six"\nversion = "1.16.0"\ncategory = "dev"\noptional = false\n\n[metadata]\nlock-version = "1.1"\n\n[metadata.files]\nsix = [\n    {file = "six-1.16.0.tar.gz", hash = "sha256:${A}"},\n]\n`
    const graph = readPoetryLock(lock, context('poetry.lock'))
    expect(graph.packages).toEqual([
      expect.objectContaining({
        id: 'pkg:pypi/six@1.16.0',
        dev: true,
        hashes: [{ alg: 'SHA-256', content: A }],
        properties: [['pipeguard:dev-reason', 'poetry category: dev']],
      }),
    ])
  })

  it('reports invalid TOML at its line', () => {
    const graph = readPoetryLock('[[package]]\nname = "a"\nversion = \n', context('poetry.lock'))
    expect(graph.problems).toEqual([expect.objectContaining({ rule: 'sbom-lockfile-invalid', line: 3 })])
  })
})

describe('readUvLock', () => {
  it('makes editable packages workspace members and splits dev groups by reachability', () => {
    const lock = `version = 1\nrequires-python = ">=3.9"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [\n    { name = "anyio" },\n]\n\n[package.dev-dependencies]\ndev = [\n    { name = "pytest" },\n]\n\n[[package]]\nname = "anyio"\nversion = "4.2.0"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/anyio-4.2.0.tar.gz", hash = "sha256:${A}", size = 1 }\n\n[[package]]\nname = "pytest"\nversion = "8.0.0"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/pytest-8.0.0.tar.gz", hash = "sha256:${A}", size = 1 }\nwheels = [\n    { url = "https://files.pythonhosted.org/pytest-8.0.0-py3-none-any.whl", hash = "sha256:${B}", size = 1 },\n]\n`
    const graph = readUvLock(lock, context('uv.lock'))
    expect(graph.problems).toEqual([])
    expect(find(graph, 'pkg:pypi/app@0.1.0')).toMatchObject({
      source: 'workspace',
      dependencies: ['pkg:pypi/anyio@4.2.0', 'pkg:pypi/pytest@8.0.0'],
    })
    expect(find(graph, 'pkg:pypi/anyio@4.2.0')).toMatchObject({ dev: false, hashes: [{ alg: 'SHA-256', content: A }] })
    expect(find(graph, 'pkg:pypi/pytest@8.0.0')).toMatchObject({
      dev: true,
      properties: [
        ['pipeguard:artifact-hash', `sha256:${A} pytest-8.0.0.tar.gz`],
        ['pipeguard:artifact-hash', `sha256:${B} pytest-8.0.0-py3-none-any.whl`],
      ],
    })
  })
})

describe('readPipfileLock', () => {
  it('reads default and develop, keeping a package in both as production', () => {
    const lock = JSON.stringify({
      _meta: {},
      default: {
        requests: { version: '==2.31.0', hashes: [`sha256:${A}`] },
        idna: { version: '==3.6', hashes: [`sha256:${A}`, `sha256:${B}`] },
      },
      develop: { pytest: { version: '==8.0.0' }, idna: { version: '==3.6' }, mine: { editable: true, path: '.' } },
    })
    const graph = readPipfileLock(
      lock,
      context('Pipfile.lock', { Pipfile: '[packages]\nrequests = "*"\n\n[dev-packages]\npytest = "*"\n' }),
    )
    expect(graph.packages.map((pkg) => [pkg.id, pkg.dev])).toEqual([
      ['pkg:pypi/idna@3.6', false],
      ['pkg:pypi/pytest@8.0.0', true],
      ['pkg:pypi/requests@2.31.0', false],
    ])
    expect(graph.direct).toEqual(['pkg:pypi/pytest@8.0.0', 'pkg:pypi/requests@2.31.0'])
  })
})
