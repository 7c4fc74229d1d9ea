import { SUPERFLUOUS_ACTIONS } from '../known-actions.js'
import type { AuditRule } from '../rule.js'
import { unitSteps } from '../steps.js'

// A map: looking a slug up as an object key turns it into an interned string first.
const INSTEAD = new Map(Object.entries(SUPERFLUOUS_ACTIONS))

export const superfluousActions: AuditRule = {
  meta: {
    id: 'superfluous-actions',
    engine: 'audit',
    level: 'note',
    persona: 'regular',
    summary: 'A third-party action does what a tool already on the runner does',
    help: "Each third-party action is code you trust with the job's token and secrets. When the runner image already has the tool (gh, rustup, cargo), one run: line does the same without the extra dependency.",
    examples: {
      bad: 'on: pull_request\njobs:\n  comment:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: peter-evans/create-or-update-comment@v4\n        with:\n          issue-number: ${{ github.event.pull_request.number }}\n          body: Thanks!\n',
      good: 'on: pull_request\njobs:\n  comment:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          GH_TOKEN: ${{ github.token }}\n          PR: ${{ github.event.pull_request.number }}\n        run: gh pr comment "$PR" --repo "$GITHUB_REPOSITORY" --body "Thanks!"\n',
    },
  },
  check(unit, context) {
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) {
      const { step, slug } = steps[index]!
      const instead = slug === undefined ? undefined : INSTEAD.get(slug)
      if (instead === undefined) continue
      context.report({
        start: step.uses!.node.start,
        end: step.uses!.node.end,
        message: `${slug} adds a third-party dependency for something the runner already does: ${instead}.`,
      })
    }
  },
}
