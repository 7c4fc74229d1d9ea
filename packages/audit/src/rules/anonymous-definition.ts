import type { AuditRule } from '../rule.js'

export const anonymousDefinition: AuditRule = {
  meta: {
    id: 'anonymous-definition',
    engine: 'audit',
    level: 'note',
    persona: 'pedantic',
    summary: 'A workflow or job without a name:',
    help: 'Without name:, the Actions UI and required status checks show the file path or job id, which makes runs harder to review and checks easy to confuse. Give the workflow and each job a name.',
    examples: {
      bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      good: 'name: CI\non: push\njobs:\n  build:\n    name: Build\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    if (unit.workflow.name === undefined) {
      const on = unit.workflow.on?.key ?? unit.workflow.root
      context.report({
        start: on.start,
        end: on.start,
        message: 'this workflow has no name:, so the UI shows its file path; add one.',
        snippet: 'workflow without name',
      })
    }
    for (const job of unit.workflow.jobs) {
      if (job.name === undefined)
        context.report({
          start: job.idNode.start,
          end: job.idNode.end,
          message: `job '${job.id}' has no name:, so checks show its id; add one.`,
        })
    }
  },
}
