import { makeFinding, type Finding } from '@pipeguard/policy'
import type { Workflow } from '@pipeguard/workflow'
import picomatch from 'picomatch'
import type { GovernanceRule } from '../rule.js'

/** One requirement: some workflow must match every condition given. */
interface Requirement {
  description?: string
  path?: string
  triggers?: string[]
  uses?: string
}

export const requiredWorkflow: GovernanceRule = {
  meta: {
    id: 'required-workflow',
    engine: 'governance',
    level: 'off',
    summary: 'A workflow the policy requires is missing',
    help: 'Add a workflow that meets the requirement (for example a security scan that runs on pull_request).',
    options: {
      require: {
        type: 'array',
        default: [],
        'x-expect': 'a list of requirements',
        description: 'Each requirement is met by one workflow matching all of its conditions.',
        items: {
          type: 'object',
          additionalProperties: false,
          'x-expect': 'a map with description, path, triggers and uses',
          properties: {
            description: { type: 'string', 'x-expect': 'a string' },
            path: { type: 'string', 'x-expect': 'a glob over workflow paths' },
            triggers: { type: 'array', items: { type: 'string' }, 'x-expect': 'a list of event names (any one suffices)' },
            uses: { type: 'string', 'x-expect': 'a glob over uses: values without @ref, e.g. github/codeql-action/*' },
          },
        },
      },
    },
    examples: {
      bad: '# policy: required-workflow: { require: [{ description: CodeQL on PRs, triggers: [pull_request], uses: github/codeql-action/* }] }\n# and no workflow runs CodeQL on pull_request',
      good: 'on: pull_request\njobs:\n  analyze:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/analyze@0000000000000000000000000000000000000000 # v3',
    },
  },
  check(repository, rule) {
    const findings: Finding[] = []
    for (const requirement of rule.options.require as Requirement[]) {
      if (repository.workflows.some((workflow) => meets(workflow, requirement))) continue
      const what = requirement.description ?? describe(requirement)
      findings.push(
        makeFinding({
          ruleId: 'required-workflow',
          level: rule.level,
          message: `no workflow meets the policy's requirement: ${what}; add one`,
          path: '.github/workflows',
          span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
          snippet: `required ${JSON.stringify(requirement)}`,
        }),
      )
    }
    return findings
  },
}

function meets(workflow: Workflow, requirement: Requirement): boolean {
  if (requirement.path !== undefined && !picomatch(requirement.path, { dot: true })(workflow.file.path)) return false
  if (requirement.triggers !== undefined && !workflow.triggers.some((trigger) => requirement.triggers!.includes(trigger.event)))
    return false
  if (requirement.uses !== undefined) {
    const matches = picomatch(requirement.uses, { dot: true, nocase: true })
    const used = workflow.jobs.flatMap((job) => [job.uses, ...job.steps.map((step) => step.uses)])
    if (!used.some((uses) => uses !== undefined && matches(uses.ref.raw.replace(/@.*$/, '')))) return false
  }
  return true
}

function describe(requirement: Requirement): string {
  const parts: string[] = []
  if (requirement.path !== undefined) parts.push(`path ${requirement.path}`)
  if (requirement.triggers !== undefined) parts.push(`on ${requirement.triggers.join(' or ')}`)
  if (requirement.uses !== undefined) parts.push(`using ${requirement.uses}`)
  return `a workflow ${parts.join(', ')}`
}
