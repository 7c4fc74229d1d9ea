import { unitConditions } from '../conditions.js'
import type { AuditRule } from '../rule.js'

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
    const seen = new Set<object>()
    for (const condition of unitConditions(unit)) {
      const scalar = condition.scalar
      if (seen.has(scalar) || !scalar.value.includes('${{')) continue
      seen.add(scalar)
      const value = scalar.value
      const whole = /^\$\{\{[\s\S]*\}\}$/.test(value) && value.indexOf('${{', 3) === -1
      if (whole) continue
      context.report({
        start: scalar.start,
        end: scalar.end,
        message: `this if: is not a single \${{ }} (${/\n$/.test(value) ? 'the block scalar keeps a trailing newline' : 'there is text around the expression'}), so GitHub turns it into a non-empty string, which is always true. Write the bare condition, or one \${{ }} alone (|- for block scalars).`,
      })
    }
  },
}
