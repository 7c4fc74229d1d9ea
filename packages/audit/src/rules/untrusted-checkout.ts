import { executionAfter, untrustedCheckouts } from '../checkout.js'
import type { AuditRule } from '../rule.js'
import { PRIVILEGED_TRIGGERS } from '../triggers.js'

/** issue_comment is privileged too: comment-triggered "/test" bots often check out the pull request. */
const CHECKOUT_TRIGGERS = new Set([...PRIVILEGED_TRIGGERS, 'issue_comment', 'pull_request_review', 'pull_request_review_comment'])

export const untrustedCheckout: AuditRule = {
  meta: {
    id: 'untrusted-checkout',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'Pull request code checked out in a privileged workflow (and then run)',
    help: 'In pull_request_target, workflow_run and comment-triggered workflows the job holds secrets and a write token. Checking out the pull request head and running anything from it (npm install, make, a local action) hands both to the pull request author. Run the untrusted part in a separate pull_request workflow, or check out only the base.',
    examples: {
      bad: 'on: workflow_run\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n      - run: npm install\n',
      good: 'on: workflow_run\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@v4\n        with:\n          run-id: ${{ github.event.workflow_run.id }}\n          github-token: ${{ github.token }}\n      - run: cat report.txt\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    const events = unit.workflow.triggers.filter((trigger) => CHECKOUT_TRIGGERS.has(trigger.event)).map((trigger) => trigger.event)
    if (events.length === 0) return
    for (const job of unit.workflow.jobs) {
      for (const checkout of untrustedCheckouts(unit, job)) {
        const runs = executionAfter(job, checkout)
        const gated =
          checkout.guard === 'member' ? ' The trigger is limited to members, who must review the code before triggering it.' : ''
        const node = checkout.step.uses?.node ?? checkout.step.run ?? checkout.step.node
        context.report({
          start: node.start,
          end: node.end,
          level: runs === undefined || checkout.guard === 'member' ? 'warning' : 'error',
          message:
            runs === undefined
              ? `job '${job.id}' checks out pull request code (${checkout.why}) in a workflow triggered by ${events.join(', ')}, which holds secrets and a write token; nothing visibly runs it, but tools that read it may execute it. Check out the base instead, or move this to a pull_request workflow.`
              : `job '${job.id}' checks out pull request code (${checkout.why}) in a workflow triggered by ${events.join(', ')} and runs it at line ${unit.file.position(runs.node.start).line}: the pull request author gets the job's secrets and write token. Move the build to a pull_request workflow.${gated}`,
        })
      }
    }
  },
}
