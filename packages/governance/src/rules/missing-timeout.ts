import { makeFinding, type Finding } from '@pipeguard/policy'
import type { GovernanceRule } from '../rule.js'

export const missingTimeout: GovernanceRule = {
  meta: {
    id: 'missing-timeout',
    engine: 'governance',
    level: 'warning',
    summary: 'A job without `timeout-minutes`',
    help: 'Set `timeout-minutes:` on the job: without it a hung job runs for 6 hours (360 minutes), holding a runner and blocking the queue.',
    examples: {
      bad: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test',
      good: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 20\n    steps:\n      - run: make test',
    },
  },
  check(repository, rule) {
    const findings: Finding[] = []
    for (const workflow of repository.workflows) {
      for (const job of workflow.jobs) {
        // A job that calls a reusable workflow cannot set timeout-minutes; the called jobs carry their own.
        if (job.uses !== undefined || job.timeoutMinutes !== undefined) continue
        findings.push(
          makeFinding({
            ruleId: 'missing-timeout',
            level: rule.level,
            message: `job '${job.id}' has no timeout-minutes, so a hung run holds a runner for the 6-hour default; add timeout-minutes: with a limit a little above its usual duration`,
            path: workflow.file.path,
            span: workflow.file.span(job.idNode.start, job.idNode.end),
            snippet: `job ${job.id}`,
          }),
        )
      }
    }
    return findings
  },
}
