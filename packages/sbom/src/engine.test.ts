import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { defaultPolicy } from '@pipeguard/policy'
import { corpusPath, describeCorpus, readManifest, tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { generateSbom } from './engine.js'

interface Bom {
  serialNumber: string
  metadata: { component: { 'bom-ref': string; name: string; version?: string }; timestamp?: string }
  components: {
    'bom-ref': string
    purl: string
    scope?: string
    hashes?: { alg: string; content: string }[]
    licenses?: unknown[]
    properties?: { name: string; value: string }[]
  }[]
  dependencies: { ref: string; dependsOn?: string[] }[]
}

/** Third-party components: not workspace members of the project. */
const thirdParty = (bom: Bom) =>
  bom.components.filter((component) => !component.properties?.some((property) => property.name === 'pipeguard:workspace'))

/**
 * pipeguard's unique third-party purls per corpus lockfile, against MANIFEST.tsv's unique_packages. Every
 * difference is explained (and repeated in the README's table).
 */
const EXPECTED: Record<string, { components: number; why?: string }> = {
  'cargo/rust-lang__cargo/Cargo.lock': {
    components: 522,
    why: 'cargo-platform 0.3.3 is both a workspace member and a crates.io dependency: one purl',
  },
  'composer/BookStackApp__BookStack/composer.lock': { components: 147 },
  'gem/rails__rails/Gemfile.lock': {
    components: 218,
    why: '20 platform builds (nokogiri x86_64-linux, ...) of the same gem version are one purl with gem:platform properties',
  },
  'go/prometheus__prometheus/go.sum': { components: 299 },
  'gradle/JabRef__jabref/gradle.lockfile': { components: 199 },
  'npm-v1/npm__cli/package-lock.json': { components: 810 },
  'npm-v2/npm__cli/package-lock.json': { components: 759 },
  'npm-v3/Kong__insomnia/package-lock.json': { components: 1611 },
  'pip-requirements/pypi__warehouse/requirements/main.txt': { components: 184 },
  'pipenv/pypa__pipenv/Pipfile.lock': { components: 105 },
  'pnpm-v5/vitejs__vite/pnpm-lock.yaml': {
    components: 1156,
    why: 'the manifest counts package keys: 53 are file: playground packages (the project itself) and 5 are peer variants of one version',
  },
  'pnpm-v6/vitejs__vite/pnpm-lock.yaml': {
    components: 1166,
    why: 'the manifest counts 76 file: playground packages, which are the project itself',
  },
  'pnpm-v9/vitejs__vite/pnpm-lock.yaml': { components: 1296 },
  'poetry/python-poetry__poetry/poetry.lock': { components: 78 },
  'uv/pydantic__pydantic/uv.lock': { components: 174 },
  'yarn-berry/jestjs__jest/yarn.lock': { components: 2150 },
  'yarn-v1/webpack__webpack/yarn.lock': {
    components: 1393,
    why: 'npm: aliases (string-width-cjs, prettier-2, react-is-18, ...) are the real packages: 4 of them are versions already listed',
  },
  'github-actions/vitejs__vite/.github/workflows/': {
    components: 13,
    why: "$/.github/actions/issues-helper is the repository's own action",
  },
}

describeCorpus('generateSbom on the corpus lockfiles', () => {
  const rows = readManifest(readFileSync(corpusPath('lockfiles', 'MANIFEST.tsv'), 'utf8')).filter((row) => !row.path!.startsWith('maven/'))

  it('covers every corpus lockfile but Maven', () => {
    expect(rows.map((row) => row.path).sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it.each(rows.map((row) => [row.path!, row.unique_packages!]))(
    '%s: a valid, reproducible BOM with the expected unique purls (manifest: %s)',
    async (path) => {
      const folder = corpusPath(
        'lockfiles',
        path.endsWith('/') ? path.split('/.github/')[0]! : path.startsWith('pip-requirements/') ? dirname(dirname(path)) : dirname(path),
      )
      const result = await generateSbom(folder, defaultPolicy())
      expect(result.findings).toEqual([])
      const text = result.documents[0]!.text
      const bom = JSON.parse(text) as Bom
      expect(thirdParty(bom)).toHaveLength(EXPECTED[path]!.components)
      // One component per purl, every edge to a component that exists, the graph rooted at the project.
      const refs = new Set(bom.components.map((component) => component['bom-ref']))
      expect(refs.size).toBe(bom.components.length)
      for (const dependency of bom.dependencies) for (const target of dependency.dependsOn ?? []) expect(refs.has(target)).toBe(true)
      const root = bom.dependencies.find((dependency) => dependency.ref === bom.metadata.component['bom-ref'])
      expect(root?.dependsOn?.length).toBeGreaterThan(0)
      // No absolute path, no timestamp: the same inputs give the same bytes.
      expect(text).not.toContain(folder)
      expect(text).not.toMatch(/"\/(work|tmp|home|Users)\//)
      expect(bom.metadata.timestamp).toBeUndefined()
      const again = await generateSbom(folder, defaultPolicy())
      expect(again.documents[0]!.text).toBe(text)
    },
  )
})

let repository: TempRepository
afterEach(() => repository?.remove())

describe('generateSbom', () => {
  it('merges every lockfile of a monorepo into one BOM, or one per project, and reports problems as findings', async () => {
    repository = tempRepository({
      'package.json': '{"name":"mono","version":"1.0.0"}',
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: { '': { dependencies: { a: '1' } }, 'node_modules/a': { version: '1.0.0' } },
      }),
      'services/api/requirements.txt': 'flask==3.0.0\nrequests>=2\n',
      'services/api/pyproject.toml': '[project]\nname = "api"\nversion = "0.2.0"\n',
      'tools/Cargo.lock': 'version = 4\n[[package]]\nname = "x"\nversion = ',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567 # v4.1.0\n      - uses: ./local\n',
    })
    const result = await generateSbom(repository.root, defaultPolicy())
    expect(result.documents).toHaveLength(1)
    const bom = JSON.parse(result.documents[0]!.text) as Bom
    expect(bom.metadata.component).toMatchObject({ name: 'mono', version: '1.0.0' })
    expect(bom.components.map((component) => component.purl)).toEqual([
      'pkg:githubactions/actions/checkout@0123456789abcdef0123456789abcdef01234567',
      'pkg:npm/a@1.0.0',
      'pkg:pypi/flask@3.0.0',
    ])
    expect(bom.components[0]!.properties).toEqual(expect.arrayContaining([{ name: 'pipeguard:version-comment', value: 'v4.1.0' }]))
    expect(result.documents[0]!.ecosystems).toEqual({ 'github-actions': 1, npm: 1, pypi: 1 })
    expect(result.findings.map((finding) => [finding.ruleId, finding.path, finding.line, finding.level])).toEqual([
      ['sbom-unpinned-requirement', 'services/api/requirements.txt', 2, 'warning'],
      ['sbom-lockfile-invalid', 'tools/Cargo.lock', 4, 'error'],
    ])

    const split = await generateSbom(repository.root, defaultPolicy(), { perProject: true })
    expect(split.documents.map((document) => [document.project, document.components])).toEqual([
      ['.', 2],
      ['services/api', 1],
      ['tools', 0],
    ])
    expect((JSON.parse(split.documents[1]!.text) as Bom).metadata.component).toMatchObject({ name: 'api', version: '0.2.0' })
  })

  it('reads a YAML lockfile outside the fast subset with the full parser, loaded on demand', async () => {
    // An anchor and a block scalar: pnpm never writes them, a hand-edited lockfile may.
    repository = tempRepository({
      'package.json': '{"name":"app","version":"1.0.0"}',
      'pnpm-lock.yaml': [
        "lockfileVersion: '9.0'",
        'importers:',
        '  .:',
        '    dependencies:',
        '      a: {specifier: ^1.0.0, version: 1.0.0}',
        'packages:',
        '    a@1.0.0: &resolved',
        '      resolution: {integrity: sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==}',
        '    b@2.0.0: *resolved',
        'snapshots:',
        '  a@1.0.0: {}',
        '  b@2.0.0: {}',
        'note: |',
        '  hand-edited',
        '',
      ].join('\n'),
      'sub/pnpm-lock.yaml': "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  a@1.0.0: {}\n",
    })
    const result = await generateSbom(repository.root, defaultPolicy())
    const bom = JSON.parse(result.documents[0]!.text) as Bom
    expect(bom.components.map((component) => [component.purl, component.hashes?.length])).toEqual([
      ['pkg:npm/a@1.0.0', 1],
      ['pkg:npm/b@2.0.0', 1],
    ])
    expect(result.findings.map((finding) => [finding.ruleId, finding.path, finding.line])).toEqual([
      ['sbom-lockfile-invalid', 'sub/pnpm-lock.yaml', 4],
    ])
  })

  it('marks dev-only components excluded with the reason, or leaves them out when asked', async () => {
    repository = tempRepository({
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { dependencies: { a: '1' }, devDependencies: { d: '1' } },
          'node_modules/a': { version: '1.0.0' },
          'node_modules/d': { version: '1.0.0', dev: true },
          'node_modules/o': { version: '1.0.0', optional: true },
        },
      }),
    })
    const bom = JSON.parse((await generateSbom(repository.root, defaultPolicy())).documents[0]!.text) as Bom
    const d = bom.components.find((component) => component.purl === 'pkg:npm/d@1.0.0')!
    expect(d.scope).toBe('excluded')
    expect(d.properties).toEqual(
      expect.arrayContaining([{ name: 'pipeguard:dev-reason', value: 'reachable only through development dependencies' }]),
    )
    expect(bom.components.find((component) => component.purl === 'pkg:npm/o@1.0.0')!.scope).toBe('optional')
    expect(bom.components.find((component) => component.purl === 'pkg:npm/a@1.0.0')!.scope).toBeUndefined()
    const production = JSON.parse((await generateSbom(repository.root, defaultPolicy(), { includeDev: false })).documents[0]!.text) as Bom
    expect(production.components.map((component) => component.purl)).toEqual(['pkg:npm/a@1.0.0', 'pkg:npm/o@1.0.0'])
    expect(JSON.stringify(production.dependencies)).not.toContain('pkg:npm/d@')
  })

  it('writes a timestamp only when given one (SOURCE_DATE_EPOCH), and derives the serial number from the content', async () => {
    repository = tempRepository({ 'requirements.txt': 'flask==3.0.0\n' })
    const plain = JSON.parse((await generateSbom(repository.root, defaultPolicy())).documents[0]!.text) as Bom
    const dated = JSON.parse(
      (await generateSbom(repository.root, defaultPolicy(), { timestamp: new Date(1_700_000_000_000) })).documents[0]!.text,
    ) as Bom
    expect(plain.metadata.timestamp).toBeUndefined()
    expect(dated.metadata.timestamp).toBe('2023-11-14T22:13:20.000Z')
    expect(plain.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(dated.serialNumber).not.toBe(plain.serialNumber)
    repository.write('requirements.txt', 'flask==3.0.1\n')
    const changed = JSON.parse((await generateSbom(repository.root, defaultPolicy())).documents[0]!.text) as Bom
    expect(changed.serialNumber).not.toBe(plain.serialNumber)
  })

  it('honours the policy: a rule turned off gives no finding', async () => {
    repository = tempRepository({ 'requirements.txt': 'flask>=3\n' })
    const policy = defaultPolicy()
    policy.rules['sbom-unpinned-requirement'] = { level: 'off', options: {} }
    expect((await generateSbom(repository.root, policy)).findings).toEqual([])
  })

  it('does not let a symbolic link lead a reader outside the scanned folder', async () => {
    const outside = tempRepository({ 'package.json': '{"name":"@secret/workspace","version":"9.9.9"}' })
    try {
      repository = tempRepository({
        'pnpm-lock.yaml': "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\n  packages/app: {}\n\n  packages/lib: {}\n",
      })
      repository.link('packages/lib/package.json', join(outside.root, 'package.json'))
      // A linked folder too: the walk never enters it, so its manifest is checked by its real path.
      repository.link('packages/app', outside.root)
      const bom = JSON.parse((await generateSbom(repository.root, defaultPolicy())).documents[0]!.text) as Bom
      expect(bom.components.map((component) => component.purl)).toEqual(['pkg:npm/app', 'pkg:npm/lib'])
    } finally {
      outside.remove()
    }
  })

  it('names the project after its folder when its own manifest is a link, which is not followed', async () => {
    const outside = tempRepository({ 'package.json': '{"name":"@secret/workspace","version":"9.9.9"}' })
    try {
      repository = tempRepository({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n" })
      repository.link('package.json', join(outside.root, 'package.json'))
      const bom = JSON.parse((await generateSbom(repository.root, defaultPolicy())).documents[0]!.text) as Bom
      expect(JSON.stringify(bom)).not.toContain('secret')
      expect(bom.metadata.component.name).toBe(basename(repository.root))
    } finally {
      outside.remove()
    }
  })
})

describe('discoverProject', () => {
  it('finds lockfiles outside installed folders, and workflow or action files where the workflow package looks', async () => {
    const { discoverProject } = await import('./discover.js')
    repository = tempRepository({
      'package-lock.json': '{}',
      'vendor/lib/Gemfile.lock': '',
      'node_modules/x/action.yml': 'name: x',
      '.git/hooks/action.yml': 'name: x',
      '.github/workflows/README.md': 'not a workflow',
      'docs/.github/workflows/ci.yml': 'on: push',
    })
    expect(discoverProject(repository.root)).toEqual({
      lockfiles: [{ kind: 'npm', path: 'package-lock.json' }],
      workflowFiles: false,
      files: new Set(['package-lock.json', 'vendor/lib/Gemfile.lock', '.github/workflows/README.md', 'docs/.github/workflows/ci.yml']),
    })
    for (const file of ['.github/workflows/ci.yaml', 'vendor/lib/action.yml', 'tools/x/action.yaml']) {
      const tree = tempRepository({ 'package-lock.json': '{}', [file]: 'name: x\non: push\n' })
      try {
        expect([file, discoverProject(tree.root).workflowFiles]).toEqual([file, true])
      } finally {
        tree.remove()
      }
    }
  })

  it('loads the workflow model only for a tree with workflow or action files, and then through the given loader', async () => {
    repository = tempRepository({ 'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {} } }) })
    let loads = 0
    const loader = async () => {
      loads++
      return (await import('@pipeguard/workflow')).loadRepository(repository!.root)
    }
    await generateSbom(repository.root, defaultPolicy(), { repository: loader })
    expect(loads).toBe(0)
    repository.remove()
    repository = tempRepository({
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {} } }),
      'sub/action.yml': 'name: x\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n',
    })
    const result = await generateSbom(repository.root, defaultPolicy(), { repository: loader })
    expect(loads).toBe(1)
    expect((JSON.parse(result.documents[0]!.text) as Bom).components.map((component) => component.purl)).toEqual([
      'pkg:githubactions/actions/setup-node@v4',
    ])
  })
})
