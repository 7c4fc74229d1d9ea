import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot, runBundledAction, tempRepository, type TempRepository } from '@pipeguard/test-kit'

const action = join(repositoryRoot(), 'actions/workflow-audit/dist/index.js')

let workspace: TempRepository
afterEach(() => workspace?.remove())

const runAction = (inputs: Record<string, string>) => runBundledAction(action, workspace, inputs)

// A pull_request_target workflow that writes a computed value to GITHUB_ENV: only the bash grammar shipped in
// dist/ can decide it, so this proves the bundle loads its wasm files.
const privileged = [
  'on: pull_request_target',
  'permissions: {}',
  'jobs:',
  '  meta:',
  '    name: Meta',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - env:',
  '          TITLE: ${{ github.event.pull_request.title }}',
  '        run: |',
  '          echo "static=1" >> "$GITHUB_ENV"',
  '          echo "TITLE=$TITLE" >> "$GITHUB_ENV"',
  '',
].join('\n')

describe('actions/workflow-audit (the bundle, run as the runner runs it)', () => {
  it('annotates findings at their lines, writes SARIF and outputs, and fails on errors', async () => {
    workspace = tempRepository({ '.github/workflows/meta.yml': privileged })
    const result = await runAction({ path: '.', 'sarif-file': 'audit.sarif' })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/::error title=pipeguard github-env[^,]*,file=\.github\/workflows\/meta\.yml,line=12,/)
    expect(result.stdout).toMatch(/::notice title=pipeguard dangerous-triggers[^,]*,file=\.github\/workflows\/meta\.yml,line=1,/)
    expect(result.stdout).not.toMatch(/line=11,/)
    expect(result.outputs).toMatchObject({
      errors: '1',
      warnings: '0',
      notes: '1',
      passed: 'false',
      'sarif-file': join(workspace.root, 'audit.sarif'),
    })
    const sarif = JSON.parse(readFileSync(join(workspace.root, 'audit.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] }
    expect(sarif.runs[0]!.results.map((entry) => entry.ruleId).sort()).toEqual(['dangerous-triggers', 'github-env'])
    expect(result.summary).toContain('## ❌ pipeguard workflow-audit: failed')
    expect(result.summary).toContain('### 🔴 error (1)')
    expect(result.summary).toContain('### 🔵 note (1)')
  })

  it('takes the persona input and rejects a bad one with a message naming the input', async () => {
    workspace = tempRepository({
      '.github/workflows/ci.yml': 'on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
    })
    const pedantic = await runAction({ path: '.', persona: 'pedantic' })
    expect(pedantic.code).toBe(0)
    expect(pedantic.outputs).toMatchObject({ notes: '2', passed: 'true' })
    const bad = await runAction({ path: '.', persona: 'loud' })
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain("::error::pipeguard workflow-audit: input 'persona' must be regular or pedantic, got 'loud'")
  })
})
