import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cliPath, repositoryRoot, runProcess, tempRepository, type TempRepository } from '@pipeguard/test-kit'

const cli = cliPath()
const pipeguard = (args: string[], cwd?: string) => runProcess(process.execPath, [cli, ...args], { cwd: cwd ?? repositoryRoot() })

let repository: TempRepository
afterEach(() => repository?.remove())

const good =
  'name: CI\non: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: make test\n'
const noTimeout = good.replace('    timeout-minutes: 5\n', '')

describe('pipeguard governance (the built CLI as a process)', () => {
  it("prints DESIGN's JSON object and exits 0 when the repository passes", async () => {
    repository = tempRepository({ '.github/workflows/ci.yml': good })
    const result = await pipeguard(['governance', repository.root, '--format', 'json', '--inventory'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as Record<string, unknown>
    expect(Object.keys(report)).toEqual(['tool', 'version', 'command', 'passed', 'summary', 'findings', 'inventory'])
    expect(report).toMatchObject({
      tool: 'pipeguard',
      command: 'governance',
      passed: true,
      summary: { error: 0, warning: 0, note: 0, suppressed: 0 },
      findings: [],
    })
    expect(report.inventory).toEqual([
      { path: '.github/workflows/ci.yml', name: 'CI', lines: 9, bytes: 132, triggers: ['push'], jobs: 1, steps: 1, uses: [] },
    ])
  })

  it('exits 1 when a finding is at or above fail-on, and 0 below it', async () => {
    repository = tempRepository({ '.github/workflows/ci.yml': noTimeout })
    const warned = await pipeguard(['governance', repository.root, '--format', 'json'])
    expect(warned.code).toBe(0)
    const report = JSON.parse(warned.stdout) as { findings: { ruleId: string; line: number; column: number; path: string }[] }
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: 'missing-timeout', path: '.github/workflows/ci.yml', line: 5, column: 3 }),
    ])
    expect((await pipeguard(['governance', repository.root, '--fail-on', 'warning'])).code).toBe(1)
  })

  it('reports broken workflows as findings with a location, never a crash', async () => {
    const bomb = ['on: push', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    for (let level = 1; level < 10; level++)
      bomb.push(
        `a${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      )
    repository = tempRepository({
      '.github/workflows/bad-yaml.yml': 'on: push\njobs:\n  a: [\n',
      '.github/workflows/bomb.yml': `${bomb.join('\n')}\njobs: {}\n`,
      '.github/workflows/huge.yml': `on: push\n${'# pad pad pad pad pad pad pad pad pad pad pad pad\n'.repeat(220_000)}`,
      '.github/workflows/binary.yml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      '.github/workflows/latin1.yml': Buffer.from([0x6f, 0x6e, 0x3a, 0x20, 0xe9, 0x0a]),
    })
    const outside = tempRepository({ 'x.yml': good })
    repository.link('.github/workflows/escape.yml', join(outside.root, 'x.yml'))
    try {
      const result = await pipeguard(['governance', repository.root, '--format', 'json'])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(1)
      const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; path: string; line: number; message: string }[] })
        .findings
      const byPath = Object.fromEntries(
        findings.map((finding) => [
          finding.path.replace('.github/workflows/', ''),
          `${finding.ruleId}:${finding.line}: ${finding.message}`,
        ]),
      )
      expect(byPath['bad-yaml.yml']).toMatch(/^invalid-workflow:\d+: invalid YAML/)
      expect(byPath['bomb.yml']).toMatch(
        /^invalid-workflow:\d+: invalid YAML: aliases expand to more than 1,000,000 nodes \(an alias bomb\?\)$/,
      )
      expect(byPath['huge.yml']).toMatch(/^invalid-workflow:1: the file is 11,\d{3},\d{3} bytes, over the limit/)
      expect(byPath['binary.yml']).toBe('invalid-workflow:1: the file is binary (it contains a NUL byte), not YAML text')
      expect(byPath['latin1.yml']).toBe('invalid-workflow:1: the file is not valid UTF-8 text; GitHub requires UTF-8 workflows')
      expect(byPath['escape.yml']).toBe(
        'invalid-workflow:1: the file is a symbolic link that points outside the repository; it was not read',
      )
    } finally {
      outside.remove()
    }
  })

  it('exits 2 with one line naming file, line and key for an invalid policy', async () => {
    repository = tempRepository({
      '.github/workflows/ci.yml': good,
      '.github/pipeguard.yml': 'rules:\n  workflow-size:\n    max-lines: abc\n',
    })
    const result = await pipeguard(['governance', repository.root])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      "pipeguard: .github/pipeguard.yml:3:16: rules.workflow-size.max-lines must be a positive integer, got 'abc'\n",
    )
  })

  it('exits 2 with a one-line message for usage errors', async () => {
    repository = tempRepository({})
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^pipeguard: unknown command 'frobnicate'; commands: check, /],
      [['governance', '--no-such-flag'], /^pipeguard: governance: Unknown option '--no-such-flag'/],
      [['governance', join(repository.root, 'missing')], /^pipeguard: no such directory: /],
      [['governance', repository.root, '--format', 'xml'], /^pipeguard: --format must be one of text, json, sarif, github, got 'xml'$/],
      [
        ['governance', repository.root, '--fail-on', 'fatal'],
        /^pipeguard: --fail-on must be one of error, warning, note, never, got 'fatal'$/,
      ],
      [['governance', repository.root, '--policy', join(repository.root, 'none.yml')], /^pipeguard: .*none\.yml: policy file not found/],
      [
        ['governance', repository.root, '--baseline', join(repository.root, 'none.json')],
        /^pipeguard: .*none\.json: cannot read baseline: no such file$/,
      ],
    ]
    for (const [args, expected] of cases) {
      const result = await pipeguard(args)
      expect([result.code, result.stderr.split('\n').length]).toEqual([2, 2])
      expect(result.stderr.trimEnd()).toMatch(expected)
    }
  })

  it('adopts a backlog with --write-baseline and then fails only on new findings', async () => {
    repository = tempRepository({ '.github/workflows/ci.yml': noTimeout })
    const baseline = join(repository.root, 'baseline.json')
    expect((await pipeguard(['governance', repository.root, '--fail-on', 'warning', '--write-baseline', baseline])).code).toBe(1)
    expect(JSON.parse(readFileSync(baseline, 'utf8'))).toMatchObject({ version: 1, tool: 'pipeguard', fingerprints: [expect.any(String)] })
    const adopted = await pipeguard(['governance', repository.root, '--fail-on', 'warning', '--baseline', baseline, '--format', 'json'])
    expect(adopted.code).toBe(0)
    expect(JSON.parse(adopted.stdout)).toMatchObject({ summary: { warning: 0, suppressed: 1 } })
    repository.write('.github/workflows/new.yml', noTimeout.replace('test:', 'lint:'))
    expect((await pipeguard(['governance', repository.root, '--fail-on', 'warning', '--baseline', baseline])).code).toBe(1)
  })

  it('honours inline ignore comments and policy ignores with expiry', async () => {
    repository = tempRepository({
      '.github/workflows/ci.yml': noTimeout.replace('  test:', '  test: # pipeguard: ignore[missing-timeout] runs in 1 minute'),
      '.github/workflows/old.yml': noTimeout,
      '.github/pipeguard.yml':
        'ignore:\n  - rule: missing-timeout\n    paths: [".github/workflows/old.yml"]\n    reason: legacy\n    expires: 2020-01-01\n',
    })
    const result = await pipeguard(['governance', repository.root, '--format', 'json'])
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; path: string }[]; summary: { suppressed: number } }
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.path}`)).toEqual([
      'expired-ignore .github/pipeguard.yml',
      'missing-timeout .github/workflows/old.yml',
    ])
    expect(report.summary.suppressed).toBe(1)
  })

  it('prints SARIF and GitHub workflow commands', async () => {
    repository = tempRepository({ '.github/workflows/ci.yml': noTimeout })
    const sarif = JSON.parse((await pipeguard(['governance', repository.root, '--format', 'sarif'])).stdout) as {
      version: string
      runs: { results: unknown[] }[]
    }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.results).toHaveLength(1)
    const github = await pipeguard(['governance', repository.root, '--format', 'github'])
    expect(github.stdout).toMatch(
      /^::warning file=\.github\/workflows\/ci\.yml,line=5,col=3,endLine=5,endColumn=7,title=pipeguard missing-timeout%3A /,
    )
  })

  it('prints nothing with --quiet when the run passes, and writes the report to --output atomically', async () => {
    repository = tempRepository({ '.github/workflows/ci.yml': good })
    const quiet = await pipeguard(['governance', repository.root, '--quiet'])
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, '', ''])
    const report = join(repository.root, 'reports/governance.sarif')
    const written = await pipeguard(['governance', repository.root, '--format', 'sarif', '--output', report])
    expect([written.code, written.stdout]).toEqual([0, ''])
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ version: '2.1.0' })
  })

  it('prints help for every command and exits 0', async () => {
    const general = await pipeguard(['--help'])
    expect(general.code).toBe(0)
    const commands = [...general.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((match) => match[1]!)
    expect(commands).toEqual(expect.arrayContaining(['check', 'governance']))
    for (const command of commands) {
      const help = await pipeguard([command, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(new RegExp(`^usage: pipeguard ${command}`))
    }
  })

  it("check runs governance too and passes on pipeguard's own repository", async () => {
    const result = await pipeguard(['check', '.', '--format', 'json'])
    const report = JSON.parse(result.stdout) as { passed: boolean; findings: { ruleId: string; path: string; message: string }[] }
    expect(report.findings.filter((finding) => finding.ruleId !== 'missing-timeout' || !finding.path.startsWith('.github'))).toEqual([])
    expect(result.code).toBe(0)
  })
})
