import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cliPath, runProcess, tempRepository, type TempRepository } from '@pipeguard/test-kit'

const bin = cliPath()
const pipeguard = (args: string[], cwd?: string) => runProcess(process.execPath, [bin, ...args], cwd === undefined ? {} : { cwd })

let repository: TempRepository
afterEach(() => repository?.remove())

const injectable = [
  'on: issues',
  'permissions: {}',
  'jobs:',
  '  triage:',
  '    name: Triage',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4 # v4',
  '      - run: |',
  '          echo "${{ github.event.issue.title }}"',
  '',
].join('\n')

interface Report {
  command: string
  passed: boolean
  summary: Record<string, number>
  findings: { ruleId: string; level: string; line: number; column: number }[]
  changes?: { path: string; line: number; ruleId: string }[]
}

describe('pipeguard audit (the built CLI, as a process)', () => {
  it('reports injection and checkout credentials as JSON and exits 1 on an error', async () => {
    repository = tempRepository({ '.github/workflows/triage.yml': injectable })
    const result = await pipeguard(['audit', repository.root, '--format', 'json'])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as Report
    expect(report.command).toBe('audit')
    expect(report.findings.map((finding) => `${finding.line}:${finding.column} ${finding.level} ${finding.ruleId}`)).toEqual([
      '8:15 warning artipacked',
      '10:17 error template-injection',
    ])
  })

  it('--fix rewrites both findings in place, prints the diff, and a second run changes nothing', async () => {
    repository = tempRepository({ '.github/workflows/triage.yml': injectable })
    const first = await pipeguard(['audit', repository.root, '--fix'])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('+          ISSUE_TITLE: ${{ github.event.issue.title }}')
    expect(readFileSync(join(repository.root, '.github/workflows/triage.yml'), 'utf8')).toBe(
      injectable
        .replace('# v4\n', '# v4\n        with:\n          persist-credentials: false\n')
        .replace(
          '      - run: |\n          echo "${{ github.event.issue.title }}"',
          '      - env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}\n        run: |\n          echo "${ISSUE_TITLE}"',
        ),
    )
    const second = await pipeguard(['audit', repository.root, '--fix', '--format', 'json'])
    expect(second.code).toBe(0)
    expect((JSON.parse(second.stdout) as Report).changes).toEqual([])
  })

  it('--persona pedantic adds the pedantic audits; a bad persona is a usage error (exit 2)', async () => {
    repository = tempRepository({
      '.github/workflows/ci.yml': 'on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
    })
    const regular = JSON.parse((await pipeguard(['audit', repository.root, '--format', 'json'])).stdout) as Report
    const pedantic = JSON.parse((await pipeguard(['audit', repository.root, '--format', 'json', '--persona', 'pedantic'])).stdout) as Report
    expect(regular.findings).toEqual([])
    expect(pedantic.findings.map((finding) => finding.ruleId)).toEqual(['anonymous-definition', 'anonymous-definition'])
    const bad = await pipeguard(['audit', repository.root, '--persona', 'paranoid'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe("pipeguard: --persona must be one of regular, pedantic, got 'paranoid'\n")
  })

  it('honours policy levels, inline pipeguard ignores and zizmor ignore comments', async () => {
    repository = tempRepository({
      '.github/pipeguard.yml': 'version: 1\nrules:\n  artipacked: off\n',
      '.github/workflows/triage.yml': injectable.replace(
        '"${{ github.event.issue.title }}"',
        '"${{ github.event.issue.title }}" # zizmor: ignore[template-injection]',
      ),
    })
    const result = await pipeguard(['audit', repository.root, '--format', 'json'])
    const report = JSON.parse(result.stdout) as Report & { zizmorIgnored: number }
    expect(report.findings).toEqual([])
    expect(report.zizmorIgnored).toBe(1)
    expect(result.code).toBe(0)
  })

  it('never crashes on anchors, multi-document files, $/ references and invalid files', async () => {
    repository = tempRepository({
      '.github/workflows/anchors.yml':
        'on:\n  push: &p\n    branches: [main]\n  pull_request_target: *p\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - &s\n        run: echo "${{ github.head_ref }}"\n      - *s\n      - uses: $/.github/actions/local\n',
      '.github/workflows/multi.yml': 'on: push\njobs: {}\n---\non: push\n',
      '.github/workflows/broken.yml': 'on: [push\n',
      'action.yml': '',
    })
    const result = await pipeguard(['audit', repository.root, '--format', 'json'])
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout) as Report
    expect(report.findings.filter((finding) => finding.ruleId === 'template-injection').map((finding) => finding.line)).toEqual([11])
    expect(report.findings.some((finding) => finding.ruleId === 'invalid-workflow')).toBe(true)
  })

  it('is part of pipeguard check', async () => {
    repository = tempRepository({ '.github/workflows/triage.yml': injectable })
    const report = JSON.parse((await pipeguard(['check', repository.root, '--format', 'json'])).stdout) as Report
    expect(report.findings.map((finding) => finding.ruleId)).toContain('template-injection')
  })
})
