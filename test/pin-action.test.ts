import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  fakeSha,
  repositoryRoot,
  runBundledAction,
  startFakeGitHub,
  tempRepository,
  type FakeGitHub,
  type TempRepository,
} from '@pipeguard/test-kit'

const action = join(repositoryRoot(), 'actions/pin-check/dist/index.js')

let server: FakeGitHub
let workspace: TempRepository
beforeEach(async () => {
  server = await startFakeGitHub()
})
afterEach(async () => {
  workspace?.remove()
  await server.close()
})

const runAction = (inputs: Record<string, string>) => runBundledAction(action, workspace, inputs, { GITHUB_API_URL: server.url })

const workflow = (...uses: string[]): string =>
  `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n${uses.map((use) => `      - uses: ${use}\n`).join('')}`

describe('actions/pin-check (the bundle, run as the runner runs it, against a fake GitHub API)', () => {
  it('annotates unpinned and impostor references, fails the step and masks the token', async () => {
    workspace = tempRepository({
      '.github/workflows/ci.yml': workflow('actions/checkout@v4', `actions/checkout@${fakeSha('checkout-fork-evil')} # v4.2.2`),
    })
    const result = await runAction({ path: '.', token: 'secret-token-123' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('::add-mask::secret-token-123')
    expect(result.stdout).toContain(
      '::error title=pipeguard unpinned-uses%3A An action or reusable workflow is referenced by a tag or branch instead of a full commit SHA,file=.github/workflows/ci.yml,line=6,endLine=6,col=15',
    )
    expect(result.stdout).toMatch(/::error title=pipeguard impostor-commit.*line=7/)
    expect(result.outputs).toMatchObject({ verified: 'true', passed: 'false' })
    expect(server.requests.every((request) => request.authorization === 'Bearer secret-token-123')).toBe(true)
  })

  it('fixes the workspace in mode fix and shows the diff in the job summary', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': workflow('actions/checkout@v4') })
    const result = await runAction({ path: '.', mode: 'fix', token: 't' })
    expect(result.code).toBe(0)
    expect(readFileSync(join(workspace.root, '.github/workflows/ci.yml'), 'utf8')).toBe(
      workflow(`actions/checkout@${fakeSha('checkout-6')} # v4`),
    )
    expect(result.outputs).toMatchObject({ changes: '1', passed: 'true' })
    expect(result.summary).toContain('```diff')
    expect(result.summary).toContain(`+      - uses: actions/checkout@${fakeSha('checkout-6')} # v4`)
  })

  it('reads the pinning options of the policy file (ref-pin for actions/*)', async () => {
    workspace = tempRepository({
      '.github/workflows/ci.yml': workflow('actions/checkout@v4', 'someone/tool@v1'),
      '.github/pipeguard.yml': "version: 1\nrules:\n  unpinned-uses:\n    policies: { 'actions/*': ref-pin }\n",
    })
    const result = await runAction({ path: '.', offline: 'true', format: 'json' })
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'), result.stdout.lastIndexOf('}') + 1)) as {
      findings: { ruleId: string; line: number }[]
    }
    expect(report.findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toEqual(['unpinned-uses:7'])
  })

  it('runs offline without asking GitHub and says so in the summary', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': workflow(`actions/checkout@${fakeSha('checkout-6')} # v4.2.2`) })
    const result = await runAction({ path: '.', offline: 'true' })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ verified: 'false', requests: '0' })
    expect(result.summary).toContain('verification skipped (offline)')
    expect(server.requests).toHaveLength(0)
  })

  it('fails the step with a clear message when GitHub cannot answer', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': workflow(`actions/checkout@${fakeSha('checkout-6')} # v4.2.2`) })
    server.fault({ kind: 'status', status: 503, times: 100 })
    const result = await runAction({ path: '.', token: 't' })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /::error::pipeguard pin-check: cannot verify pins: GitHub answered 503 for \/repos\/actions\/checkout.*\(after 4 attempts\)/,
    )
  })
})
