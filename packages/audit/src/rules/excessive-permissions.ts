import type { Permissions } from '@pipeguard/workflow'
import type { AuditRule } from '../rule.js'
import { isReusableOnly } from '../triggers.js'

function writeScopes(permissions: Permissions): string[] {
  return [...permissions.scopes].filter(([, scope]) => scope.level === 'write').map(([name]) => name)
}

export const excessivePermissions: AuditRule = {
  meta: {
    id: 'excessive-permissions',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'A job runs with more GITHUB_TOKEN permissions than it declares a need for',
    help: 'Set `permissions: {}` (or `contents: read`) at the workflow level and grant each job only the scopes it uses, e.g. `permissions: { contents: read, pull-requests: write }`. Without a permissions: block a job gets the repository default, which is read-write on older repositories.',
    examples: {
      bad: 'on: push\npermissions: write-all\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
      good: 'on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make test\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    const workflow = unit.workflow
    const top = workflow.permissions
    if (top !== undefined) {
      if (top.shorthand === 'write-all') {
        context.report({
          start: top.node.start,
          end: top.node.end,
          level: 'error',
          message:
            'permissions: write-all gives every job of the workflow write access to everything the token can touch; grant each job only the scopes it needs.',
        })
      } else {
        const writes = writeScopes(top)
        for (const name of writes) {
          const pair = top.scopes.get(name)!.pair
          context.report({
            start: pair.key.start,
            end: (pair.value ?? pair.key).end,
            message: `\`${name}: write\` at the workflow level applies to every job, including ones added later; move it to the jobs that need it.`,
          })
        }
      }
    }
    const reusableOnly = isReusableOnly(workflow)
    const jobs = workflow.jobs
    for (let index = 0; index < jobs.length; index++) {
      const job = jobs[index]!
      const own = job.permissions
      if (own?.shorthand === 'write-all') {
        context.report({
          start: own.node.start,
          end: own.node.end,
          level: 'error',
          message: `job '${job.id}' has permissions: write-all; grant only the scopes it needs.`,
        })
        continue
      }
      // A reusable-only workflow's jobs get what the caller grants; calls to reusable workflows still need a limit.
      if (own === undefined && top === undefined && (!reusableOnly || job.uses !== undefined)) {
        context.report({
          start: job.idNode.start,
          end: job.idNode.end,
          message: `job '${job.id}' has no permissions: block and neither has the workflow, so it runs with the repository's default token permissions (read-write on older repositories). Add \`permissions:\` with only the scopes it needs (\`{}\` if none).`,
        })
      }
    }
  },
}
