import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot, runBundledAction, runProcess, tempRepository, type TempRepository } from '@pipeguard/test-kit'

const action = join(repositoryRoot(), 'actions/workflow-governance/dist/index.js')

let workspace: TempRepository
afterEach(() => workspace?.remove())

const runAction = (inputs: Record<string, string>, extraEnv: Record<string, string> = {}) =>
  runBundledAction(action, workspace, inputs, extraEnv)

const noTimeout = 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n'

describe('actions/workflow-governance (the bundle, run as the runner runs it)', () => {
  it('annotates findings, writes the summary with the inventory, sets outputs and passes below fail-on', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': noTimeout })
    const result = await runAction({ path: '.' })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      "::warning title=pipeguard missing-timeout%3A A job without `timeout-minutes`,file=.github/workflows/ci.yml,line=4,endLine=4,col=3,endColumn=7::job 'test' has no timeout-minutes",
    )
    expect(result.outputs).toMatchObject({ findings: '1', errors: '0', warnings: '1', notes: '0', passed: 'true', workflows: '1' })
    expect(result.summary).toContain('## ✅ pipeguard workflow-governance: passed')
    expect(result.summary).toContain('| `.github/workflows/ci.yml` | CI | 7 |')
  })

  it('fails the step per fail-on and writes SARIF when asked', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': noTimeout })
    const result = await runAction({ path: '.', 'fail-on': 'warning', 'sarif-file': 'out/governance.sarif', format: 'text' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      "::error::pipeguard workflow-governance failed: 0 error(s), 1 warning(s), 0 note(s) at or above fail-on 'warning'",
    )
    expect(result.stdout).toContain('pipeguard governance: failed')
    expect(result.outputs['sarif-file']).toBe(join(workspace.root, 'out/governance.sarif'))
    const sarif = JSON.parse(readFileSync(join(workspace.root, 'out/governance.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string }[] }[]
    }
    expect(sarif.runs[0]!.results.map((entry) => entry.ruleId)).toEqual(['missing-timeout'])
  })

  it('fails with a message naming the policy file and line when the policy is invalid', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': noTimeout, '.github/pipeguard.yml': 'fail-on: sometimes\n' })
    const result = await runAction({ path: '.' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      "::error::pipeguard workflow-governance: .github/pipeguard.yml:1:10: fail-on must be one of error, warning, note, never, got 'sometimes'",
    )
  })

  it('rejects a bad input value by name', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': noTimeout })
    const result = await runAction({ path: '.', format: 'html' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      "::error::pipeguard workflow-governance: input 'format' must be one of github, text, json, sarif, got 'html'",
    )
  })

  it('limits findings to the files a pull request changes when only-changed is set', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': noTimeout, '.github/workflows/old.yml': noTimeout.replace('test:', 'old:') })
    const git = (...args: string[]) =>
      runProcess('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: workspace.root })
    await git('init', '-q')
    await git('add', '.github/workflows/old.yml')
    await git('commit', '-q', '-m', 'base')
    const base = (await git('rev-parse', 'HEAD')).stdout.trim()
    await git('add', '.')
    await git('commit', '-q', '-m', 'change')
    const event = workspace.write('runner/event.json', JSON.stringify({ pull_request: { base: { sha: base } } }))
    const result = await runAction({ path: '.', 'only-changed': 'true' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event })
    expect(result.outputs.findings).toBe('1')
    expect(result.stdout).toContain('file=.github/workflows/ci.yml')
    expect(result.stdout).not.toContain('file=.github/workflows/old.yml')
  })

  it('never prints the token and registers it as a secret', async () => {
    workspace = tempRepository({ '.github/workflows/ci.yml': noTimeout })
    const result = await runAction({ path: '.', token: 'ghs_supersecretvalue123' })
    expect(result.stdout).toContain('::add-mask::ghs_supersecretvalue123')
    expect(result.stdout.split('ghs_supersecretvalue123')).toHaveLength(2)
  })
})
