import type { Permissions } from '@pipeguard/workflow'
import type { AuditContext, AuditRule, AuditUnit } from '../rule.js'

export const undocumentedPermissions: AuditRule = {
  meta: {
    id: 'undocumented-permissions',
    engine: 'audit',
    level: 'note',
    persona: 'pedantic',
    summary: 'A write permission without a comment saying why it is needed',
    help: 'A short comment on each write scope (`issues: write  # to label new issues`) lets reviewers check that the grant is still needed when the job changes.',
    examples: {
      bad: 'on: issues\njobs:\n  label:\n    runs-on: ubuntu-latest\n    permissions:\n      issues: write\n    steps:\n      - run: gh issue edit "$N" --add-label triage\n',
      good: 'on: issues\njobs:\n  label:\n    runs-on: ubuntu-latest\n    permissions:\n      issues: write # to add the triage label\n    steps:\n      - run: gh issue edit "$N" --add-label triage\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    check(unit, context, unit.workflow.permissions)
    for (const job of unit.workflow.jobs) check(unit, context, job.permissions)
  },
}

function check(unit: AuditUnit, context: AuditContext, permissions: Permissions | undefined): void {
  if (permissions === undefined) return
  for (const [name, scope] of permissions.scopes) {
    if (scope.level !== 'write') continue
    const line = unit.file.lineText(unit.file.position(scope.pair.key.start).line)
    const comment = /\s#(.*)$/.exec(line)?.[1]?.trim() ?? ''
    if (comment.length > 0) continue
    context.report({
      start: scope.pair.key.start,
      end: (scope.pair.value ?? scope.pair.key).end,
      message: `\`${name}: write\` has no comment saying what needs it; add one (\`# to ...\`) so reviewers can tell when it is no longer needed.`,
    })
  }
}
