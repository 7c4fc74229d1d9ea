import { makeFinding, type Finding } from '@pipeguard/policy'
import type { GovernanceRule } from '../rule.js'

export const missingConcurrency: GovernanceRule = {
  meta: {
    id: 'missing-concurrency',
    engine: 'governance',
    level: 'off',
    summary: 'A workflow on the given triggers without a `concurrency:` group',
    help: 'Add `concurrency: { group: ${{ github.workflow }}-${{ github.ref }}, cancel-in-progress: true }` so a new push cancels the superseded run instead of queueing it.',
    options: {
      triggers: {
        type: 'array',
        items: { type: 'string' },
        default: ['pull_request', 'push'],
        'x-expect': 'a list of event names',
        description: 'Only workflows running on one of these events need a concurrency group.',
      },
    },
    examples: {
      bad: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: make test }]',
      good: 'on: pull_request\nconcurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: true\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: make test }]',
    },
  },
  check(repository, rule) {
    const triggers = new Set(rule.options.triggers as string[])
    const findings: Finding[] = []
    for (const workflow of repository.workflows) {
      if (workflow.concurrency !== undefined) continue
      if (!workflow.triggers.some((trigger) => triggers.has(trigger.event))) continue
      if (workflow.jobs.length > 0 && workflow.jobs.every((job) => job.concurrency !== undefined)) continue
      const anchor = workflow.on?.key ?? workflow.root
      findings.push(
        makeFinding({
          ruleId: 'missing-concurrency',
          level: rule.level,
          message:
            'the workflow has no concurrency group, so every push queues another full run; add concurrency: with cancel-in-progress: true',
          path: workflow.file.path,
          span: workflow.file.span(anchor.start, anchor.start + 2),
          snippet: 'missing-concurrency',
        }),
      )
    }
    return findings
  },
}
