import { contextPaths, parseExpression } from '../expression.js'
import { someRawExpression } from '../cached.js'
import { unitExpressions } from '../expressions-in-unit.js'
import type { AuditRule } from '../rule.js'

const WHOLE_SECRETS = /\bsecrets\b(?!\s*\.\s*[\w-])/i

const readsWholeSecrets = (raw: string): boolean => WHOLE_SECRETS.test(raw)

export const overprovisionedSecrets: AuditRule = {
  meta: {
    id: 'overprovisioned-secrets',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'The whole secrets context is expanded (toJSON(secrets), secrets[...])',
    help: 'toJSON(secrets) or a computed secrets[...] index hands every secret to the step. Reference the secrets it needs by name: ${{ secrets.NPM_TOKEN }}.',
    examples: {
      bad: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n        env:\n          ALL: ${{ toJSON(secrets) }}\n',
      good: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n',
    },
  },
  check(unit, context) {
    if (!someRawExpression(unit.file, readsWholeSecrets)) return
    const sites = unitExpressions(unit)
    for (let index = 0; index < sites.length; index++) {
      const expression = sites[index]!
      if (!WHOLE_SECRETS.test(expression.text)) continue
      const parsed = parseExpression(expression.text)
      if (parsed === null) continue
      const whole = contextPaths(parsed).some(
        (path) => path.segments[0] === 'secrets' && (path.segments.length === 1 || path.segments[1] === '?' || path.segments[1] === '*'),
      )
      if (!whole) continue
      context.report({
        start: expression.start,
        end: expression.end,
        message:
          'this expression reads the whole secrets context, so every secret of the repository reaches the step; reference only the secrets it needs, by name.',
      })
    }
  },
}
