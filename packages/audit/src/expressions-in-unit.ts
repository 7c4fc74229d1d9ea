import { isMap, isScalar, isSeq, type YamlNode, type YamlScalar } from '@pipeguard/workflow'
import { findExpressions, sourceHoldsExpression, type FoundExpression } from './cached.js'
import type { AuditUnit } from './rule.js'

const cache = new WeakMap<AuditUnit, FoundExpression[]>()

/** Every `${{ }}` in a workflow or action file, each place once (aliased nodes are visited once). */
export function unitExpressions(unit: AuditUnit): FoundExpression[] {
  const cached = cache.get(unit)
  if (cached !== undefined) return cached
  const sites: FoundExpression[] = []
  const seen = new Set<YamlNode>()
  const root = unit.kind === 'workflow' ? unit.workflow.root : unit.kind === 'action' ? unit.action.root : unit.root
  if (!unit.file.text.includes('${{')) {
    cache.set(unit, sites)
    return sites
  }
  // Subtrees whose source holds no `${{` are skipped without being walked.
  const file = unit.file
  const visit = (node: YamlNode | null): void => {
    // A node's own range covers its content (aliased content is walked where its anchor defines it).
    if (node === null || !sourceHoldsExpression(file, node.start, node.end)) return
    // Only anchored nodes can be reached twice (through aliases).
    if (node.anchor !== undefined) {
      if (seen.has(node)) return
      seen.add(node)
    }
    if (isScalar(node)) {
      const found = findExpressions(unit.file, node)
      for (let index = 0; index < found.length; index++) sites.push(found[index]!)
    } else if (isSeq(node)) {
      const items = node.items
      for (let index = 0; index < items.length; index++) visit(items[index]!)
    } else if (isMap(node)) {
      const pairs = node.pairs
      for (let index = 0; index < pairs.length; index++) visit(pairs[index]!.value)
    }
  }
  visit(root)
  cache.set(unit, sites)
  return sites
}

export interface Condition {
  /** The expression text (the whole value when it has no `${{ }}`). */
  text: string
  start: number
  end: number
  scalar: YamlScalar
}

/** The `if:` conditions of jobs and steps as expressions: bare conditions are expressions too. */
export function conditionsOf(scalars: (YamlScalar | undefined)[], unit: AuditUnit): Condition[] {
  const conditions: Condition[] = []
  for (let index = 0; index < scalars.length; index++) {
    const scalar = scalars[index]
    if (scalar === undefined) continue
    if (scalar.value.includes('${{')) {
      const found = findExpressions(unit.file, scalar)
      for (let at = 0; at < found.length; at++) {
        const expression = found[at]!
        conditions.push({ text: expression.text, start: expression.start, end: expression.end, scalar })
      }
    } else conditions.push({ text: scalar.value, start: scalar.start, end: scalar.end, scalar })
  }
  return conditions
}
