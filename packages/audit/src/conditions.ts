import type { YamlScalar } from '@pipeguard/workflow'
import type { Condition } from './expressions-in-unit.js'
import { conditionsOf } from './expressions-in-unit.js'
import type { AuditUnit } from './rule.js'
import { unitSteps } from './steps.js'

const cache = new WeakMap<AuditUnit, Condition[]>()

/** Every job and step `if:` of a unit, as expressions. */
export function unitConditions(unit: AuditUnit): Condition[] {
  let conditions = cache.get(unit)
  if (conditions === undefined) {
    const scalars: (YamlScalar | undefined)[] = []
    if (unit.kind === 'workflow') {
      const jobs = unit.workflow.jobs
      for (let index = 0; index < jobs.length; index++) if (jobs[index]!.if !== undefined) scalars.push(jobs[index]!.if)
    }
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) if (steps[index]!.step.if !== undefined) scalars.push(steps[index]!.step.if)
    conditions = conditionsOf(scalars, unit)
    cache.set(unit, conditions)
  }
  return conditions
}
