import { describe, expect, it } from '@jest/globals'
import { auditFiles, summary } from '../__fixtures__/audit-files.js'

// The expression audits first test the raw `${{ }}` texts of a file (before quote decoding and line folding) and
// read the decoded expressions only where that test can match: these cases differ between the two forms.
const workflow = (run: string): Record<string, string> => ({
  '.github/workflows/ci.yml': `on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`,
})

describe('raw-text prefilters of the expression audits', () => {
  it("unsound-ternary finds && '' || written as && '''' || in a single-quoted scalar", () => {
    const findings = auditFiles(workflow("'make ${{ github.event_name == ''push'' && '''' || ''DEBUG=1'' }}'")).findings
    expect(summary(findings, 'unsound-ternary')).toEqual(['7 warning'])
  })

  it('unsound-ternary finds a ternary folded over lines and ignores one whose middle branch is not falsy', () => {
    const folded = "make ${{ github.event_name == 'push'\n          && ''\n          || 'DEBUG=1' }}"
    expect(summary(auditFiles(workflow(folded)).findings, 'unsound-ternary')).toEqual(['7 warning'])
    const sound = "make ${{ github.event_name == 'push' && 'x' || 'y' }}"
    expect(summary(auditFiles(workflow(sound)).findings, 'unsound-ternary')).toEqual([])
  })

  it('overprovisioned-secrets and unredacted-secrets read expressions in double-quoted scalars', () => {
    const whole = auditFiles(workflow('"echo ${{ toJSON(secrets) }}"')).findings
    expect(summary(whole, 'overprovisioned-secrets')).toEqual(['7 warning'])
    const parsed = auditFiles(workflow('"echo ${{ fromJSON(secrets.CREDENTIALS).password }}"')).findings
    expect(summary(parsed, 'unredacted-secrets')).toEqual(['7 warning'])
  })

  it('obfuscation reports a constant in a folded plain scalar and not an expression that reads a context', () => {
    const constant = auditFiles(workflow("echo ${{ format('{0}',\n          'hello') }}")).findings
    expect(summary(constant, 'obfuscation')).toEqual(['7 note'])
    expect(summary(auditFiles(workflow("echo ${{ format('{0}', github.ref) }}")).findings, 'obfuscation')).toEqual([])
  })
})
