import { describe, expect, it } from '@jest/globals'
import { auditWorkflow, summary } from '../__fixtures__/audit-files.js'

const workflow = (steps: string, on = 'pull_request_target'): string =>
  `on: ${on}\npermissions: {}\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`
const checkoutHead =
  '      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n          persist-credentials: false\n'

describe('dangerous-triggers and untrusted-checkout grade by what the workflow does', () => {
  it('is an error when the job checks out the pull request head and then runs code', async () => {
    const findings = await auditWorkflow(workflow(`${checkoutHead}      - run: npm ci && npm test\n`))
    expect(summary(findings, 'dangerous-triggers')).toEqual(['1 error'])
    expect(summary(findings, 'untrusted-checkout')).toEqual(['7 error'])
  })

  it('is a warning when the head is checked out but nothing visibly runs it', async () => {
    const findings = await auditWorkflow(workflow(checkoutHead))
    expect(summary(findings, 'dangerous-triggers')).toEqual(['1 warning'])
    expect(summary(findings, 'untrusted-checkout')).toEqual(['7 warning'])
  })

  it('is a note when the job runs only code from the base branch', async () => {
    const findings = await auditWorkflow(
      workflow('      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - run: ./label.sh\n'),
    )
    expect(summary(findings, 'dangerous-triggers')).toEqual(['1 note'])
    expect(summary(findings, 'untrusted-checkout')).toEqual([])
  })

  it('says nothing when every step is a known-safe action', async () => {
    const findings = await auditWorkflow(workflow('      - uses: actions/labeler@v5\n'))
    expect(findings.map((finding) => finding.ruleId)).toEqual([])
  })

  it('reports gh pr checkout in a comment-triggered workflow', async () => {
    const findings = await auditWorkflow(workflow('      - run: gh pr checkout "$PR"\n      - run: make\n', 'issue_comment'))
    expect(summary(findings, 'untrusted-checkout')).toEqual(['7 error'])
    expect(summary(findings, 'dangerous-triggers')).toEqual([])
  })

  it('grades workflow_run triggers the same way, and finds triggers aliased from an anchor', async () => {
    const text =
      'on:\n  push: &t\n    branches: [main]\n  workflow_run: *t\npermissions: {}\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n          persist-credentials: false\n      - run: make\n'
    const findings = await auditWorkflow(text)
    expect(summary(findings, 'dangerous-triggers')).toEqual(['4 error'])
  })
})
