import { unitConditions } from '../conditions.js'
import { constantTruth, isConstant, Literal, parseExpression, simplePath } from '../expression.js'
import type { Condition } from '../expressions-in-unit.js'
import type { AuditContext } from '../rule.js'
import type { AuditRule } from '../rule.js'

const ONE_EXPRESSION = /^\$\{\{[\s\S]*\}\}$/

export const unsoundCondition: AuditRule = {
  meta: {
    id: 'unsound-condition',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'An if: that is always true because ${{ }} is mixed with other text',
    help: 'When an if: is not exactly one ${{ }} (a trailing newline from `|`, a space, other text), GitHub interpolates it into a non-empty string, which is always true. Write the bare condition (`if: a && b`) or one ${{ }} with nothing around it (use `|-` or `>-` for block scalars).',
    examples: {
      bad: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - if: |\n          ${{ github.ref == 'refs/heads/main' }}\n        run: ./deploy\n",
      good: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - if: github.ref == 'refs/heads/main'\n        run: ./deploy\n",
    },
  },
  check(unit, context) {
    let seen: Set<object> | undefined
    const conditions = unitConditions(unit)
    for (let index = 0; index < conditions.length; index++) {
      const condition = conditions[index]!
      constantCondition(condition, context)
      const scalar = condition.scalar
      if (!scalar.value.includes('${{')) continue
      seen ??= new Set<object>()
      if (seen.has(scalar)) continue
      seen.add(scalar)
      const value = scalar.value
      const whole = ONE_EXPRESSION.test(value) && value.indexOf('${{', 3) === -1
      if (whole) continue
      context.report({
        start: scalar.start,
        end: scalar.end,
        message: `this if: is not a single \${{ }} (${/\n$/.test(value) ? 'the block scalar keeps a trailing newline' : 'there is text around the expression'}), so GitHub turns it into a non-empty string, which is always true. Write the bare condition, or one \${{ }} alone (|- for block scalars).`,
      })
    }
  },
}

const CONTEXT_READ =
  /\b(?:github|env|inputs|steps|needs|matrix|secrets|vars|runner|job|jobs|strategy)\s*[.[]|\b(?:success|failure|always|cancelled)\s*\(/i

/**
 * A computed condition that depends on nothing (`true && 42 || !null`) is a mistake that always goes the same
 * way; a bare `true`/`false` literal is a deliberate switch and is left alone.
 */
function constantCondition(condition: Condition, context: AuditContext): void {
  if (simplePath(condition.text) !== undefined || CONTEXT_READ.test(condition.text)) return
  const parsed = parseExpression(condition.text)
  if (parsed === null || parsed instanceof Literal || !isConstant(parsed)) return
  const truth = constantTruth(parsed)
  if (truth === undefined) return
  context.report({
    start: condition.start,
    end: condition.end,
    level: 'warning',
    message: `this condition reads no context, so it is always ${truth}: the step or job ${truth ? 'always runs' : 'never runs'}. Write the condition you meant, or remove it.`,
  })
}
