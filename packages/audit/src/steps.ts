import { stepsOf, valueOf, type Job, type Step } from '@pipeguard/workflow'
import type { AuditUnit, StepInUnit } from './rule.js'

/**
 * The steps a list runs, with `parallel:` groups (a step whose only content is a list of steps) flattened in
 * place, so that audits see the steps inside them too.
 */
export function flattenSteps(steps: Step[]): Step[] {
  const flat: Step[] = []
  for (const step of steps) {
    const group = valueOf(step.node, 'parallel')
    if (step.run === undefined && step.uses === undefined && group !== undefined && group !== null) {
      flat.push(...flattenSteps(stepsOf(group)))
    } else flat.push(step)
  }
  return flat
}

const cache = new WeakMap<object, Step[]>()

/** The job's steps, flattened and cached. */
export function jobSteps(job: Job): Step[] {
  let steps = cache.get(job)
  if (steps === undefined) {
    steps = flattenSteps(job.steps)
    cache.set(job, steps)
  }
  return steps
}

/** Every step of a workflow's jobs or of a composite action, with its job. */
export function* unitSteps(unit: AuditUnit): Generator<StepInUnit> {
  if (unit.kind === 'action') {
    const siblings = flattenSteps(unit.action.steps)
    for (let position = 0; position < siblings.length; position++) {
      yield { step: siblings[position]!, job: undefined, siblings, position }
    }
    return
  }
  if (unit.kind !== 'workflow') return
  for (const job of unit.workflow.jobs) {
    const siblings = jobSteps(job)
    for (let position = 0; position < siblings.length; position++) yield { step: siblings[position]!, job, siblings, position }
  }
}
