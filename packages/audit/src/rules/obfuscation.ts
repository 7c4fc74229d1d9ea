import type { YamlScalar } from '@pipeguard/workflow'
import { contextPathOf, functionName, parseExpression, simplePath, walk } from '../expression.js'
import { someRawExpression } from '../cached.js'
import { unitExpressions } from '../expressions-in-unit.js'
import { unitConditions } from '../conditions.js'
import type { AuditRule } from '../rule.js'
import { unitSteps } from '../steps.js'

const READS_CONTEXT =
  /(?:^|[^'\w.-])(?:github|env|inputs|steps|needs|matrix|secrets|vars|runner|job|jobs|strategy)\s*\.|\b(?:success|failure|always|cancelled|hashFiles)\s*\(/i
const STATE_FUNCTIONS = new Set(['success', 'always', 'failure', 'cancelled', 'hashfiles'])

/** Most expressions read a context by name (`matrix.os`, `format('{0}', github.ref)`): no need to parse those. */
function readsByName(text: string): boolean {
  return (!text.includes('[') && READS_CONTEXT.test(text)) || simplePath(text) !== undefined
}

// Leading blanks match READS_CONTEXT's boundary as the start of the text does: only simplePath needs the trim.
const mayNeedParsing = (raw: string): boolean => (raw.includes('[') || !READS_CONTEXT.test(raw)) && simplePath(raw.trim()) === undefined

export const obfuscation: AuditRule = {
  meta: {
    id: 'obfuscation',
    engine: 'audit',
    level: 'note',
    persona: 'regular',
    summary: 'uses: paths or expressions written in a roundabout way that hides what they do',
    help: "Write `uses:` paths plainly (no `//`, `/./`, `/../` or trailing `/`), write constants as text rather than `${{ format('{0}', 'x') }}`, and index contexts by name rather than by computed keys: reviewers and tools must see what runs.",
    examples: {
      bad: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache/save/../restore@v4\n      - run: echo ${{ format('{0}', 'hello') }}\n",
      good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache/restore@v4\n      - run: echo hello\n',
    },
  },
  check(unit, context) {
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) {
      const uses = steps[index]!.step.uses
      if (uses === undefined || uses.ref.kind === 'docker' || uses.ref.kind === 'local' || uses.ref.kind === 'same-repository') continue
      // Empty, '.' and '..' segments all need `//`, `/.` or a trailing `/`: skip the split otherwise.
      const raw = uses.ref.raw
      const at = raw.indexOf('@')
      const end = at === -1 ? raw.length : at
      const slashes = raw.indexOf('//')
      const dot = raw.indexOf('/.')
      if ((slashes === -1 || slashes >= end) && (dot === -1 || dot >= end) && raw[end - 1] !== '/') continue
      const segments = raw.slice(0, end).split('/')
      if (segments.length > 2 && segments.slice(2).some((segment) => segment === '' || segment === '.' || segment === '..')) {
        context.report({
          start: uses.node.start,
          end: uses.node.end,
          message: `the path of \`${uses.ref.raw}\` has empty, '.' or '..' segments, which hide which action actually runs; write the plain path.`,
        })
      }
    }
    // The same test on the raw texts (see rawExpressionTexts) skips files where every expression reads by name.
    if (!someRawExpression(unit.file, mayNeedParsing)) return
    const sites = unitExpressions(unit)
    let conditionScalars: Set<YamlScalar> | undefined
    for (let index = 0; index < sites.length; index++) {
      const expression = sites[index]!
      const scalar = expression.scalar
      if (readsByName(expression.text)) continue
      const parsed = parseExpression(expression.text)
      if (parsed === null) continue
      let reads = false
      let computed = false
      walk(parsed, (node) => {
        const path = contextPathOf(node)
        if (path !== undefined) {
          reads = true
          if (path.computed) computed = true
        }
        if (STATE_FUNCTIONS.has(functionName(node) ?? '')) reads = true
        return true
      })
      if (computed) {
        context.report({
          start: expression.start,
          end: expression.end,
          message: 'a context is indexed by a computed key, which hides what is read; index it by name.',
        })
      } else if (!reads && !(conditionScalars ??= new Set(unitConditions(unit).map((condition) => condition.scalar))).has(scalar)) {
        context.report({
          start: expression.start,
          end: expression.end,
          message: `\${{ ${expression.text} }} is a constant written as an expression; write its value plainly.`,
        })
      }
    }
  },
}
