import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fakeSha, cliPath, runProcess, startFakeGitHub, tempRepository, type FakeGitHub, type TempRepository } from '@pipeguard/test-kit'

const bin = cliPath()

let workspace: TempRepository | undefined
let github: FakeGitHub | undefined
afterEach(async () => {
  workspace?.remove()
  workspace = undefined
  await github?.close()
  github = undefined
})

// Outside this repository, whose own .github/pipeguard.yml would apply otherwise.
const outside = mkdtempSync(join(tmpdir(), 'pipeguard-refname-cli-'))
afterAll(() => rmSync(outside, { recursive: true, force: true }))

function pipeguard(args: string[], options: { input?: string | Uint8Array; cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runProcess(process.execPath, [bin, 'refname', ...args], {
    input: options.input,
    cwd: options.cwd ?? outside,
    env: { PATH: process.env.PATH, ...options.env },
  })
}

interface JsonReport {
  passed: boolean
  findings: { ruleId: string; level: string; path: string; line: number }[]
  names: {
    name: string
    kind: string
    valid: boolean
    safe: boolean
    safeName: string
    normalized?: string
    findings: { ruleId: string }[]
  }[]
}

describe('pipeguard refname (the built CLI, as a process)', () => {
  it('prints a verdict per name in input order, and exits 1 on an injection payload', async () => {
    const result = await pipeguard(['--format', 'json', 'feature/login', 'zzz";echo${IFS}"hello";#', 'a..b'])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as JsonReport
    expect(report.names.map(({ name, kind, valid, safe, safeName }) => ({ name, kind, valid, safe, safeName }))).toEqual([
      { name: 'feature/login', kind: 'branch', valid: true, safe: true, safeName: 'feature-login' },
      { name: 'zzz";echo${IFS}"hello";#', kind: 'branch', valid: true, safe: false, safeName: 'zzz-echo-ifs-hello' },
      { name: 'a..b', kind: 'branch', valid: false, safe: false, safeName: 'a-b' },
    ])
    expect(report.names[1]!.findings.map((finding) => finding.ruleId)).toEqual(['dangerous-refname'])
    expect(report.findings.every((finding) => finding.path === '' && finding.line === 1)).toBe(true)
  })

  it('passes with exit 0 on good names', async () => {
    const result = await pipeguard(['main', 'release/1.2'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('ok      branch "release/1.2" -> safe name release-1-2')
  })

  it('takes git check-ref-format flags and prints the normalized name', async () => {
    const normalized = JSON.parse((await pipeguard(['--normalize', '--format', 'json', '//refs///heads/x'])).stdout) as JsonReport
    expect(normalized.names[0]).toMatchObject({ kind: 'ref', valid: true, normalized: 'refs/heads/x' })
    expect((await pipeguard(['--kind', 'ref', 'main'])).code).toBe(1)
    expect((await pipeguard(['--allow-onelevel', 'main'])).code).toBe(0)
    expect((await pipeguard(['--refspec-pattern', 'refs/heads/*'])).code).toBe(0)
    expect((await pipeguard(['--kind', 'tag', 'v1.2.3'])).code).toBe(0)
  })

  it('reads names from standard input, bytes that are not UTF-8 included', async () => {
    const input = Buffer.concat([Buffer.from('\ufefffeature/a\n\nfix/b\r\n'), Buffer.from([0x78, 0x2f, 0xff, 0xfe, 0x0a])])
    const result = await pipeguard(['--stdin', '--format', 'json'], { input })
    const report = JSON.parse(result.stdout) as JsonReport
    expect(report.names.map((verdict) => [verdict.name, verdict.valid, verdict.findings.map((finding) => finding.ruleId)])).toEqual([
      ['\ufefffeature/a', true, ['unicode-refname']],
      ['fix/b\r', false, ['invalid-refname', 'dangerous-refname']],
      ['x/\\xff\\xfe', true, ['unicode-refname']],
    ])
  })

  it('checks a repository naming policy', async () => {
    workspace = tempRepository({
      '.github/pipeguard.yml':
        'version: 1\nrules:\n  refname-policy:\n    level: error\n    branch: { prefixes: [feature/, fix/] }\n    tag: { semver: { v-prefix: required } }\n',
    })
    expect((await pipeguard(['feature/x'], { cwd: workspace.root })).code).toBe(0)
    const bad = await pipeguard(['my-branch'], { cwd: workspace.root })
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain(
      "does not start with a required prefix (refname-policy branch.prefixes: feature/ fix/); rename it, e.g. 'feature/my-branch'",
    )
    expect((await pipeguard(['--kind', 'tag', '1.2.3'], { cwd: workspace.root })).code).toBe(1)
  })

  it('exits 2 with one line on a usage error', async () => {
    for (const args of [[], ['--kind', 'leaf', 'x'], ['--normalize', '--kind', 'branch', 'x'], ['--stdin', 'x']]) {
      const result = await pipeguard(args)
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('reports a name that is both a branch and a tag with --repo (fake GitHub on 127.0.0.1)', async () => {
    github = await startFakeGitHub({
      repositories: [
        { owner: 'octo', repo: 'app', branches: { 'v1.2.0': [fakeSha('b')], main: [fakeSha('m')] }, tags: { 'v1.2.0': fakeSha('t') } },
      ],
    })
    const result = await pipeguard(['--repo', 'octo/app', '--api-url', github.url, '--format', 'json', 'v1.2.0', 'main'])
    const report = JSON.parse(result.stdout) as JsonReport
    expect(report.findings.map((finding) => [finding.ruleId, finding.level])).toEqual([['ambiguous-refname', 'warning']])
    expect(report.names.map((verdict) => verdict.safe)).toEqual([false, true])
    expect(result.code).toBe(0)
  })
})

describe('pipeguard check includes the refname of the current branch', () => {
  it('reports a dangerous name of the checked-out branch', async () => {
    workspace = tempRepository({ '.git/HEAD': 'ref: refs/heads/fix/$(curl${IFS}evil)\n' })
    const result = await runProcess(process.execPath, [bin, 'check', workspace.root, '--format', 'json'], {
      env: { PATH: process.env.PATH },
      cwd: workspace.root,
    })
    const report = JSON.parse(result.stdout) as JsonReport
    expect(report.findings.filter((finding) => finding.ruleId === 'dangerous-refname')).toHaveLength(1)
    expect(result.code).toBe(1)
  })
})
