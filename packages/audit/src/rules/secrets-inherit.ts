import { isScalar } from '@pipeguard/workflow'
import type { AuditRule } from '../rule.js'

export const secretsInherit: AuditRule = {
  meta: {
    id: 'secrets-inherit',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'A reusable workflow is called with secrets: inherit',
    help: 'secrets: inherit passes every secret of the repository and organization to the called workflow, which needs only a few. List the ones it uses: `secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`.',
    examples: {
      bad: 'on: push\njobs:\n  release:\n    uses: org/workflows/.github/workflows/release.yml@v1\n    secrets: inherit\n',
      good: 'on: push\njobs:\n  release:\n    uses: org/workflows/.github/workflows/release.yml@v1\n    secrets:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    const jobs = unit.workflow.jobs
    for (let jobIndex = 0; jobIndex < jobs.length; jobIndex++) {
      const job = jobs[jobIndex]!
      if (job.uses === undefined || !isScalar(job.secrets) || job.secrets.value !== 'inherit') continue
      context.report({
        start: job.secrets.start,
        end: job.secrets.end,
        message: `job '${job.id}' passes every repository and organization secret to ${job.uses.ref.raw}; pass only the secrets it uses, by name.`,
      })
    }
  },
}
