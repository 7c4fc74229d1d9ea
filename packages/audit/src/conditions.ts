import type { Condition } from './expressions-in-unit.js'
import { conditionsOf } from './expressions-in-unit.js'
import type { AuditUnit } from './rule.js'
import { unitSteps } from './steps.js'

const cache = new WeakMap<AuditUnit, Condition[]>()

/** Every job and step `if:` of a unit, as expressions. */
export function unitConditions(unit: AuditUnit): Condition[] {
  let conditions = cache.get(unit)
  if (conditions === undefined) {
    const scalars = unit.kind === 'workflow' ? unit.workflow.jobs.map((job) => job.if) : []
    for (const { step } of unitSteps(unit)) scalars.push(step.if)
    conditions = conditionsOf(scalars, unit)
    cache.set(unit, conditions)
  }
  return conditions
}
