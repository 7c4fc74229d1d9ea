import { afterAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { cliPath, repositoryRoot, runBundledAction, runProcess, tempRepository } from '@pipeguard/test-kit'

const cli = cliPath()

/** A repository with enough workflows that the scan's code gets hot enough for V8's optimizing tiers. */
const repository = tempRepository(
  Object.fromEntries(
    Array.from({ length: 400 }, (_, index) => [
      `.github/workflows/w${index}.yml`,
      `name: build ${index}\non:\n  push:\n    branches: [main]\n  pull_request:\npermissions:\n  contents: read\njobs:\n` +
        `  test:\n    runs-on: ubuntu-latest # a comment\n    timeout-minutes: 10\n    steps:\n` +
        `      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n` +
        `      - name: "run the tests"\n        run: |\n          npm ci\n          npm test -- --shard=${index}\n` +
        `      - run: echo '\${{ github.sha }}' > sha.txt\n`,
    ]),
  ),
)
afterAll(() => repository.remove())

/** The compiles V8 reports with --trace-opt, by tier. */
function compiles(traced: string): { maglev: number; turbofan: number } {
  return {
    maglev: traced.match(/compiling method .*\(target MAGLEV\)/g)?.length ?? 0,
    turbofan: traced.match(/compiling method .*\(target TURBOFAN/g)?.length ?? 0,
  }
}

describe('V8 tuning of the commands that scan workflows (tuneForWorkflowScans)', () => {
  it('pin, audit, governance and check run without Turbofan: Maglev still optimizes the hot code', async () => {
    for (const command of ['pin', 'audit', 'governance', 'check']) {
      const args = command === 'pin' ? [command, '--offline', repository.root] : [command, repository.root]
      const result = await runProcess(process.execPath, ['--trace-opt', cli, ...args, '--format', 'json'])
      expect(result.stderr).toBe('')
      expect(compiles(result.stdout).turbofan).toBe(0)
      expect(compiles(result.stdout).maglev).toBeGreaterThan(20)
    }
  })

  it('the pin-check, workflow-audit and workflow-governance actions run without Turbofan too', async () => {
    for (const action of ['pin-check', 'workflow-audit', 'workflow-governance']) {
      const bundle = join(repositoryRoot(), 'actions', action, 'dist', 'index.js')
      const result = await runBundledAction(bundle, repository, { path: '.', offline: 'true' }, {}, ['--trace-opt'])
      expect(compiles(result.stdout).turbofan).toBe(0)
      expect(compiles(result.stdout).maglev).toBeGreaterThan(20)
    }
  })

  it('leaves Turbofan on for the other commands: refname checks a million names a second with it', async () => {
    const names = Array.from({ length: 200_000 }, (_, index) => `feature/JIRA-${index}-some-change`).join('\n')
    const result = await runProcess(process.execPath, ['--trace-opt', cli, 'refname', '--stdin', '--kind', 'branch'], { input: names })
    expect(result.code).toBe(0)
    expect(compiles(result.stdout).turbofan).toBeGreaterThan(0)
  })
})
