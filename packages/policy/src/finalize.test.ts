import { afterEach, describe, expect, it } from '@jest/globals'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { readBaseline, writeBaseline } from './baseline.js'
import { finalizeFindings } from './finalize.js'
import { makeFinding, type Finding } from './finding.js'
import { defaultPolicy, type Policy } from './policy.js'

let repository: TempRepository | undefined
afterEach(() => repository?.remove())

function finding(ruleId: string, path: string, line: number, snippet = `${ruleId}@${line}`, level: Finding['level'] = 'error'): Finding {
  return makeFinding({ ruleId, level, message: `${ruleId} here`, path, span: { line, column: 1, endLine: line, endColumn: 2 }, snippet })
}

const now = new Date('2026-11-22T12:00:00Z')

describe('finalizeFindings', () => {
  it('fails on a finding at fail-on and passes below it', () => {
    const findings = [finding('a', 'x.yml', 1, 'a', 'warning')]
    expect(finalizeFindings(findings, { root: '/nowhere', policy: defaultPolicy(), now }).passed).toBe(true)
    expect(finalizeFindings(findings, { root: '/nowhere', policy: { ...defaultPolicy(), failOn: 'warning' }, now }).passed).toBe(false)
    expect(
      finalizeFindings([finding('a', 'x.yml', 1)], { root: '/nowhere', policy: { ...defaultPolicy(), failOn: 'never' }, now }).passed,
    ).toBe(true)
  })

  it('suppresses findings matched by a live ignore entry and reports an expired one instead', () => {
    const at = { file: '.github/pipeguard.yml', line: 4, column: 5 }
    const policy: Policy = {
      ...defaultPolicy(),
      ignores: [
        { rule: 'a', paths: ['.github/workflows/legacy-*.yml'], reason: 'migrating', expires: '2027-01-01', at },
        { rule: 'b', paths: [], reason: 'old', expires: '2026-11-01', at: { ...at, line: 8 } },
      ],
    }
    const outcome = finalizeFindings(
      [
        finding('a', '.github/workflows/legacy-ci.yml', 3),
        finding('a', '.github/workflows/ci.yml', 3),
        finding('b', '.github/workflows/ci.yml', 5),
      ],
      { root: '/nowhere', policy, now, readSource: () => undefined },
    )
    expect(outcome.summary.suppressed).toBe(1)
    expect(outcome.findings.map((item) => `${item.ruleId}:${item.path}:${item.line}`)).toEqual([
      'expired-ignore:.github/pipeguard.yml:8',
      'a:.github/workflows/ci.yml:3',
      'b:.github/workflows/ci.yml:5',
    ])
    expect(outcome.findings[0]!.message).toContain("the ignore of 'b' expired on 2026-11-01")
  })

  it('honours inline ignore comments on the line or the line above, for the named rule only', () => {
    const source = [
      'jobs:',
      '  a: # pipeguard: ignore[rule-a] tracked in #12',
      '  b:',
      '  # pipeguard: ignore[rule-b, rule-c] reason',
      '  c:',
    ].join('\n')
    const outcome = finalizeFindings(
      [
        finding('rule-a', 'w.yml', 2),
        finding('rule-b', 'w.yml', 3),
        finding('rule-b', 'w.yml', 5),
        finding('rule-c', 'w.yml', 5),
        finding('rule-x', 'w.yml', 5),
      ],
      { root: '/nowhere', policy: defaultPolicy(), now, readSource: () => source },
    )
    expect(outcome.findings.map((item) => `${item.ruleId}:${item.line}`)).toEqual(['rule-b:3', 'rule-x:5'])
    expect(outcome.summary.suppressed).toBe(3)
  })

  it('makes identical fingerprints distinct and stable', () => {
    const twins = [finding('a', 'w.yml', 3, 'same'), finding('a', 'w.yml', 9, 'same')]
    const first = finalizeFindings(twins, { root: '/nowhere', policy: defaultPolicy(), now, readSource: () => undefined }).findings
    expect(new Set(first.map((item) => item.fingerprint)).size).toBe(2)
    const again = finalizeFindings(twins, { root: '/nowhere', policy: defaultPolicy(), now, readSource: () => undefined }).findings
    expect(again.map((item) => item.fingerprint)).toEqual(first.map((item) => item.fingerprint))
  })

  it('keeps a fingerprint when the finding moves to another line', () => {
    expect(finding('a', 'w.yml', 3, 'snippet').fingerprint).toBe(finding('a', 'w.yml', 30, 'snippet').fingerprint)
    expect(finding('a', 'w.yml', 3, 'snippet').fingerprint).not.toBe(finding('a', 'v.yml', 3, 'snippet').fingerprint)
  })

  it('round-trips a baseline so that only new findings count', () => {
    repository = tempRepository({})
    const old = [finding('a', 'w.yml', 1, 'old')]
    writeBaseline(`${repository.root}/baseline.json`, old)
    const baseline = readBaseline(`${repository.root}/baseline.json`)
    const outcome = finalizeFindings([...old, finding('a', 'w.yml', 2, 'new')], {
      root: '/nowhere',
      policy: defaultPolicy(),
      now,
      baseline,
      readSource: () => undefined,
    })
    expect(outcome.findings.map((item) => item.line)).toEqual([2])
    expect(outcome.summary).toEqual({ error: 1, warning: 0, note: 0, suppressed: 1 })
  })

  it('rejects a baseline that is not one', () => {
    repository = tempRepository({ 'b.json': '{"nope": 1}', 'c.json': 'not json' })
    expect(() => readBaseline(`${repository!.root}/b.json`)).toThrow(/not a pipeguard baseline/)
    expect(() => readBaseline(`${repository!.root}/c.json`)).toThrow(/cannot read baseline/)
    expect(() => readBaseline(`${repository!.root}/missing.json`)).toThrow(/no such file/)
  })
})
