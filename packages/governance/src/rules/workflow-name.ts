import { makeFinding, type Finding } from '@pipeguard/policy'
import type { GovernanceRule } from '../rule.js'

export const workflowName: GovernanceRule = {
  meta: {
    id: 'workflow-name',
    engine: 'governance',
    level: 'off',
    summary: 'A workflow whose file name or `name:` breaks the naming policy',
    help: 'Rename the file or the workflow to match the patterns in the policy, so that workflows sort and read consistently in the Actions tab.',
    options: {
      'file-pattern': {
        type: 'string',
        'x-expect': 'a regular expression',
        description: 'Regular expression the file name (without folder) must match.',
      },
      'name-pattern': { type: 'string', 'x-expect': 'a regular expression', description: 'Regular expression the `name:` must match.' },
      'require-name': { type: 'boolean', default: false, 'x-expect': 'true or false', description: 'Every workflow must have a `name:`.' },
    },
    examples: {
      bad: '# .github/pipeguard.yml: workflow-name: { file-pattern: "^[a-z0-9-]+\\\\.yml$" }\n# file: .github/workflows/GL_Deploy.yaml',
      good: '# file: .github/workflows/deploy-production.yml',
    },
  },
  check(repository, rule) {
    const filePattern = compile(rule.options['file-pattern'])
    const namePattern = compile(rule.options['name-pattern'])
    const findings: Finding[] = []
    for (const workflow of repository.workflows) {
      const path = workflow.file.path
      const fileName = path.slice(path.lastIndexOf('/') + 1)
      if (filePattern !== undefined && !filePattern.test(fileName)) {
        findings.push(
          makeFinding({
            ruleId: 'workflow-name',
            level: rule.level,
            message: `file name '${fileName}' does not match the policy's pattern /${filePattern.source}/; rename the file`,
            path,
            span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
            snippet: `file ${fileName}`,
          }),
        )
      }
      const name = workflow.name
      if (name === undefined) {
        if (rule.options['require-name'] === true || namePattern !== undefined) {
          findings.push(
            makeFinding({
              ruleId: 'workflow-name',
              level: rule.level,
              message: 'the workflow has no name:, so the Actions tab shows its file path; add a name:',
              path,
              span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
              snippet: 'no name',
            }),
          )
        }
      } else if (namePattern !== undefined && !namePattern.test(name.value)) {
        findings.push(
          makeFinding({
            ruleId: 'workflow-name',
            level: rule.level,
            message: `workflow name '${name.value}' does not match the policy's pattern /${namePattern.source}/; rename it`,
            path,
            span: workflow.file.span(name.start, name.end),
            snippet: `name ${name.value}`,
          }),
        )
      }
    }
    return findings
  },
}

function compile(pattern: unknown): RegExp | undefined {
  return typeof pattern === 'string' ? new RegExp(pattern, 'u') : undefined
}
