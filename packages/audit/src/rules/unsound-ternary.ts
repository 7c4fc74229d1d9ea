import { falsy, Literal, Logical, parseExpression, TokenType, walk } from '../expression.js'
import { someRawExpression } from '../cached.js'
import { unitExpressions } from '../expressions-in-unit.js'
import { unitConditions } from '../conditions.js'
import type { AuditContext, AuditRule } from '../rule.js'

// The falsy literal is the last operand of an && (not in parentheses) and is followed by ||: `&& '' ||`.
const FALSY_BEFORE_OR = /&&\s*(?:''|false|null|nan|[-+.\d][\w.+-]*)\s*\|\|/i

// The expression scan decodes `''` to `'` in single-quoted scalars (`''''` is `''` there), escaped quotes, slashes
// and backslashes in double-quoted ones, and folds lines: only the first can make the pattern match, and none makes
// an `&&` (most expressions have none, and the test of that is far cheaper than the pattern).
const mayBeTernary = (raw: string): boolean =>
  raw.includes('&&') && (FALSY_BEFORE_OR.test(raw) || (raw.includes("''") && FALSY_BEFORE_OR.test(raw.replace(/''/g, "'"))))

function isFalsyLiteral(node: unknown): boolean {
  return node instanceof Literal && falsy(node.literal)
}

export const unsoundTernary: AuditRule = {
  meta: {
    id: 'unsound-ternary',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: "cond && '' || other is never '' : the \"ternary\" always yields other",
    help: "`a && b || c` yields c whenever b is falsy, so `cond && '' || 'x'` is always 'x'. Swap the branches (`!cond && 'x' || ''`) or use the case() function.",
    examples: {
      bad: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make ${{ github.event_name == 'push' && '' || 'DEBUG=1' }}\n",
      good: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make ${{ github.event_name != 'push' && 'DEBUG=1' || '' }}\n",
    },
  },
  check(unit, context) {
    if (someRawExpression(unit.file, mayBeTernary)) {
      const expressions = unitExpressions(unit)
      for (let index = 0; index < expressions.length; index++) check(expressions[index]!, context)
    }
    const conditions = unitConditions(unit)
    for (let index = 0; index < conditions.length; index++) {
      if (!conditions[index]!.scalar.value.includes('${{')) check(conditions[index]!, context)
    }
  },
}

function check(site: { text: string; start: number; end: number }, context: AuditContext): void {
  // A hit needs `&& <falsy literal> ||` ('', false, null, NaN, 0): skip the parser otherwise.
  if (!FALSY_BEFORE_OR.test(site.text)) return
  const parsed = parseExpression(site.text)
  if (parsed === null) return
  let hit = false
  walk(parsed, (node) => {
    if (node instanceof Logical && node.operator.type === TokenType.OR) {
      for (const arg of node.args.slice(0, -1)) {
        if (arg instanceof Logical && arg.operator.type === TokenType.AND && isFalsyLiteral(arg.args[arg.args.length - 1])) hit = true
      }
    }
    return !hit
  })
  if (!hit) return
  context.report({
    start: site.start,
    end: site.end,
    message:
      'the middle branch of this `a && b || c` is falsy, so the expression always yields the last branch; swap the condition (!a && c || b) or use case().',
  })
}
