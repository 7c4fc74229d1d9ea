import { scalarOf, type Job, type Step, type YamlScalar, repositorySlug } from '@pipeguard/workflow'
import { conditionsOf } from './expressions-in-unit.js'
import {
  contextPathOf,
  FunctionCall,
  Grouping,
  Literal,
  Logical,
  parseExpression,
  TokenType,
  Unary,
  Binary,
  type Expr,
} from './expression.js'
import type { AuditUnit } from './rule.js'
import { PRIVILEGED_TRIGGERS } from './triggers.js'

/**
 * What an `if:` guarantees about who can reach a step: `same-repository` (the pull request comes from a branch of
 * this repository, so its author has write access, or it is merged), `member` (the commenter or reviewer is an owner, member or
 * collaborator, or a maintainer applied a label), `unprivileged-event` (the step only runs on events that are not privileged).
 */
export type Guard = 'same-repository' | 'member' | 'unprivileged-event'

const HEAD_REPOSITORY = new Set(['github.event.pull_request.head.repo.full_name', 'github.event.workflow_run.head_repository.full_name'])
const FORK_FLAG = new Set(['github.event.pull_request.head.repo.fork', 'github.event.workflow_run.head_repository.fork'])
const ASSOCIATION = new Set([
  'github.event.comment.author_association',
  'github.event.review.author_association',
  'github.event.pull_request.author_association',
  'github.event.issue.author_association',
])
const PRIVILEGED_EVENTS = new Set([...PRIVILEGED_TRIGGERS, 'issue_comment', 'pull_request_review', 'pull_request_review_comment'])

const pathOf = (expr: Expr): string | undefined => contextPathOf(expr)?.segments.join('.')
const literal = (expr: Expr): string | boolean | undefined =>
  expr instanceof Literal ? (expr.literal.kind === 3 ? expr.literal.coerceString() === 'true' : expr.literal.coerceString()) : undefined

function leafGuard(expr: Expr): Guard | undefined {
  if (expr instanceof Grouping) return guardOf(expr.group)
  if (expr instanceof Unary && FORK_FLAG.has(pathOf(expr.expr) ?? '')) return 'same-repository'
  // A merged pull request's head is code the base repository reviewed and took in.
  if (pathOf(expr) === MERGED) return 'same-repository'
  if (expr instanceof Binary && (expr.operator.type === TokenType.EQUAL_EQUAL || expr.operator.type === TokenType.BANG_EQUAL)) {
    const equal = expr.operator.type === TokenType.EQUAL_EQUAL
    for (const [side, other] of [
      [expr.left, expr.right],
      [expr.right, expr.left],
    ] as const) {
      const path = pathOf(side)
      if (path === undefined) continue
      if (equal && HEAD_REPOSITORY.has(path) && (pathOf(other) === 'github.repository' || typeof literal(other) === 'string'))
        return 'same-repository'
      if (FORK_FLAG.has(path) && literal(other) === (equal ? false : true)) return 'same-repository'
      if (path === MERGED && literal(other) === equal) return 'same-repository'
      if (equal && ASSOCIATION.has(path) && /^(OWNER|MEMBER|COLLABORATOR)$/.test(String(literal(other)))) return 'member'
      // Only people with triage access can add a label: a label gate is a maintainer's approval.
      if (equal && path === 'github.event.label.name' && typeof literal(other) === 'string') return 'member'
      if (equal && path === 'github.event_name' && typeof literal(other) === 'string' && !PRIVILEGED_EVENTS.has(literal(other) as string))
        return 'unprivileged-event'
    }
  }
  if (expr instanceof FunctionCall && expr.functionName.lexeme.toLowerCase() === 'contains' && expr.args.length === 2) {
    const [list, item] = expr.args
    if (
      ASSOCIATION.has(pathOf(item!) ?? '') &&
      /OWNER|MEMBER|COLLABORATOR/.test(list instanceof FunctionCall || list instanceof Literal ? JSON.stringify(list) : '')
    )
      return 'member'
    if (LABELS.has(pathOf(list!) ?? '') && typeof literal(item!) === 'string') return 'member'
  }
  return undefined
}

const MERGED = 'github.event.pull_request.merged'
const LABELS = new Set(['github.event.pull_request.labels.*.name', 'github.event.label.name'])

const STRENGTH: Record<Guard, number> = { 'unprivileged-event': 3, 'same-repository': 2, member: 1 }

/** The guarantee a condition gives on every path that makes it true (conservative: undefined when unsure). */
export function guardOf(expr: Expr): Guard | undefined {
  if (expr instanceof Logical && expr.operator.type === TokenType.AND) {
    let best: Guard | undefined
    for (const arg of expr.args) {
      const guard = guardOf(arg)
      if (guard !== undefined && (best === undefined || STRENGTH[guard] > STRENGTH[best])) best = guard
    }
    return best
  }
  if (expr instanceof Logical && expr.operator.type === TokenType.OR) {
    // Every branch must guarantee something; the weakest guarantee holds. A branch that only runs on an
    // unprivileged event guarantees whatever the others do.
    const guards = expr.args.map(guardOf)
    if (guards.some((guard) => guard === undefined)) return undefined
    const real = guards.filter((guard): guard is Guard => guard !== 'unprivileged-event')
    if (real.length === 0) return 'unprivileged-event'
    return real.reduce((weakest, guard) => (STRENGTH[guard] < STRENGTH[weakest] ? guard : weakest))
  }
  return leafGuard(expr)
}

/** The strongest guarantee of the job's and the step's `if:` conditions together. */
export function stepGuard(unit: AuditUnit, job: Job | undefined, step: Step | undefined): Guard | undefined {
  let best: Guard | undefined
  const scalars: (YamlScalar | undefined)[] = [job?.if, step?.if]
  for (const condition of conditionsOf(scalars, unit)) {
    const parsed = parseExpression(condition.text)
    const guard = parsed === null ? undefined : guardOf(parsed)
    if (guard !== undefined && (best === undefined || STRENGTH[guard] > STRENGTH[best])) best = guard
  }
  return best
}

/** Code that reads who triggered the run: the event's author association, or the actor's permission through the API. */
const READS_ASSOCIATION = /author_association|authorAssociation|getCollaboratorPermissionLevel|collaborators\/[^\s'"`]*\/permission/
const NAMES_ROLES = /\b(OWNER|MEMBER|COLLABORATOR|admin|maintain|write)\b/
const FAILS = /core\.setFailed\(|process\.exit\(\s*[1-9]|\bthrow\b|\bexit\s+[1-9]/

/**
 * `member` when a step before `position` stops the job unless the triggering user is an owner, member or
 * collaborator: a script (run: or actions/github-script) that reads the author association or the actor's
 * permission and fails otherwise. The step must always run and its failure must end the job (no `if:`, no
 * `continue-on-error`), since otherwise later steps run without it.
 */
export function gateBefore(steps: Step[], position: number): Guard | undefined {
  for (const step of steps.slice(0, position)) {
    if (step.if !== undefined || scalarOf(step.node, 'continue-on-error') !== undefined) continue
    const slug = step.uses === undefined ? undefined : repositorySlug(step.uses.ref)
    const code = step.run?.value ?? (slug === 'actions/github-script' ? scalarOf(step.with, 'script')?.value : undefined)
    if (code !== undefined && READS_ASSOCIATION.test(code) && NAMES_ROLES.test(code) && FAILS.test(code)) return 'member'
  }
  return undefined
}
