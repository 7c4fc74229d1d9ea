import { afterEach, describe, expect, it } from '@jest/globals'
import { defaultPolicy } from '@pipeguard/policy'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { parseYaml } from './parse-yaml.js'
import { actionAt, loadRepository, repositoryFindings } from './repository.js'

let repository: TempRepository
afterEach(() => repository?.remove())

const ci = `name: CI
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
      - run: echo "\${{ github.event.pull_request.title }}"
`

describe('loadRepository', () => {
  it('finds workflows where GitHub does and action metadata anywhere but .git and node_modules', () => {
    repository = tempRepository({
      '.github/workflows/ci.yml': ci,
      '.github/workflows/release.yaml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: make }]\n',
      '.github/workflows/nested/ignored.yml': ci,
      '.github/workflows/notes.txt': 'not yaml',
      'action.yml': 'name: root\nruns:\n  using: node24\n  main: index.js\n',
      '.github/actions/setup/action.yaml': 'name: setup\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: bash\n',
      'node_modules/dep/action.yml': 'name: dep\nruns: { using: node20, main: x.js }\n',
      '.git/action.yml': 'name: git\n',
    })
    const loaded = loadRepository(repository.root)
    expect(loaded.workflows.map((workflow) => workflow.file.path)).toEqual(['.github/workflows/ci.yml', '.github/workflows/release.yaml'])
    expect(loaded.actions.map((action) => action.file.path)).toEqual(['.github/actions/setup/action.yaml', 'action.yml'])
    expect(loaded.problems).toEqual([])
    expect(actionAt(loaded, './.github/actions/setup')?.runtime).toBe('composite')
    expect(actionAt(loaded, '.')?.runtime).toBe('javascript')
  })

  it('reads every file as parseYaml reads its text, whatever its last line ends with', () => {
    const endings = {
      'lf.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: make }]\n',
      'none.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          make',
      'crlf.yml': 'on: push\r\njobs:\r\n  a:\r\n    runs-on: x\r\n    steps: [{ run: make }]\r\n',
      'cr.yml': 'on: push\rjobs: {}\r',
      'bom.yml': '\uFEFFon: push\njobs: {}',
      'utf8.yml': 'name: café ☕ 🚀\non: push\njobs: {}',
      'empty.yml': '',
    }
    repository = tempRepository(Object.fromEntries(Object.entries(endings).map(([name, text]) => [`.github/workflows/${name}`, text])))
    const loaded = loadRepository(repository.root)
    for (const workflow of loaded.workflows) {
      const written = endings[workflow.file.path.replace('.github/workflows/', '') as keyof typeof endings]
      // TextDecoder drops a byte order mark, as GitHub does.
      expect(workflow.file.text).toBe(written.replace(/^\uFEFF/, ''))
      expect(workflow.root).toEqual(parseYaml(workflow.file.text).documents[0])
    }
    expect(loaded.workflows).toHaveLength(6)
    expect(loaded.problems.map((problem) => problem.path)).toEqual(['.github/workflows/empty.yml'])
  })

  it('models triggers, permissions, jobs and steps with exact positions', () => {
    repository = tempRepository({ '.github/workflows/ci.yml': ci })
    const [workflow] = loadRepository(repository.root).workflows
    expect(workflow!.triggers.map((trigger) => trigger.event)).toEqual(['push', 'pull_request'])
    expect(workflow!.permissions?.scopes.get('contents')?.level).toBe('read')
    const job = workflow!.jobs[0]!
    expect(job.id).toBe('test')
    expect(job.timeoutMinutes?.value).toBe('10')
    expect(job.steps[0]!.uses?.ref).toMatchObject({ kind: 'repository', owner: 'actions', repo: 'checkout', ref: 'v4' })
    const run = job.steps[1]!.run!
    expect(workflow!.file.position(run.start)).toEqual({ line: 14, column: 14 })
  })

  it('reports a workflow that does not parse as invalid-workflow at the line of the error', () => {
    repository = tempRepository({ '.github/workflows/bad.yml': 'on: push\njobs:\n  a:\n    runs-on: [ubuntu\n    steps: x\n' })
    const loaded = loadRepository(repository.root)
    expect(loaded.workflows).toEqual([])
    const [finding] = repositoryFindings(loaded, defaultPolicy())
    expect(finding).toMatchObject({ ruleId: 'invalid-workflow', level: 'error', path: '.github/workflows/bad.yml' })
    expect(finding!.message).toMatch(/^invalid YAML: /)
    expect(finding!.line).toBeGreaterThanOrEqual(4)
  })

  it('reports a job without runs-on, and a file with no triggers', () => {
    repository = tempRepository({ '.github/workflows/a.yml': 'jobs:\n  build:\n    steps:\n      - run: make\n' })
    const messages = repositoryFindings(loadRepository(repository.root), defaultPolicy()).map(
      (finding) => `${finding.line}: ${finding.message}`,
    )
    expect(messages).toEqual([
      '1: the workflow has no `on:` triggers, so it never runs',
      "2: job 'build' has no `runs-on:` (nor `uses:` of a reusable workflow)",
    ])
  })

  it('reports an alias bomb instead of expanding it', () => {
    const lines = ['on: push', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    for (let level = 1; level < 10; level++)
      lines.push(
        `a${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      )
    repository = tempRepository({ '.github/workflows/bomb.yml': `${lines.join('\n')}\njobs: {}\n` })
    const started = Date.now()
    const [finding] = repositoryFindings(loadRepository(repository.root), defaultPolicy())
    expect(Date.now() - started).toBeLessThan(2000)
    expect(finding!.message).toMatch(/alias bomb/)
  })

  it('reports a file over the size limit without reading it', () => {
    repository = tempRepository({ '.github/workflows/huge.yml': `on: push\n${'# padding padding padding\n'.repeat(420_000)}` })
    const loaded = loadRepository(repository.root)
    expect(loaded.problems[0]!.message).toMatch(/^the file is 10,920,009 bytes, over the limit of 2,097,152/)
    expect(loadRepository(repository.root, { maxFileBytes: 20_000_000 }).problems).toEqual([
      expect.objectContaining({ message: '`jobs:` must be a map of job ids to jobs' }),
    ])
  })

  it('reports binary and non-UTF-8 files with the position of the first bad byte', () => {
    repository = tempRepository({
      '.github/workflows/binary.yml': Buffer.from([0x6f, 0x6e, 0x3a, 0x0a, 0x00, 0x01, 0x02]),
      '.github/workflows/latin1.yml': Buffer.concat([Buffer.from('on: push\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    })
    const problems = loadRepository(repository.root).problems
    expect(problems.map((problem) => [problem.path, problem.span.line, problem.span.column, problem.message])).toEqual([
      ['.github/workflows/binary.yml', 2, 1, 'the file is binary (it contains a NUL byte), not YAML text'],
      ['.github/workflows/latin1.yml', 2, 10, 'the file is not valid UTF-8 text; GitHub requires UTF-8 workflows'],
    ])
  })

  it('never follows a symlink out of the scanned root', () => {
    const outside = tempRepository({ 'secret.yml': 'on: push\njobs: {}\n' })
    repository = tempRepository({ '.github/workflows/inside.yml': ci })
    repository.link('.github/workflows/escape.yml', `${outside.root}/secret.yml`)
    repository.link('.github/workflows/alias.yml', 'inside.yml')
    repository.link('linked', outside.root)
    try {
      const loaded = loadRepository(repository.root)
      expect(loaded.workflows.map((workflow) => workflow.file.path)).toEqual([
        '.github/workflows/alias.yml',
        '.github/workflows/inside.yml',
      ])
      expect(loaded.problems.map((problem) => [problem.path, problem.message])).toEqual([
        ['.github/workflows/escape.yml', 'the file is a symbolic link that points outside the repository; it was not read'],
      ])
    } finally {
      outside.remove()
    }
  })

  it('reports an empty action file and one without runs', () => {
    repository = tempRepository({ 'a/action.yml': '', 'b/action.yml': 'name: b\n' })
    expect(loadRepository(repository.root).problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'a/action.yml: the file is empty',
      'b/action.yml: the action has no `runs:` map, so it cannot run',
    ])
  })

  it('keeps anchors, aliases and merge keys working', () => {
    repository = tempRepository({
      '.github/workflows/anchors.yml':
        'on:\n  push: &branches\n    branches: [main]\n  pull_request: *branches\njobs:\n  a: &job\n    runs-on: ubuntu-latest\n    steps: [{ run: make }]\n  b:\n    <<: *job\n    runs-on: windows-latest\n',
    })
    const [workflow] = loadRepository(repository.root).workflows
    expect(workflow!.triggers.map((trigger) => (trigger.config === null ? null : trigger.config.kind))).toEqual(['map', 'map'])
    const b = workflow!.jobs[1]!
    expect(b.steps).toHaveLength(1)
    expect(b.runsOn).toMatchObject({ kind: 'scalar', value: 'windows-latest' })
  })
})
