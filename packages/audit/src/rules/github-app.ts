import { isMap, scalarOf } from '@pipeguard/workflow'
import type { AuditRule } from '../rule.js'
import { unitSteps } from '../steps.js'

const APP_TOKEN_ACTIONS = new Set(['actions/create-github-app-token', 'tibdex/github-app-token'])

export const githubApp: AuditRule = {
  meta: {
    id: 'github-app',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'A GitHub App token with more reach or lifetime than needed',
    help: 'actions/create-github-app-token mints a token with every permission of the app on every repository of the installation unless told otherwise. Set `repositories:` when you set `owner:`, list the `permission-*` inputs the job needs, and keep token revocation on (no `skip-token-revoke`).',
    examples: {
      bad: 'on: push\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/create-github-app-token@v2\n        with:\n          app-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_KEY }}\n          owner: my-org\n          skip-token-revoke: true\n',
      good: 'on: push\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/create-github-app-token@v2\n        with:\n          app-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_KEY }}\n          owner: my-org\n          repositories: docs\n          permission-contents: write\n',
    },
  },
  check(unit, context) {
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) {
      const { step, slug } = steps[index]!
      const uses = step.uses
      if (uses === undefined || slug === undefined || !APP_TOKEN_ACTIONS.has(slug)) continue
      const skip = scalarOf(step.with, 'skip-token-revoke')
      if (skip !== undefined && skip.value.trim() !== 'false') {
        context.report({
          start: skip.start,
          end: skip.end,
          message:
            'skip-token-revoke keeps the app token valid for its full hour after the job, where anything that copied it can use it; remove it.',
        })
      }
      const owner = scalarOf(step.with, 'owner')
      if (owner !== undefined && scalarOf(step.with, 'repositories') === undefined) {
        context.report({
          start: owner.start,
          end: owner.end,
          message: `owner: without repositories: gives the token access to every repository the app is installed on in ${owner.value}; list the repositories the job needs.`,
        })
      }
      const permissions = isMap(step.with) ? step.with.pairs.filter((pair) => pair.key.value.startsWith('permission-')) : []
      if (permissions.length === 0 && slug === 'actions/create-github-app-token') {
        context.report({
          start: uses.node.start,
          end: uses.node.end,
          level: 'note',
          message:
            'no permission-* inputs: the token gets every permission the app has; list only the ones the job uses (e.g. permission-contents: write).',
        })
      }
    }
  },
}
