import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  corpusPath,
  describeCorpus,
  cliPath,
  repositoryRoot,
  runBundledAction,
  runProcess,
  startFakeDependencySubmission,
  tempRepository,
  type FakeDependencySubmission,
  type TempRepository,
} from '@pipeguard/test-kit'

const cli = cliPath()
// The action runs from a copy of its dist outside the repository, so nothing resolves from the repository's node_modules.
const bundleCopy = mkdtempSync(join(tmpdir(), 'pipeguard-sbom-action-'))
cpSync(join(repositoryRoot(), 'actions/sbom/dist'), bundleCopy, { recursive: true })
const action = join(bundleCopy, 'index.js')
afterAll(() => rmSync(bundleCopy, { recursive: true, force: true }))
const pipeguard = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  runProcess(process.execPath, [cli, ...args], { cwd, env })

let workspace: TempRepository
let fake: FakeDependencySubmission | undefined
afterEach(async () => {
  workspace?.remove()
  await fake?.close()
  fake = undefined
})

const lock = JSON.stringify({
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', version: '2.0.0', dependencies: { a: '1' }, devDependencies: { d: '1' } },
    'node_modules/a': {
      version: '1.0.0',
      integrity: 'sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==',
      license: 'MIT',
    },
    'node_modules/d': { version: '1.0.0', dev: true },
  },
})
const files = {
  'package.json': '{"name":"app","version":"2.0.0"}',
  'package-lock.json': lock,
  'requirements.txt': 'flask==3.0.0\nrequests>=2\n',
  '.github/workflows/ci.yml':
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567 # v4.1.0\n',
}

interface Bom {
  specVersion: string
  metadata: { component: { name: string }; timestamp?: string }
  components: { purl: string; scope?: string }[]
}

describe('pipeguard sbom (the built CLI as a process)', () => {
  it("writes the BOM to --output, reports DESIGN's sbom field, and exits 0 below fail-on", async () => {
    workspace = tempRepository(files)
    const result = await pipeguard(['sbom', '.', '--output', 'out/bom.json', '--format', 'json'], workspace.root)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as Record<string, unknown>
    expect(Object.keys(report)).toEqual(['tool', 'version', 'command', 'passed', 'summary', 'findings', 'sbom'])
    expect(report.sbom).toEqual({
      file: 'out/bom.json',
      format: 'json',
      specVersion: '1.6',
      components: 4,
      ecosystems: { 'github-actions': 1, npm: 2, pypi: 1 },
    })
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: 'sbom-unpinned-requirement', path: 'requirements.txt', line: 2, column: 1, level: 'warning' }),
    ])
    const bom = JSON.parse(readFileSync(join(workspace.root, 'out/bom.json'), 'utf8')) as Bom
    expect(bom.metadata.component.name).toBe('app')
    expect(bom.components.map((component) => [component.purl, component.scope])).toEqual([
      ['pkg:githubactions/actions/checkout@0123456789abcdef0123456789abcdef01234567', undefined],
      ['pkg:npm/a@1.0.0', undefined],
      ['pkg:npm/d@1.0.0', 'excluded'],
      ['pkg:pypi/flask@3.0.0', undefined],
    ])
  })

  it('writes XML and older spec versions, same bytes on every run, a timestamp only with SOURCE_DATE_EPOCH', async () => {
    workspace = tempRepository(files)
    await pipeguard(['sbom', '.', '--output', 'a.xml', '--bom-format', 'xml', '--spec-version', '1.4', '--quiet'], workspace.root)
    await pipeguard(['sbom', '.', '--output', 'b.xml', '--bom-format', 'xml', '--spec-version', '1.4', '--quiet'], workspace.root)
    const xml = readFileSync(join(workspace.root, 'a.xml'), 'utf8')
    expect(xml).toContain('<bom xmlns="http://cyclonedx.org/schema/bom/1.4"')
    expect(readFileSync(join(workspace.root, 'b.xml'), 'utf8')).toBe(xml)
    expect(xml).not.toContain('<timestamp>')
    await pipeguard(['sbom', '.', '--output', 'c.json', '--quiet'], workspace.root, { ...process.env, SOURCE_DATE_EPOCH: '1700000000' })
    expect((JSON.parse(readFileSync(join(workspace.root, 'c.json'), 'utf8')) as Bom).metadata.timestamp).toBe('2023-11-14T22:13:20.000Z')
  })

  it('exits 1 on a corrupt lockfile (a finding at its line), 2 on a bad flag', async () => {
    workspace = tempRepository({ 'package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {\n' })
    const corrupt = await pipeguard(['sbom', '.', '--output', 'bom.json'], workspace.root)
    expect(corrupt.code).toBe(1)
    expect(corrupt.stdout).toContain('package-lock.json')
    expect(corrupt.stdout).toContain('[sbom-lockfile-invalid]')
    const bad = await pipeguard(['sbom', '.', '--spec-version', '2.0'], workspace.root)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe("pipeguard: --spec-version must be one of 1.4, 1.5, 1.6, 1.7, got '2.0'\n")
  })

  it('writes one BOM per project with --per-project and --exclude-dev leaves dev dependencies out', async () => {
    workspace = tempRepository({ ...files, 'services/api/requirements.txt': 'django==5.0.0\n' })
    const result = await pipeguard(['sbom', '.', '--per-project', '--exclude-dev', '--output', 'boms', '--format', 'json'], workspace.root)
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as { sbom: { documents: { file: string; components: number }[] } }
    expect(report.sbom.documents.map((document) => [document.file, document.components])).toEqual([
      ['boms/root.cdx.json', 3],
      ['boms/services__api.cdx.json', 1],
    ])
    const root = JSON.parse(readFileSync(join(workspace.root, 'boms/root.cdx.json'), 'utf8')) as Bom
    expect(root.components.map((component) => component.purl)).not.toContain('pkg:npm/d@1.0.0')
  })
})

const runAction = (inputs: Record<string, string>, extraEnv: Record<string, string> = {}) =>
  runBundledAction(action, workspace, inputs, extraEnv)

describe('actions/sbom (the bundle, run as the runner runs it)', () => {
  it('writes a schema-valid BOM from the bundle alone, sets outputs, and summarises counts per ecosystem', async () => {
    workspace = tempRepository(files)
    const result = await runAction({ path: '.', 'bom-format': 'xml', 'spec-version': '1.5', 'include-dev': 'false' })
    expect(result.code).toBe(0)
    expect(result.outputs['sbom-file']).toBe(join(workspace.root, 'sbom.cdx.xml'))
    expect(result.outputs['component-count']).toBe('3')
    expect(readFileSync(join(workspace.root, 'sbom.cdx.xml'), 'utf8')).toContain('<bom xmlns="http://cyclonedx.org/schema/bom/1.5"')
    expect(result.summary).toContain('| SBOM | components | github-actions | npm | pypi |')
    expect(result.summary).toContain('| `sbom.cdx.xml` | 3 | 1 | 1 | 1 |')
    expect(result.stdout).toContain('::warning title=pipeguard sbom-unpinned-requirement')
  })

  it('reports a broken workflow as invalid-workflow beside the BOM, and no workflow finding in a tree without workflows', async () => {
    workspace = tempRepository({ ...files, '.github/workflows/broken.yml': 'on: push\njobs:\n  a: [unclosed\n' })
    const broken = await runAction({ path: '.' })
    expect(broken.stdout).toMatch(/::error title=pipeguard invalid-workflow.*,file=\.github\/workflows\/broken\.yml,line=4,/)
    expect(broken.outputs['component-count']).toBe('4')
    workspace.remove()
    workspace = tempRepository({ 'package.json': files['package.json'], 'package-lock.json': lock })
    const none = await runAction({ path: '.' })
    expect(none.code).toBe(0)
    expect(none.stdout).not.toContain('invalid-workflow')
    expect(none.outputs['component-count']).toBe('2')
  })

  it('submits the dependencies to the dependency-submission API when submit is true', async () => {
    workspace = tempRepository(files)
    fake = await startFakeDependencySubmission('t0ken')
    const runner = {
      GITHUB_API_URL: fake.url,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '9',
      GITHUB_JOB: 'sbom',
      GITHUB_WORKFLOW: 'release',
    }
    const result = await runAction({ path: '.', submit: 'true', token: 't0ken', output: 'out/sbom.json' }, runner)
    expect(result.code).toBe(0)
    expect(result.outputs['snapshot-id']).toBe('1')
    expect(existsSync(join(workspace.root, 'out/sbom.json'))).toBe(true)
    const body = fake.snapshots[0]!.body as { sha: string; manifests: Record<string, { resolved: Record<string, { scope: string }> }> }
    expect(body.sha).toBe('c'.repeat(40))
    expect(Object.keys(body.manifests)).toEqual(['package-lock.json', 'requirements.txt', '.github/workflows'])
    expect(body.manifests['package-lock.json']!.resolved['pkg:npm/d@1.0.0']!.scope).toBe('development')
  })

  it('fails the step with the reason when GitHub refuses the snapshot', async () => {
    workspace = tempRepository(files)
    fake = await startFakeDependencySubmission('t0ken')
    fake.refuseWith(403, 'Resource not accessible by integration')
    const runner = {
      GITHUB_API_URL: fake.url,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '9',
      GITHUB_JOB: 'sbom',
    }
    const result = await runAction({ path: '.', submit: 'true', token: 't0ken' }, runner)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '::error::pipeguard sbom: GitHub refused the dependency snapshot: HTTP 403 Resource not accessible by integration',
    )
  })
})

describeCorpus('actions/sbom on a corpus lockfile', () => {
  it('bundles what it needs (run from a copy outside the repository): vite pnpm v9 gives 1296 third-party packages', async () => {
    workspace = tempRepository({})
    const result = await runAction({ path: corpusPath('lockfiles', 'pnpm-v9', 'vitejs__vite'), output: 'vite.cdx.json', format: 'text' })
    expect(result.code).toBe(0)
    const bom = JSON.parse(readFileSync(join(workspace.root, 'vite.cdx.json'), 'utf8')) as {
      components: { properties?: { name: string }[] }[]
    }
    expect(
      bom.components.filter((component) => !component.properties?.some((property) => property.name === 'pipeguard:workspace')),
    ).toHaveLength(1296)
  })
})
