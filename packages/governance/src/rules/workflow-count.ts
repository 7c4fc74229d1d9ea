import { makeFinding } from '@pipeguard/policy'
import { excludedBy, excludeOption } from '../exclude.js'
import type { GovernanceRule } from '../rule.js'

export const workflowCount: GovernanceRule = {
  meta: {
    id: 'workflow-count',
    engine: 'governance',
    level: 'error',
    summary: 'Too many workflow files in one repository',
    help: 'Consolidate workflows (see workflow-duplicate for candidates), move shared jobs into reusable workflows, or raise `max` in the policy with a reason.',
    options: {
      max: { type: 'integer', minimum: 1, default: 50, 'x-expect': 'a positive integer', description: 'The most workflow files allowed.' },
      exclude: excludeOption('Workflow paths not counted (e.g. generated .github/workflows/*.lock.yml).'),
    },
    examples: {
      bad: '# .github/pipeguard.yml\nrules:\n  workflow-count: { max: 2 }\n# and three files in .github/workflows/',
      good: '# .github/pipeguard.yml\nrules:\n  workflow-count: { max: 2 }\n# and two files in .github/workflows/, the third merged into a reusable workflow',
    },
  },
  check(repository, rule) {
    const max = rule.options.max as number
    const excluded = excludedBy(rule.options.exclude)
    const paths = [
      ...repository.workflows.map((workflow) => workflow.file.path),
      ...repository.unreadable.filter((file) => file.role === 'workflow').map((file) => file.path),
    ]
      .filter((path) => !excluded(path))
      .sort()
    if (paths.length <= max) return []
    const first = paths[max]!
    return [
      makeFinding({
        ruleId: 'workflow-count',
        level: rule.level,
        message: `the repository has ${paths.length} workflow files, over the limit of ${max} (${paths.length - max} too many); consolidate near-duplicates into reusable workflows or raise workflow-count.max in the policy`,
        path: first,
        span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
        snippet: `workflow-count ${max}`,
      }),
    ]
  },
}
