import { contextPathOf, functionName, parseExpression, walk } from '../expression.js'
import { someRawExpression } from '../cached.js'
import { unitExpressions } from '../expressions-in-unit.js'
import type { AuditRule } from '../rule.js'

const FROM_JSON = /fromjson/i
const SECRETS = /secrets/i

const mayParseSecret = (raw: string): boolean => FROM_JSON.test(raw) && SECRETS.test(raw)

export const unredactedSecrets: AuditRule = {
  meta: {
    id: 'unredacted-secrets',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'A secret is parsed with fromJSON, so the parts are not masked in logs',
    help: "The runner masks a secret's exact value; fields extracted with fromJSON(secrets.X).field are new strings and print in clear. Store each value as its own secret.",
    examples: {
      bad: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n        env:\n          PASSWORD: ${{ fromJSON(secrets.CREDENTIALS).password }}\n',
      good: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n        env:\n          PASSWORD: ${{ secrets.DEPLOY_PASSWORD }}\n',
    },
  },
  check(unit, context) {
    if (!someRawExpression(unit.file, mayParseSecret)) return
    const sites = unitExpressions(unit)
    for (let index = 0; index < sites.length; index++) {
      const expression = sites[index]!
      if (!FROM_JSON.test(expression.text) || !SECRETS.test(expression.text)) continue
      const parsed = parseExpression(expression.text)
      if (parsed === null) continue
      let found = false
      walk(parsed, (node) => {
        if (functionName(node) === 'fromjson') {
          walk(node, (inner) => {
            if (contextPathOf(inner)?.segments[0] === 'secrets') found = true
            return !found
          })
        }
        return !found
      })
      if (!found) continue
      context.report({
        start: expression.start,
        end: expression.end,
        message:
          'fromJSON() on a secret yields values the runner does not mask, so they can appear in clear in logs; store each value as its own secret.',
      })
    }
  },
}
