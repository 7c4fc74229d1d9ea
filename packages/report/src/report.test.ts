import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { makeFinding, type RuleMeta } from '@pipeguard/policy'
import { corpusDir, repositoryRoot } from '@pipeguard/test-kit'
import { escapeData, escapeProperty, renderGithub } from './github.js'
import { buildReport } from './report.js'
import { renderSarif } from './sarif.js'
import { renderSummary } from './summary.js'
import { renderText } from './text.js'
import { join } from 'node:path'

const rules: RuleMeta[] = [
  {
    id: 'template-injection',
    engine: 'audit',
    level: 'error',
    summary: 'Attacker-controlled expression in code',
    help: 'Use env: indirection.',
  },
]
const findings = [
  makeFinding({
    ruleId: 'template-injection',
    level: 'error',
    message: 'github.event.issue.title is expanded into a shell script: 100%, a,b\nsecond line',
    path: '.github/workflows/triage.yml',
    span: { line: 12, column: 9, endLine: 12, endColumn: 41 },
    snippet: 'x',
  }),
  makeFinding({
    ruleId: 'template-injection',
    level: 'note',
    message: 'no file',
    path: '',
    span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
  }),
]
const report = buildReport({ command: 'audit', passed: false, summary: { error: 1, warning: 0, note: 1, suppressed: 2 }, findings })

describe('report formats', () => {
  it("builds DESIGN's JSON object with extra fields at the top level", () => {
    const withExtra = buildReport({
      command: 'governance',
      passed: true,
      summary: { error: 0, warning: 0, note: 0, suppressed: 0 },
      findings: [],
      extra: { inventory: [] },
    })
    expect(Object.keys(withExtra)).toEqual(['tool', 'version', 'command', 'passed', 'summary', 'findings', 'inventory'])
  })

  it('writes SARIF 2.1.0 that validates against the official schema', () => {
    const corpus = corpusDir()
    const schemaPath =
      corpus === undefined
        ? join(repositoryRoot(), '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json')
        : join(corpus, '..', 'schemas', 'sarif-schema-2.1.0.json')
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>
    delete schema.$schema
    const ajv = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false })
    const validate = ajv.compile(schema)
    const sarif = JSON.parse(renderSarif(report, rules)) as {
      runs: { results: { partialFingerprints: object; locations: unknown[] }[]; tool: { driver: { rules: { helpUri: string }[] } } }[]
    }
    expect(validate(sarif)).toBe(true)
    expect(sarif.runs[0]!.results[0]!.partialFingerprints).toEqual({ 'pipeguard/v1': findings[0]!.fingerprint })
    expect(sarif.runs[0]!.results[1]!.locations).toEqual([])
    expect(sarif.runs[0]!.tool.driver.rules[0]!.helpUri).toMatch(/docs\/rules\/template-injection\.md$/)
  })

  it('escapes workflow commands as the runner expects', () => {
    expect(escapeData('100%\r\nx')).toBe('100%25%0D%0Ax')
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc')
    const [first, second] = renderGithub(report, rules).trimEnd().split('\n')
    expect(first).toBe(
      '::error file=.github/workflows/triage.yml,line=12,col=9,endLine=12,endColumn=41,title=pipeguard template-injection%3A Attacker-controlled expression in code::github.event.issue.title is expanded into a shell script: 100%25, a,b%0Asecond line',
    )
    expect(second).toBe('::notice title=pipeguard template-injection%3A Attacker-controlled expression in code::no file')
  })

  it('lists every finding in the job summary, grouped by severity', () => {
    const many = Array.from({ length: 25 }, (_, index) =>
      makeFinding({
        ruleId: 'r',
        level: 'warning',
        message: `m${index} | pipe`,
        path: 'w.yml',
        span: { line: index + 1, column: 1, endLine: index + 1, endColumn: 2 },
      }),
    )
    const summary = renderSummary(
      buildReport({ command: 'audit', passed: true, summary: { error: 0, warning: 25, note: 0, suppressed: 0 }, findings: many }),
    )
    expect(summary).toContain('### 🟠 warning (25)')
    expect(summary.match(/^\| \[r\]/gm)).toHaveLength(25)
    expect(summary).toContain('m24 \\| pipe')
  })

  it('prints text grouped by file with a code frame at the line', () => {
    const text = renderText(report, {
      root: '/nowhere',
      color: false,
      readSource: () => Array.from({ length: 12 }, (_, index) => `line ${index + 1}`).join('\n'),
    })
    expect(text).toContain('.github/workflows/triage.yml\n  12:9 error github.event.issue.title')
    expect(text).toContain('    12 | line 12\n       |         ' + '^'.repeat(32))
    expect(text.trimEnd().split('\n').pop()).toBe('pipeguard audit: failed: 1 error(s), 0 warning(s), 1 note(s), 2 suppressed')
  })
})
