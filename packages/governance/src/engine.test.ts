import { afterEach, describe, expect, it } from '@jest/globals'
import { defaultPolicy, type Policy } from '@pipeguard/policy'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { runGovernance } from './engine.js'

let repository: TempRepository
afterEach(() => repository?.remove())

function workflow(jobs: string, head = 'on: push\n'): string {
  return `${head}jobs:\n${jobs}`
}

const job = (id: string, steps: string[], extra = '    timeout-minutes: 10\n'): string =>
  `  ${id}:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${steps.map((step) => `      - ${step}\n`).join('')}`

function run(files: Record<string, string>, policy: Policy = defaultPolicy()) {
  repository = tempRepository(files)
  return runGovernance(loadRepository(repository.root), policy)
}

function withRules(rules: Policy['rules']): Policy {
  return { ...defaultPolicy(), rules }
}

describe('governance rules', () => {
  it('workflow-count reports a repository over the limit once, with the numbers', () => {
    const files = Object.fromEntries(
      Array.from({ length: 4 }, (_, index) => [`.github/workflows/w${index}.yml`, workflow(job('a', ['run: make']))]),
    )
    const { findings } = run(files, withRules({ 'workflow-count': { options: { max: 3 } } }))
    expect(findings.map((finding) => [finding.ruleId, finding.level, finding.path])).toEqual([
      ['workflow-count', 'error', '.github/workflows/w3.yml'],
    ])
    expect(findings[0]!.message).toMatch(/^the repository has 4 workflow files, over the limit of 3 \(1 too many\)/)
  })

  it('workflow-count does not count excluded workflows and passes at the limit', () => {
    const files = Object.fromEntries(
      Array.from({ length: 4 }, (_, index) => [
        `.github/workflows/w${index}${index === 0 ? '.lock' : ''}.yml`,
        workflow(job('a', ['run: make'])),
      ]),
    )
    expect(run(files, withRules({ 'workflow-count': { options: { max: 3, exclude: ['**/*.lock.yml'] } } })).findings).toEqual([])
  })

  it('workflow-size reports lines and bytes over the limit at the first line past it, with per-glob overrides', () => {
    const long = workflow(
      job(
        'a',
        Array.from({ length: 30 }, (_, index) => `run: echo ${index}`),
      ),
    )
    const policy = withRules({
      'workflow-size': { options: { 'max-lines': 20, overrides: [{ paths: ['.github/workflows/release-*.yml'], 'max-lines': 100 }] } },
    })
    const findings = run({ '.github/workflows/ci.yml': long, '.github/workflows/release-x.yml': long }, policy).findings.filter(
      (finding) => finding.ruleId === 'workflow-size',
    )
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ ruleId: 'workflow-size', path: '.github/workflows/ci.yml', line: 21 })
    expect(findings[0]!.message).toMatch(/^the workflow has 36 lines, over the limit of 20;/)
  })

  it('missing-timeout reports each job without timeout-minutes at its key, but not reusable-workflow calls', () => {
    const { findings } = run({
      '.github/workflows/ci.yml': workflow(
        `${job('fast', ['run: make'])}${job('slow', ['run: make'], '')}  call:\n    uses: ./.github/workflows/reusable.yml\n`,
      ),
    })
    expect(findings.map((finding) => [finding.ruleId, finding.line, finding.column])).toEqual([['missing-timeout', 8, 3]])
  })

  it('workflow-duplicate finds near-duplicates by structure, not by name, and says what differs', () => {
    const steps = [
      'uses: actions/checkout@v4',
      'uses: actions/setup-node@v4',
      'run: npm ci',
      'run: npm run build',
      'run: npm test',
      'uses: aws-actions/configure-aws-credentials@v4',
      'run: ./deploy.sh production',
      'run: ./smoke-test.sh',
      'run: ./notify.sh',
    ]
    const { findings } = run({
      '.github/workflows/deploy-production.yml': workflow(job('deploy', steps)),
      '.github/workflows/GL-deploy-production.yml': workflow(
        job('deploy', [...steps.slice(0, 7), 'run: ./smoke-test.sh --gitlab', 'run: ./notify.sh']),
        'on: [push, workflow_dispatch]\n',
      ),
      '.github/workflows/unrelated.yml': workflow(
        job('lint', ['uses: actions/checkout@v4', 'run: cargo fmt --check', 'run: cargo clippy', 'run: cargo test']),
      ),
    })
    const duplicates = findings.filter((finding) => finding.ruleId === 'workflow-duplicate')
    expect(duplicates).toHaveLength(1)
    expect(duplicates[0]!.path).toBe('.github/workflows/deploy-production.yml')
    expect(duplicates[0]!.message).toMatch(/^near-duplicate of \.github\/workflows\/GL-deploy-production\.yml \(\d+% structurally similar/)
    expect(duplicates[0]!.message).toContain("only here: 'run ./smoke-test.sh'")
    expect(duplicates[0]!.message).toContain("only there: 'on workflow_dispatch', 'run ./smoke-test.sh --gitlab'")
  })

  it('workflow-duplicate does not compare excluded workflows', () => {
    const steps = ['uses: actions/checkout@v4', 'run: make', 'run: make test', 'run: make install', 'run: ./publish.sh']
    const files = {
      '.github/workflows/__generated-a.yml': workflow(job('a', steps)),
      '.github/workflows/__generated-b.yml': workflow(job('a', steps)),
      '.github/workflows/release.yml': workflow(job('a', [...steps, 'run: ./announce.sh'])),
    }
    const all = run(files).findings.filter((finding) => finding.ruleId === 'workflow-duplicate')
    expect(all.map((finding) => finding.path).sort()).toEqual([
      '.github/workflows/__generated-b.yml',
      '.github/workflows/release.yml',
      '.github/workflows/release.yml',
    ])
    const kept = run(files, withRules({ 'workflow-duplicate': { options: { exclude: ['.github/workflows/__*.yml'] } } })).findings
    expect(kept.filter((finding) => finding.ruleId === 'workflow-duplicate')).toEqual([])
  })

  it('workflow-duplicate stays fast on 150 workflows', () => {
    const files: Record<string, string> = {}
    for (let index = 0; index < 150; index++) {
      files[`.github/workflows/w${index}.yml`] = workflow(
        job(
          'a',
          Array.from({ length: 12 }, (_, step) => `run: echo ${(index * 7 + step) % 40} ${step}`),
        ),
      )
    }
    repository = tempRepository(files)
    const model = loadRepository(repository.root)
    const started = performance.now()
    runGovernance(model, defaultPolicy())
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('missing-concurrency is off by default and reports configured triggers only', () => {
    const files = {
      '.github/workflows/pr.yml': workflow(job('a', ['run: make']), 'on: pull_request\n'),
      '.github/workflows/nightly.yml': workflow(job('a', ['run: make']), 'on:\n  schedule:\n    - cron: "0 0 * * *"\n'),
      '.github/workflows/grouped.yml': workflow(job('a', ['run: make']), 'on: push\nconcurrency: ci\n'),
    }
    expect(run(files).findings).toEqual([])
    const { findings } = run(files, withRules({ 'missing-concurrency': { options: { triggers: ['pull_request', 'push'] } } }))
    expect(findings.map((finding) => [finding.ruleId, finding.path, finding.level])).toEqual([
      ['missing-concurrency', '.github/workflows/pr.yml', 'warning'],
    ])
  })

  it('workflow-name checks file names and names against the policy', () => {
    const { findings } = run(
      {
        '.github/workflows/GL_Deploy.yaml': workflow(job('a', ['run: make'])),
        '.github/workflows/ci.yml': `name: continuous integration\n${workflow(job('a', ['run: make']))}`,
      },
      withRules({ 'workflow-name': { options: { 'file-pattern': '^[a-z0-9-]+\\.yml$', 'name-pattern': '^[A-Z]', 'require-name': true } } }),
    )
    expect(findings.map((finding) => `${finding.path}:${finding.line} ${finding.message.split(';')[0]}`)).toEqual([
      ".github/workflows/GL_Deploy.yaml:1 file name 'GL_Deploy.yaml' does not match the policy's pattern /^[a-z0-9-]+\\.yml$/",
      '.github/workflows/GL_Deploy.yaml:1 the workflow has no name:, so the Actions tab shows its file path',
      ".github/workflows/ci.yml:1 workflow name 'continuous integration' does not match the policy's pattern /^[A-Z]/",
    ])
  })

  it('required-workflow reports a missing security scan on pull_request and passes when one exists', () => {
    const policy = withRules({
      'required-workflow': {
        level: 'error',
        options: { require: [{ description: 'CodeQL on pull requests', triggers: ['pull_request'], uses: 'github/codeql-action/*' }] },
      },
    })
    const scan = workflow(job('analyze', ['uses: github/codeql-action/analyze@v3']), 'on: [pull_request, push]\n')
    expect(
      run({ '.github/workflows/ci.yml': workflow(job('a', ['run: make'])) }, policy).findings.map((finding) => finding.message),
    ).toEqual(["no workflow meets the policy's requirement: CodeQL on pull requests; add one"])
    expect(run({ '.github/workflows/codeql.yml': scan }, policy).findings).toEqual([])
  })

  it('builds the inventory of every workflow', () => {
    const { inventory } = run({
      '.github/workflows/ci.yml': `name: CI\n${workflow(job('a', ['uses: actions/checkout@v4', 'run: make', 'uses: actions/checkout@v4']))}`,
    })
    expect(inventory).toEqual([
      {
        path: '.github/workflows/ci.yml',
        name: 'CI',
        lines: 10,
        bytes: 177,
        triggers: ['push'],
        jobs: 1,
        steps: 3,
        uses: ['actions/checkout@v4'],
      },
    ])
  })
})
