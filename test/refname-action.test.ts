import { afterEach, describe, expect, it } from '@jest/globals'
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

const action = join(repositoryRoot(), 'actions/refname/dist/index.js')

let workspace: TempRepository
let github: FakeGitHub | undefined
afterEach(async () => {
  workspace?.remove()
  await github?.close()
  github = undefined
})

/** Runs the bundled action as the runner does, with the event payload file when an event is given. */
function runAction(
  event: { name: string; payload: unknown } | undefined,
  inputs: Record<string, string> = {},
  extraEnv: Record<string, string> = {},
) {
  const eventEnv: Record<string, string> =
    event === undefined
      ? {}
      : { GITHUB_EVENT_NAME: event.name, GITHUB_EVENT_PATH: workspace.write('runner/event.json', JSON.stringify(event.payload)) }
  return runBundledAction(action, workspace, inputs, { ...eventEnv, ...extraEnv })
}

const pullRequest = (head: string) => ({
  name: 'pull_request_target',
  payload: { pull_request: { head: { ref: head }, base: { ref: 'main' } } },
})

describe('actions/refname (the bundle, run as the runner runs it)', () => {
  it('fails on a fork branch that carries a shell payload, read from the event payload', async () => {
    workspace = tempRepository({})
    const result = await runAction(pullRequest('zzz";echo${IFS}"hello";#'))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('::error title=pipeguard dangerous-refname')
    expect(result.stdout).toContain('branch name \'zzz";echo${IFS}"hello";#\' contains the shell metacharacter')
    expect(result.outputs).toMatchObject({
      'safe-name': 'zzz-echo-ifs-hello',
      'ref-kind': 'branch',
      valid: 'true',
      safe: 'false',
      passed: 'false',
    })
  })

  it('fails on a branch named BOM + 40 hex (actions/checkout#2521)', async () => {
    workspace = tempRepository({})
    const result = await runAction(pullRequest(`\ufeff${'a'.repeat(40)}`))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('looks like a commit SHA behind invisible characters')
    expect(result.outputs['safe-name']).toMatch(/^ref-[0-9a-f]{12}$/)
  })

  it('passes on a pushed tag and a clean branch, with a safe name', async () => {
    workspace = tempRepository({})
    const tag = await runAction({ name: 'push', payload: { ref: 'refs/tags/v1.2.3' } })
    expect(tag.code).toBe(0)
    expect(tag.outputs).toMatchObject({
      'safe-name': 'v1-2-3',
      'ref-kind': 'tag',
      valid: 'true',
      safe: 'true',
      passed: 'true',
      checked: '1',
    })
    expect(tag.summary).toContain('pipeguard refname: passed')
    const created = await runAction({ name: 'create', payload: { ref: 'Feature/Login', ref_type: 'branch' } })
    expect(created.outputs).toMatchObject({ 'safe-name': 'feature-login', 'ref-kind': 'branch' })
    const run = await runAction({ name: 'workflow_run', payload: { workflow_run: { head_branch: 'fix/x' } } })
    expect(run.outputs).toMatchObject({ 'safe-name': 'fix-x', passed: 'true' })
  })

  it('checks extra names, and applies the repository policy', async () => {
    workspace = tempRepository({
      '.github/pipeguard.yml':
        'version: 1\nrules:\n  refname-policy:\n    level: error\n    tag: { semver: { v-prefix: required, prerelease: false } }\n',
    })
    const result = await runAction({ name: 'schedule', payload: {} }, { names: 'v1.2.3\nv2.0.0-rc.1', kind: 'tag' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain("tag name 'v2.0.0-rc.1' is a prerelease version and the policy allows releases only")
    expect(result.outputs).toMatchObject({ checked: '2', 'safe-name': 'v1-2-3', 'ref-kind': '' })
  })

  it('passes with nothing to check on an event without a ref', async () => {
    workspace = tempRepository({})
    const result = await runAction({ name: 'schedule', payload: { schedule: '0 0 * * *' } })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ checked: '0', 'safe-name': '' })
    expect(result.summary).toContain('nothing to check')
  })

  it('fails closed without an event payload, and on a bad kind input', async () => {
    workspace = tempRepository({})
    const missing = await runAction(undefined)
    expect(missing.code).toBe(1)
    expect(missing.stdout).toContain('::error::pipeguard refname: GITHUB_EVENT_PATH is not set')
    const badKind = await runAction({ name: 'push', payload: { ref: 'refs/heads/main' } }, { kind: 'twig', names: 'x' })
    expect(badKind.stdout).toContain("input 'kind' must be one of branch, tag, ref, got 'twig'")
  })

  it('reports a ref that is both a branch and a tag with check-ambiguous (fake GitHub on 127.0.0.1)', async () => {
    workspace = tempRepository({})
    github = await startFakeGitHub({
      repositories: [{ owner: 'octo', repo: 'app', branches: { 'v1.2.0': [fakeSha('b')] }, tags: { 'v1.2.0': fakeSha('t') } }],
    })
    const result = await runAction(
      { name: 'push', payload: { ref: 'refs/heads/v1.2.0' } },
      { 'check-ambiguous': 'true', token: 't' },
      { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'octo/app' },
    )
    expect(result.stdout).toContain('::warning title=pipeguard ambiguous-refname')
    expect(result.outputs).toMatchObject({ safe: 'false', passed: 'true' })
  })
})
