import type { Level } from '@pipeguard/policy'
import { executionAfter, onlyTrustedSteps, untrustedCheckouts } from '../checkout.js'
import type { AuditRule } from '../rule.js'
import { PRIVILEGED_TRIGGERS } from '../triggers.js'

export const dangerousTriggers: AuditRule = {
  meta: {
    id: 'dangerous-triggers',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'pull_request_target or workflow_run, graded by what the workflow does with it',
    help: "These triggers run with the base repository's secrets and a write token on events outsiders cause. Prefer pull_request (no secrets, read-only token). If you need them, never check out or run the pull request's code, keep permissions minimal, and keep untrusted data out of scripts. Severity: error when the workflow checks out the pull request head and runs code; note when it only runs trusted code; no finding when every step is a known-safe action (labeler, comment).",
    examples: {
      bad: 'on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n',
      good: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - run: npm test\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    const triggers = unit.workflow.triggers.filter((trigger) => PRIVILEGED_TRIGGERS.has(trigger.event))
    if (triggers.length === 0) return
    const jobs = unit.workflow.jobs
    if (jobs.length > 0 && jobs.every(onlyTrustedSteps)) return
    let level: Level = 'note'
    let detail =
      'the jobs run only code from the base branch; keep it that way, keep permissions minimal and keep event data out of scripts'
    for (const job of jobs) {
      for (const checkout of untrustedCheckouts(unit, job)) {
        const runs = checkout.guard === 'member' ? undefined : executionAfter(job, checkout)
        const line = unit.file.position(checkout.step.node.start).line
        if (runs !== undefined) {
          level = 'error'
          detail = `job '${job.id}' checks out the pull request's code (${checkout.why}, line ${line}) and then runs it (line ${unit.file.position(runs.node.start).line}): a pull request can steal the secrets and the write token`
          break
        }
        if (level === 'note') {
          level = 'warning'
          detail = `job '${job.id}' checks out the pull request's code (${checkout.why}, line ${line}); nothing visibly runs it yet, but any tool that reads it may execute it`
        }
      }
      if (level === 'error') break
    }
    for (const trigger of triggers) {
      context.report({
        start: trigger.node.start,
        end: trigger.node.end,
        level,
        message: `${trigger.event} runs with the base repository's secrets and a write token on events outsiders cause: ${detail}.`,
      })
    }
  },
}
