import { Binary, contextPathOf, Literal, parseExpression, TokenType, walk, type Expr } from '../expression.js'
import { unitConditions } from '../conditions.js'
import type { AuditRule } from '../rule.js'

const SPOOFABLE = new Set(['github.actor', 'github.actor_id', 'github.triggering_actor', 'github.event.sender.login'])
const TRIGGERS = new Set([
  'pull_request_target',
  'workflow_run',
  'issue_comment',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request',
])

function botLiteral(expr: Expr): boolean {
  if (!(expr instanceof Literal)) return false
  const value = expr.literal.coerceString()
  return /\[bot\]$/i.test(value) || /^\d+$/.test(value)
}

const NAMES_ACTOR = /actor|sender/i

export const botConditions: AuditRule = {
  meta: {
    id: 'bot-conditions',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'An if: trusts github.actor to identify a bot',
    help: "github.actor is whoever caused the latest event: a human can make Dependabot the actor of a pull request (by having it rebase), and on re-runs the actor changes. Check what the event is about instead, e.g. `github.event.pull_request.user.login == 'dependabot[bot]'`.",
    examples: {
      bad: 'on: pull_request_target\njobs:\n  automerge:\n    if: github.actor == \'dependabot[bot]\'\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr merge --auto "$PR"\n',
      good: 'on: pull_request_target\njobs:\n  automerge:\n    if: github.event.pull_request.user.login == \'dependabot[bot]\'\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr merge --auto "$PR"\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow' || !unit.workflow.triggers.some((trigger) => TRIGGERS.has(trigger.event))) return
    const conditions = unitConditions(unit)
    for (let index = 0; index < conditions.length; index++) {
      const condition = conditions[index]!
      if (!NAMES_ACTOR.test(condition.text)) continue
      const parsed = parseExpression(condition.text)
      if (parsed === null) continue
      let hit: string | undefined
      walk(parsed, (node) => {
        if (node instanceof Binary && node.operator.type === TokenType.EQUAL_EQUAL) {
          for (const [side, other] of [
            [node.left, node.right],
            [node.right, node.left],
          ] as const) {
            const path = contextPathOf(side)
            if (path !== undefined && SPOOFABLE.has(path.segments.join('.')) && botLiteral(other)) hit = path.segments.join('.')
          }
        }
        return hit === undefined
      })
      if (hit === undefined) continue
      context.report({
        start: condition.start,
        end: condition.end,
        message: `this condition trusts ${hit} to be a bot, but ${hit} is whoever caused the latest event (a human can make a bot the actor); check the pull request author (github.event.pull_request.user.login) instead.`,
      })
    }
  },
}
