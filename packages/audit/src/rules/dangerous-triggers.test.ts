import { describe, expect, it } from '@jest/globals'
import { auditWorkflow, summary } from '../__fixtures__/audit-files.js'

const workflow = (steps: string, on = 'pull_request_target'): string =>
  `on: ${on}\npermissions: {}\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`
const checkoutHead =
  '      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n          persist-credentials: false\n'

describe('dangerous-triggers and untrusted-checkout grade by what the workflow does', () => {
  it('is an error when the job checks out the pull request head and then runs code', async () => {
    const findings = auditWorkflow(workflow(`${checkoutHead}      - run: npm ci && npm test\n`))
    expect(summary(findings, 'dangerous-triggers')).toEqual(['1 error'])
    expect(summary(findings, 'untrusted-checkout')).toEqual(['7 error'])
  })

  it('is a warning when the head is checked out but nothing visibly runs it', async () => {
    const findings = auditWorkflow(workflow(checkoutHead))
    expect(summary(findings, 'dangerous-triggers')).toEqual(['1 warning'])
    expect(summary(findings, 'untrusted-checkout')).toEqual(['7 warning'])
  })

  it('is a note when the job runs only code from the base branch', async () => {
    const findings = auditWorkflow(
      workflow('      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - run: ./label.sh\n'),
    )
    expect(summary(findings, 'dangerous-triggers')).toEqual(['1 note'])
    expect(summary(findings, 'untrusted-checkout')).toEqual([])
  })

  it('says nothing when every step is a known-safe action', async () => {
    const findings = auditWorkflow(workflow('      - uses: actions/labeler@v5\n'))
    expect(findings.map((finding) => finding.ruleId)).toEqual([])
  })

  it('reports gh pr checkout in a comment-triggered workflow', async () => {
    const findings = auditWorkflow(workflow('      - run: gh pr checkout "$PR"\n      - run: make\n', 'issue_comment'))
    expect(summary(findings, 'untrusted-checkout')).toEqual(['7 error'])
    expect(summary(findings, 'dangerous-triggers')).toEqual([])
  })

  it('grades workflow_run triggers the same way, and finds triggers aliased from an anchor', async () => {
    const text =
      'on:\n  push: &t\n    branches: [main]\n  workflow_run: *t\npermissions: {}\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n          persist-credentials: false\n      - run: make\n'
    const findings = auditWorkflow(text)
    expect(summary(findings, 'dangerous-triggers')).toEqual(['4 error'])
  })
})

describe('if: guards are read', () => {
  const guarded = (condition: string, steps = `${checkoutHead}      - run: make\n`): string =>
    `on: pull_request_target\npermissions: {}\njobs:\n  job:\n    if: ${condition}\n    runs-on: ubuntu-latest\n    steps:\n${steps}`

  it('drops checkout findings when only branches of this repository (or unprivileged events) reach the job', async () => {
    for (const condition of [
      'github.event.pull_request.head.repo.full_name == github.repository',
      "github.actor == 'dependabot[bot]' && github.event.pull_request.head.repo.full_name == 'o/r'",
      '${{ !github.event.pull_request.head.repo.fork }}',
      "github.event_name == 'workflow_dispatch'",
    ]) {
      const findings = auditWorkflow(guarded(condition))
      expect({ condition, found: summary(findings, 'untrusted-checkout') }).toEqual({ condition, found: [] })
      expect({ condition, found: summary(findings, 'dangerous-triggers') }).toEqual({ condition, found: ['1 note'] })
    }
  })

  it('keeps them when the guard is only on one branch of an ||', async () => {
    const findings = auditWorkflow(guarded("github.event.pull_request.head.repo.full_name == github.repository || github.actor == 'x'"))
    expect(summary(findings, 'untrusted-checkout')).toEqual(['8 error'])
  })

  it('lowers them to warnings when only members can trigger the job', async () => {
    const findings = auditWorkflow(
      guarded('contains(fromJSON(\'["OWNER", "MEMBER"]\'), github.event.comment.author_association)').replace(
        'pull_request_target',
        'issue_comment',
      ),
    )
    expect(findings.map((finding) => `${finding.line} ${finding.ruleId} ${finding.level}`)).toContain('8 untrusted-checkout warning')
  })

  it('drops them when the pull request is merged: its head is code the base repository took in', async () => {
    for (const condition of [
      'github.event.pull_request.merged == true',
      "github.event.pull_request.merged && github.repository_owner == 'o'",
    ]) {
      expect(summary(auditWorkflow(guarded(condition)), 'untrusted-checkout')).toEqual([])
    }
    expect(summary(auditWorkflow(guarded('github.event.pull_request.merged == false')), 'untrusted-checkout')).toEqual(['8 error'])
  })

  it('lowers them to warnings when a maintainer must label the pull request first', async () => {
    for (const condition of [
      "contains(github.event.pull_request.labels.*.name, 'ok-to-test')",
      "github.event.label.name == 'ok-to-test'",
      "(github.event_name == 'pull_request_target' && contains(github.event.pull_request.labels.*.name, 'ok-to-test')) || github.event_name == 'schedule'",
    ]) {
      expect(summary(auditWorkflow(guarded(condition)), 'untrusted-checkout')).toEqual(['8 warning'])
    }
    // Any label at all is no gate, and neither is one branch of an || without it.
    expect(summary(auditWorkflow(guarded("github.event.label.name != ''")), 'untrusted-checkout')).toEqual(['8 error'])
    expect(
      summary(
        auditWorkflow(guarded("contains(github.event.pull_request.labels.*.name, 'ok') || github.event.action == 'opened'")),
        'untrusted-checkout',
      ),
    ).toEqual(['8 error'])
  })

  it('lowers them to warnings when an earlier step fails the job unless the commenter is a member', async () => {
    const gate = (extra: string): string =>
      `      - uses: actions/github-script@v7\n${extra}        with:\n          script: |\n            const allowed = ["COLLABORATOR", "MEMBER", "OWNER"]\n            if (!allowed.includes('\${{ github.event.comment.author_association }}')) {\n              core.setFailed("not allowed")\n            }\n`
    const levels = (steps: string): string[] =>
      summary(auditWorkflow(workflow(steps, 'issue_comment')), 'untrusted-checkout').map((entry) => entry.split(' ')[1]!)
    expect(levels(`${gate('')}${checkoutHead}      - run: make test\n`)).toEqual(['warning'])
    // A gate that may be skipped, or whose failure does not stop the job, guards nothing.
    expect(levels(`${gate('        continue-on-error: true\n')}${checkoutHead}      - run: make test\n`)).toEqual(['error'])
    expect(levels(`${gate("        if: github.event_name == 'push'\n")}${checkoutHead}      - run: make test\n`)).toEqual(['error'])
    // Only gates before the checkout are read (conservative).
    expect(levels(`${checkoutHead}${gate('')}      - run: make test\n`)).toEqual(['error'])
  })

  it('reads a checkout into a subfolder as data unless a later step works in that folder', async () => {
    const intoFolder = checkoutHead.replace('persist-credentials: false', 'persist-credentials: false\n          path: pr')
    expect(summary(auditWorkflow(workflow(`${intoFolder}      - run: ./tools/check.sh pr/metadata.yaml\n`)), 'untrusted-checkout')).toEqual(
      ['7 warning'],
    )
    expect(summary(auditWorkflow(workflow(`${intoFolder}      - run: cd pr && npm ci\n`)), 'untrusted-checkout')).toEqual(['7 error'])
    expect(
      summary(auditWorkflow(workflow(`${intoFolder}      - working-directory: pr\n        run: make\n`)), 'untrusted-checkout'),
    ).toEqual(['7 error'])
  })

  it('lowers attacker data in scripts to a warning under a same-repository guard', async () => {
    const findings = auditWorkflow(
      guarded(
        '${{ !github.event.pull_request.head.repo.fork }}',
        '      - run: git push origin "HEAD:${{ github.event.pull_request.head.ref }}"\n',
      ),
    )
    expect(summary(findings, 'template-injection')).toEqual(['8 warning'])
  })
})
