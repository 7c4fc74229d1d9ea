import { makeFinding, type Finding } from '@pipeguard/policy'
import { optionFor, overrideSchema } from '../path-overrides.js'
import type { GovernanceRule } from '../rule.js'

const limits = {
  'max-lines': { type: 'integer', minimum: 1, 'x-expect': 'a positive integer' },
  'max-bytes': { type: 'integer', minimum: 1, 'x-expect': 'a positive integer' },
}

export const workflowSize: GovernanceRule = {
  meta: {
    id: 'workflow-size',
    engine: 'governance',
    level: 'error',
    summary: 'A workflow file longer than the policy allows',
    help: 'Split the workflow: move repeated jobs into a reusable workflow (on: workflow_call) and repeated steps into a composite action; or give this file its own limit with an override.',
    options: {
      'max-lines': { ...limits['max-lines'], default: 500, description: 'The most lines a workflow may have.' },
      'max-bytes': { ...limits['max-bytes'], default: 65536, description: 'The most bytes a workflow may have.' },
      overrides: overrideSchema(limits),
    },
    examples: {
      bad: '# a 900-line .github/workflows/ci.yml with the same build job copied for every platform',
      good: '# .github/workflows/ci.yml calls a reusable workflow once per platform:\njobs:\n  linux:\n    uses: ./.github/workflows/build.yml\n    with: { os: ubuntu-latest }',
    },
  },
  check(repository, rule) {
    const findings: Finding[] = []
    for (const workflow of repository.workflows) {
      const path = workflow.file.path
      const maxLines = optionFor(rule.options, 'max-lines', path) as number
      const maxBytes = optionFor(rule.options, 'max-bytes', path) as number
      const lines = workflow.file.lineCount
      const bytes = Buffer.byteLength(workflow.file.text)
      const problems: string[] = []
      if (lines > maxLines) problems.push(`${lines} lines, over the limit of ${maxLines}`)
      if (bytes > maxBytes) problems.push(`${bytes} bytes, over the limit of ${maxBytes}`)
      if (problems.length === 0) continue
      const line = Math.min(maxLines + 1, lines)
      findings.push(
        makeFinding({
          ruleId: 'workflow-size',
          level: rule.level,
          message: `the workflow has ${problems.join(' and ')}; split it into reusable workflows or composite actions, or set an override for this file in the policy`,
          path,
          span: { line, column: 1, endLine: line, endColumn: 1 },
          snippet: `workflow-size ${maxLines} ${maxBytes}`,
        }),
      )
    }
    return findings
  },
}
