import { contextPathOf, FunctionCall, Literal, parseExpression, walk } from '../expression.js'
import { unitConditions } from '../conditions.js'
import type { AuditRule } from '../rule.js'

const STRING_HAYSTACK = /contains\s*\(\s*'/i

export const unsoundContains: AuditRule = {
  meta: {
    id: 'unsound-contains',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: "contains('a,b', x) on a string matches substrings, not list items",
    help: 'contains() on a string is a substring test: contains(\'refs/heads/main\', github.ref) is true for refs/heads/mai. Use an array: contains(fromJSON(\'["refs/heads/main","refs/heads/develop"]\'), github.ref), or ==.',
    examples: {
      bad: "on: push\njobs:\n  deploy:\n    if: contains('refs/heads/main refs/heads/release', github.ref)\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n",
      good: 'on: push\njobs:\n  deploy:\n    if: contains(fromJSON(\'["refs/heads/main", "refs/heads/release"]\'), github.ref)\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n',
    },
  },
  check(unit, context) {
    const conditions = unitConditions(unit)
    for (let index = 0; index < conditions.length; index++) {
      const condition = conditions[index]!
      // The haystack must be a string literal: skip the parser unless `contains(` is followed by a quote.
      if (!STRING_HAYSTACK.test(condition.text)) continue
      const parsed = parseExpression(condition.text)
      if (parsed === null) continue
      walk(parsed, (node) => {
        if (node instanceof FunctionCall && node.functionName.lexeme.toLowerCase() === 'contains' && node.args.length === 2) {
          const [haystack, needle] = node.args
          if (haystack instanceof Literal && haystack.literal.kind === 0 && needle !== undefined && contextPathOf(needle) !== undefined) {
            const path = contextPathOf(needle)!.segments.join('.')
            context.report({
              start: condition.start,
              end: condition.end,
              message: `contains() on the string '${haystack.literal.coerceString()}' is a substring test, so a ${path} that is only part of an entry also passes; use an array (fromJSON('[...]')) or ==.`,
              snippet: `${condition.text}`,
            })
          }
        }
        return true
      })
    }
  },
}
