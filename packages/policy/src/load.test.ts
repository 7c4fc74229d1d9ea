import { afterEach, describe, expect, it } from '@jest/globals'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { InputError } from './input-error.js'
import { loadPolicy } from './load.js'
import type { RuleMeta } from './rule.js'

const rules: RuleMeta[] = [
  {
    id: 'workflow-size',
    engine: 'governance',
    level: 'error',
    summary: 'too long',
    help: 'split it',
    options: { 'max-lines': { type: 'integer', minimum: 1, default: 500, 'x-expect': 'a positive integer' } },
  },
  { id: 'workflow-count', engine: 'governance', level: 'error', summary: 'too many', help: 'merge' },
  { id: 'missing-concurrency', engine: 'governance', level: 'off', summary: 'no group', help: 'add one' },
]

let repository: TempRepository
afterEach(() => repository?.remove())

function load(policy: string, extra: Record<string, string> = {}) {
  repository = tempRepository({ '.github/pipeguard.yml': policy, ...extra })
  return loadPolicy({ root: repository.root, rules })
}

async function errorOf(run: () => unknown): Promise<InputError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('loadPolicy', () => {
  it('returns the built-in default policy when the repository has no policy file', async () => {
    repository = tempRepository({})
    const policy = await loadPolicy({ root: repository.root, rules })
    expect(policy).toEqual({ files: [], failOn: 'error', persona: 'regular', rules: {}, ignores: [] })
  })

  it('reads levels, options, fail-on and ignores', async () => {
    const policy = await load(
      'version: 1\nfail-on: warning\nrules:\n  workflow-size: { level: warning, max-lines: 300 }\n  workflow-count: off\nignore:\n  - rule: workflow-size\n    paths: [".github/workflows/legacy-*.yml"]\n    reason: migrating\n    expires: 2099-01-01\n',
    )
    expect(policy.failOn).toBe('warning')
    expect(policy.rules['workflow-size']).toEqual({ level: 'warning', options: { 'max-lines': 300 } })
    expect(policy.rules['workflow-count']).toEqual({ level: 'off', options: {} })
    expect(policy.ignores).toEqual([
      {
        rule: 'workflow-size',
        paths: ['.github/workflows/legacy-*.yml'],
        reason: 'migrating',
        expires: '2099-01-01',
        at: { file: '.github/pipeguard.yml', line: 7, column: 5 },
      },
    ])
  })

  it('names file, line, column and key for an option of the wrong type', async () => {
    const error = await errorOf(() => load('rules:\n  workflow-size:\n    max-lines: abc\n'))
    expect(error.describe()).toBe(".github/pipeguard.yml:3:16: rules.workflow-size.max-lines must be a positive integer, got 'abc'")
  })

  it('rejects an unknown rule id with a did-you-mean', async () => {
    const error = await errorOf(() => load('rules:\n  workflow-sise: error\n'))
    expect(error.message).toBe("unknown rule 'workflow-sise' (did you mean 'workflow-size'?)")
    expect([error.line, error.column]).toEqual([2, 3])
  })

  it('rejects an unknown top-level key with a did-you-mean', async () => {
    const error = await errorOf(() => load('rulez: {}\n'))
    expect(error.message).toBe("unknown key 'rulez' (did you mean 'rules'?)")
    expect(error.line).toBe(1)
  })

  it('rejects an unknown option of a rule', async () => {
    const error = await errorOf(() => load('rules:\n  workflow-size: { max-line: 3 }\n'))
    expect(error.message).toBe("unknown key 'rules.workflow-size.max-line' (did you mean 'max-lines'?)")
  })

  it('rejects a level that does not exist', async () => {
    const error = await errorOf(() => load('rules:\n  workflow-count: fatal\n'))
    expect(error.message).toBe("rules.workflow-count must be one of error, warning, note, off, got 'fatal'")
    expect([error.line, error.column]).toEqual([2, 19])
  })

  it('rejects an ignore entry for an unknown rule and one without a reason', async () => {
    expect((await errorOf(() => load('ignore:\n  - rule: workflow-cont\n    reason: x\n'))).message).toBe(
      "ignore[0].rule: unknown rule 'workflow-cont' (did you mean 'workflow-count'?)",
    )
    expect((await errorOf(() => load('ignore:\n  - rule: workflow-count\n'))).message).toBe(
      "ignore[0] is missing the required key 'reason'",
    )
  })

  it('rejects an impossible expiry date', async () => {
    expect((await errorOf(() => load('ignore:\n  - rule: workflow-count\n    reason: x\n    expires: 2027-02-31\n'))).message).toContain(
      'must be a real date',
    )
  })

  it('reports invalid YAML with its position', async () => {
    const error = await errorOf(() => load('rules: [\n'))
    expect(error.message).toMatch(/^invalid YAML: /)
    expect(error.file).toBe('.github/pipeguard.yml')
    expect(error.line).toBeGreaterThanOrEqual(1)
  })

  it('rejects a YAML alias bomb instead of expanding it', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let level = 1; level < 9; level++)
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      )
    const error = await errorOf(() => load(`${bomb.join('\n')}\n`))
    expect(error.message).toMatch(/invalid YAML/)
  })

  it('merges a local extends chain: the extending file wins, options merge, ignores add up', async () => {
    const policy = await load(
      'extends: ./base.yml\nrules:\n  workflow-size: { max-lines: 800 }\nignore:\n  - { rule: workflow-count, reason: own }\n',
      {
        '.github/base.yml':
          'fail-on: note\nrules:\n  workflow-size: { level: warning, max-lines: 300 }\n  workflow-count: off\nignore:\n  - { rule: workflow-size, reason: base }\n',
      },
    )
    expect(policy.failOn).toBe('note')
    expect(policy.rules['workflow-size']).toEqual({ level: 'warning', options: { 'max-lines': 800 } })
    expect(policy.rules['workflow-count']?.level).toBe('off')
    expect(policy.ignores.map((entry) => entry.reason)).toEqual(['base', 'own'])
    expect(policy.files).toEqual(['.github/base.yml', '.github/pipeguard.yml'])
  })

  it('detects an extends cycle and names it', async () => {
    const error = await errorOf(() => load('extends: ./b.yml\n', { '.github/b.yml': 'extends: ./pipeguard.yml\n' }))
    expect(error.message).toBe('extends cycle: .github/pipeguard.yml -> .github/b.yml -> .github/pipeguard.yml')
  })

  it('gives a clear error for a remote extends until it is supported', async () => {
    const error = await errorOf(() => load('extends: my-org/policies/pipeguard.yml@v1\n'))
    expect(error.message).toContain('remote policies (owner/repo/path@ref) are not supported yet')
    expect([error.line, error.column]).toEqual([1, 10])
  })

  it('fails on an explicit policy path that does not exist', async () => {
    repository = tempRepository({})
    expect((await errorOf(() => loadPolicy({ root: repository.root, file: `${repository.root}/nope.yml`, rules }))).message).toMatch(
      /policy file not found/,
    )
  })
})

describe('loadPolicy with the rule catalog (its precompiled validator, validators/policy.js)', () => {
  const loadWithCatalog = (policy: string) => {
    repository = tempRepository({ '.github/pipeguard.yml': policy })
    return loadPolicy({ root: repository.root })
  }

  it('accepts a valid policy', async () => {
    const policy = await loadWithCatalog(
      'version: 1\nrules:\n  workflow-size: { level: warning, max-lines: 300 }\n  template-injection: off\n',
    )
    expect(policy.rules['workflow-size']).toEqual({ level: 'warning', options: { 'max-lines': 300 } })
    expect(policy.rules['template-injection']?.level).toBe('off')
  })

  it('reports what the runtime-compiled schema reports: file, line, expectation and did-you-mean', async () => {
    expect((await errorOf(() => loadWithCatalog('rules:\n  workflow-size:\n    max-lines: abc\n'))).describe()).toBe(
      ".github/pipeguard.yml:3:16: rules.workflow-size.max-lines must be a positive integer, got 'abc'",
    )
    const unknown = await errorOf(() => loadWithCatalog('rules:\n  template-injektion: error\n'))
    expect(unknown.message).toBe("unknown rule 'template-injektion' (did you mean 'template-injection'?)")
    expect([unknown.line, unknown.column]).toEqual([2, 3])
    expect((await errorOf(() => loadWithCatalog('fail-on: sometimes\n'))).message).toBe(
      "fail-on must be one of error, warning, note, never, got 'sometimes'",
    )
  })
})
