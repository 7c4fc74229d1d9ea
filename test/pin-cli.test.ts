import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fakeSha, cliPath, runProcess, startFakeGitHub, tempRepository, type FakeGitHub, type TempRepository } from '@pipeguard/test-kit'

const cli = cliPath()

let server: FakeGitHub
let repository: TempRepository
let cache: string
beforeEach(async () => {
  server = await startFakeGitHub()
  cache = mkdtempSync(join(tmpdir(), 'pipeguard-pin-cache-'))
})
afterEach(async () => {
  repository?.remove()
  rmSync(cache, { recursive: true, force: true })
  await server.close()
})

const pipeguard = (args: string[], env: Record<string, string> = {}) =>
  runProcess(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH, GITHUB_API_URL: server.url, GITHUB_TOKEN: 'test-token', ...env },
  })

const workflow = (...uses: string[]): string =>
  `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n${uses.map((use) => `      - uses: ${use}\n`).join('')}`
type Report = { passed: boolean; findings: { ruleId: string; line: number }[]; changes?: unknown[]; verification: Record<string, unknown> }

describe('pipeguard pin (the built CLI as a process, against a fake GitHub API)', () => {
  it('checks offline without a token and says verification was skipped', async () => {
    repository = tempRepository({
      '.github/workflows/ci.yml': workflow('actions/checkout@v4', `actions/checkout@${fakeSha('checkout-fork-evil')} # v4.2.2`),
    })
    const result = await pipeguard(['pin', repository.root, '--offline'], { GITHUB_API_URL: 'http://127.0.0.1:1', GITHUB_TOKEN: '' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('verification skipped (offline)')
    expect(result.stdout).toContain('6:15 error action actions/checkout@v4 is pinned to a tag')
    expect(server.requests).toHaveLength(0)
  })

  it('reads a run: script holding a form feed or a vertical tab (the shell reader looped on them)', async () => {
    repository = tempRepository({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: "npm install left-pad\\f\\vecho done"\n',
    })
    const result = await runProcess(process.execPath, [cli, 'pin', repository.root, '--offline', '--format', 'json'], {
      env: { PATH: process.env.PATH },
      timeoutMs: 20_000,
    })
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout) as Report
    expect(report.findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toEqual(['unpinned-install:6'])
  })

  it('verifies pins online and reports impostor commits and mismatched comments', async () => {
    repository = tempRepository({
      '.github/workflows/ci.yml': workflow(
        `actions/checkout@${fakeSha('checkout-6')} # v4.2.2`,
        `actions/checkout@${fakeSha('checkout-fork-evil')}  # v4.2.2`,
        `actions/cache@${fakeSha('cache-1')} # v4.1.2`,
      ),
    })
    const result = await pipeguard(['pin', repository.root, '--format', 'json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as Report
    expect(report.findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toEqual([
      'impostor-commit:7',
      'ref-version-mismatch:7',
      'ref-version-mismatch:8',
    ])
    expect(report.verification).toMatchObject({ skipped: false, references: 3 })
    expect(server.requests.every((request) => request.authorization === 'Bearer test-token')).toBe(true)
  })

  it('fixes in place, prints the diff and the changes, and a second run with the disk cache asks nothing', async () => {
    repository = tempRepository({ '.github/workflows/ci.yml': workflow('actions/checkout@v4', 'actions/cache@v4') })
    const fixed = await pipeguard(['pin', repository.root, '--fix', '--cache', cache, '--format', 'json'])
    expect(fixed.stderr).toBe('')
    expect(fixed.code).toBe(0)
    const report = JSON.parse(fixed.stdout) as Report
    expect(report.changes).toEqual([
      { path: '.github/workflows/ci.yml', line: 6, from: 'actions/checkout@v4', to: `actions/checkout@${fakeSha('checkout-6')} # v4` },
      { path: '.github/workflows/ci.yml', line: 7, from: 'actions/cache@v4', to: `actions/cache@${fakeSha('cache-3')} # v4` },
    ])
    expect(readFileSync(join(repository.root, '.github/workflows/ci.yml'), 'utf8')).toBe(
      workflow(`actions/checkout@${fakeSha('checkout-6')} # v4`, `actions/cache@${fakeSha('cache-3')} # v4`),
    )
    const text = await pipeguard(['pin', repository.root, '--fix', '--cache', cache])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('pin --fix: nothing to change')
    const before = server.requests.length
    const again = await pipeguard(['pin', repository.root, '--cache', cache, '--format', 'json'])
    expect((JSON.parse(again.stdout) as Report).verification).toMatchObject({ requests: 0 })
    expect(server.requests.length).toBe(before)
  })

  it('exits 2 with one line when GitHub cannot answer (rate limit), never passing', async () => {
    repository = tempRepository({ '.github/workflows/ci.yml': workflow(`actions/checkout@${fakeSha('checkout-6')} # v4.2.2`) })
    server.fault({ kind: 'rate-limit', resetInSeconds: 3600, times: 100 })
    const result = await pipeguard(['pin', repository.root])
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^pipeguard: cannot verify pins: GitHub API rate limit exhausted/)
    expect(result.stderr).not.toContain('test-token')
  })

  it('rejects contradictory flags and a bad API URL as usage errors', async () => {
    repository = tempRepository({})
    expect((await pipeguard(['pin', repository.root, '--fix', '--offline'])).stderr).toContain('cannot run with --offline')
    expect((await pipeguard(['pin', repository.root, '--update'])).code).toBe(2)
    const bad = await pipeguard(['pin', repository.root, '--api-url', 'ftp://x'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("--api-url: the GitHub API URL 'ftp://x' is not an http(s) URL")
  })

  it('runs the offline pin rules as part of pipeguard check', async () => {
    repository = tempRepository({ '.github/workflows/ci.yml': workflow('actions/checkout@v4'), Dockerfile: 'FROM node:20\n' })
    const result = await pipeguard(['check', repository.root, '--format', 'json'], { GITHUB_API_URL: 'http://127.0.0.1:1' })
    const report = JSON.parse(result.stdout) as Report
    expect(
      report.findings.filter((finding) => ['unpinned-uses', 'unpinned-images'].includes(finding.ruleId)).map((finding) => finding.ruleId),
    ).toEqual(['unpinned-uses', 'unpinned-images'])
    expect(server.requests).toHaveLength(0)
  })
})
