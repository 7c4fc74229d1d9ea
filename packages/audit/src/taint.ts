import { expressionsInValue, isMap, isScalar, isSeq, pairOf, valueOf, type Job, type Step, type YamlNode } from '@pipeguard/workflow'
import { parseExpression, simplePath, valueSources, type ContextPath } from './expression.js'
import type { AuditUnit } from './rule.js'

/**
 * How far an attacker controls a value: `attacker` = anyone who can open an issue or a pull request;
 * `input` = whoever dispatches or calls the workflow or action; `low` = people with write access, or text
 * that is not meant to be code (secrets, ref names).
 */
export type Taint = 'attacker' | 'input' | 'low'

export interface TaintSource {
  /** The context as written, e.g. `github.event.issue.title`. */
  path: string
  taint: Taint
  /** For derived values: how the taint got there (`env.TITLE`, `steps.meta.outputs.title`). */
  via?: string
}

/** Free-text fields of event payloads, after `github.event.` (`*` = any one key). */
const ATTACKER_FIELDS = [
  'issue.title',
  'issue.body',
  'pull_request.title',
  'pull_request.body',
  'pull_request.head.ref',
  'pull_request.head.label',
  'pull_request.head.repo.default_branch',
  'pull_request.head.repo.description',
  'pull_request.head.repo.homepage',
  'comment.body',
  'review.body',
  'review_comment.body',
  'discussion.title',
  'discussion.body',
  'pages.*.page_name',
  'commits.*.message',
  'commits.*.author.name',
  'commits.*.author.email',
  'commits.*.committer.name',
  'commits.*.committer.email',
  'head_commit.message',
  'head_commit.author.name',
  'head_commit.author.email',
  'head_commit.committer.name',
  'head_commit.committer.email',
  'workflow_run.head_branch',
  'workflow_run.display_title',
  'workflow_run.head_commit.message',
  'workflow_run.head_commit.author.name',
  'workflow_run.head_commit.author.email',
  'workflow_run.head_commit.committer.name',
  'workflow_run.head_commit.committer.email',
  'workflow_run.head_repository.description',
  'workflow_run.pull_requests.*.head.ref',
  'check_suite.head_branch',
  'check_run.check_suite.head_branch',
  'merge_group.head_commit.message',
  'merge_group.head_commit.author.name',
  'merge_group.head_commit.author.email',
].map((field) => field.split('.'))

/** Free-text leaf names: any event field with one of these names is attacker text (covers new events). */
const ATTACKER_LEAVES = new Set(['title', 'body', 'message', 'head_ref', 'head_branch', 'display_title', 'page_name'])

const LOW_GITHUB = new Set(['ref', 'ref_name', 'actor', 'triggering_actor', 'base_ref'])

function matches(pattern: string[], segments: string[]): boolean {
  if (pattern.length !== segments.length) return false
  return pattern.every((part, index) => part === '*' || segments[index] === '*' || part === segments[index])
}

/** A prefix of an attacker field: a whole object (toJSON(github.event.issue)) that contains attacker text. */
function containsAttackerField(segments: string[]): boolean {
  return ATTACKER_FIELDS.some(
    (pattern) =>
      pattern.length > segments.length &&
      segments.every((part, index) => part === '*' || pattern[index] === '*' || pattern[index] === part),
  )
}

/** Classifies a `github.*` path alone (no workflow context needed). */
export function githubTaint(segments: string[]): Taint | undefined {
  if (segments[0] !== 'github') return undefined
  if (segments.length === 1) return 'attacker'
  const second = segments[1]!
  if (second === 'head_ref') return 'attacker'
  if (second === 'event') {
    const rest = segments.slice(2)
    if (rest.length === 0) return 'attacker'
    if (rest[0] === 'inputs') return 'input'
    if (ATTACKER_FIELDS.some((pattern) => matches(pattern, rest))) return 'attacker'
    if (ATTACKER_LEAVES.has(rest[rest.length - 1]!)) return 'attacker'
    if (containsAttackerField(rest)) return 'attacker'
    if (rest.length === 1 && rest[0] === 'ref') return 'low'
    return undefined
  }
  if (LOW_GITHUB.has(second) && segments.length === 2) return 'low'
  return undefined
}

/** Where an expression is evaluated: the unit, and the job and step when inside one. */
export interface Scope {
  unit: AuditUnit
  job: Job | undefined
  step: Step | undefined
  /** Steps of the job (or action) and the step's position among them, to trace `steps.<id>.outputs`. */
  siblings: Step[]
  position: number
}

const RANK: Record<Taint, number> = { attacker: 3, input: 2, low: 1 }

const MAY_TAINT = /github|inputs|env|matrix|steps/i

/** The tainted sources among an expression's value sources, traced through env, matrix and step outputs. */
export function taintedSources(text: string, scope: Scope, depth = 0): TaintSource[] {
  const simple = simplePath(text)
  if (simple !== undefined) {
    const source = classify(simple, scope, depth)
    return source === undefined ? [] : [source]
  }
  // Only github, inputs, env, matrix and steps paths can be tainted: no need to parse expressions without them.
  if (!MAY_TAINT.test(text)) return []
  const expr = parseExpression(text)
  if (expr === null) return []
  const found: TaintSource[] = []
  for (const path of valueSources(expr)) {
    const source = classify(path, scope, depth)
    if (source !== undefined) found.push(source)
  }
  return found
}

/** The worst taint of a value that may hold several `${{ }}`. */
function valueTaint(node: YamlNode | null | undefined, scope: Scope, depth: number): TaintSource | undefined {
  if (depth > 4 || node === null || node === undefined) return undefined
  let worst: TaintSource | undefined
  const visit = (value: YamlNode | null): void => {
    if (value === null) return
    if (isScalar(value)) {
      for (const expression of expressionsInValue(value.value)) {
        for (const source of taintedSources(expression.text, scope, depth + 1)) {
          if (worst === undefined || RANK[source.taint] > RANK[worst.taint]) worst = source
        }
      }
    } else if (isSeq(value)) value.items.forEach(visit)
    else value.pairs.forEach((pair) => visit(pair.value))
  }
  visit(node)
  return worst
}

function envLookup(env: YamlNode | undefined, name: string): YamlNode | null | undefined {
  if (!isMap(env)) return undefined
  for (let index = env.pairs.length - 1; index >= 0; index--) {
    const pair = env.pairs[index]!
    if (pair.key.value.toLowerCase() === name) return pair.value
  }
  return undefined
}

/** githubTaint by path text: the same few paths come up again and again. */
const githubTaints = new Map<string, Taint | null>()

function dotCount(text: string): number {
  let count = 0
  for (let index = text.indexOf('.'); index !== -1; index = text.indexOf('.', index + 1)) count++
  return count
}

function classify(path: ContextPath, scope: Scope, depth: number): TaintSource | undefined {
  const segments = path.segments
  const head = segments[0]
  // Only these contexts can carry attacker or caller text.
  if (head !== 'github' && head !== 'inputs' && head !== 'env' && head !== 'matrix' && head !== 'steps') return undefined
  const second = segments[1]
  const third = segments[2]
  const fourth = segments[3]
  const text = segments.join('.')
  // The text names the path only when no segment holds a dot (`github['event.issue']` is another path).
  const keyed = dotCount(text) === segments.length - 1
  let direct = keyed ? githubTaints.get(text) : undefined
  if (direct === undefined) {
    direct = githubTaint(segments) ?? null
    if (keyed) githubTaints.set(text, direct)
  }
  if (direct !== null) {
    if (direct === 'input') return inputTaint(second === 'event' ? path.segments[3] : undefined, scope, text)
    return { path: text, taint: direct }
  }
  switch (head) {
    case 'inputs':
      return inputTaint(second, scope, text)
    case 'env': {
      if (second === undefined || second === '*' || second === '?') return undefined
      const owners = [scope.step?.env, scope.job?.env, scope.unit.kind === 'workflow' ? scope.unit.workflow.env : undefined]
      for (const owner of owners) {
        const value = envLookup(owner, second)
        if (value !== undefined) {
          const source = valueTaint(value, { ...scope, step: owner === scope.step?.env ? scope.step : undefined }, depth)
          return source === undefined ? undefined : { ...source, via: text }
        }
      }
      return undefined
    }
    case 'matrix': {
      const matrix = valueOf(scope.job?.strategy, 'matrix')
      if (matrix === undefined || matrix === null) return undefined
      const source = isMap(matrix) && second !== undefined ? matrixTaint(matrix, second, scope, depth) : valueTaint(matrix, scope, depth)
      return source === undefined ? undefined : { ...source, via: text }
    }
    case 'steps': {
      if (second === undefined || third !== 'outputs' || fourth === undefined) return undefined
      const producer = scope.siblings.slice(0, scope.position).find((step) => step.id?.value.toLowerCase() === second)
      if (producer === undefined || producer.run === undefined) return undefined
      const producerScope: Scope = { ...scope, step: producer, position: producer.index }
      const source = worseSource(valueTaint(producer.run, producerScope, depth), valueTaint(producer.env, producerScope, depth))
      if (source === undefined || source.taint === 'low') return undefined
      // The producing step often validates what it outputs (a number, a date), and its own expansion is reported
      // where it happens: a value that only flows through step outputs counts one level lower.
      return { ...source, taint: source.taint === 'attacker' ? 'input' : 'low', via: text }
    }
    default:
      return undefined
  }
}

function worseSource(a: TaintSource | undefined, b: TaintSource | undefined): TaintSource | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return RANK[a.taint] >= RANK[b.taint] ? a : b
}

function matrixTaint(matrix: YamlNode, key: string, scope: Scope, depth: number): TaintSource | undefined {
  if (!isMap(matrix)) return undefined
  let worst = valueTaint(valueOf(matrix, key), scope, depth)
  for (const extra of ['include']) {
    const list = valueOf(matrix, extra)
    if (isSeq(list)) for (const item of list.items) worst = worseSource(worst, valueTaint(valueOf(item, key), scope, depth))
    else if (isScalar(list)) worst = worseSource(worst, valueTaint(list, scope, depth))
  }
  return worst
}

/** Inputs typed boolean, number or choice cannot carry code; strings can. */
function inputTaint(name: string | undefined, scope: Scope, text: string): TaintSource | undefined {
  if (name === undefined) return { path: text, taint: 'input' }
  if (scope.unit.kind === 'workflow') {
    for (const trigger of scope.unit.workflow.triggers) {
      if (trigger.event !== 'workflow_dispatch' && trigger.event !== 'workflow_call') continue
      const inputs = valueOf(trigger.config, 'inputs')
      if (!isMap(inputs)) continue
      const declared = inputs.pairs.find((pair) => pair.key.value.toLowerCase() === name)
      const type = declared === undefined ? undefined : pairOf(declared.value, 'type')?.value
      if (isScalar(type) && ['boolean', 'number', 'choice', 'environment'].includes(type.value)) return undefined
    }
  }
  return { path: text, taint: 'input' }
}
