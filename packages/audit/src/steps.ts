import { stepsOf, valueOf, type Job, type Step, repositorySlug } from '@pipeguard/workflow'
import type { AuditUnit, StepInUnit } from './rule.js'

/**
 * The steps a list runs, with `parallel:` groups (a step whose only content is a list of steps) flattened in
 * place, so that audits see the steps inside them too.
 */
export function flattenSteps(steps: Step[]): Step[] {
  // Indexed loops here and in the audits: most of this code runs cold, where each step of a for-of allocates.
  let flat: Step[] | undefined
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!
    const group = step.run === undefined && step.uses === undefined ? valueOf(step.node, 'parallel') : undefined
    if (group !== undefined && group !== null) {
      flat ??= steps.slice(0, index)
      flat.push(...flattenSteps(stepsOf(group)))
    } else flat?.push(step)
  }
  return flat ?? steps
}

/**
 * The job's steps, flattened: the job's own list unless it has `parallel:` groups. Not cached: a pass over the
 * steps costs less than a weak map keyed by every job.
 */
export function jobSteps(job: Job): Step[] {
  return flattenSteps(job.steps)
}

function slugOfStep(step: Step): string | undefined {
  return step.uses === undefined ? undefined : repositorySlug(step.uses.ref)
}

const unitCache = new WeakMap<AuditUnit, readonly StepInUnit[]>()

/** Every step of a workflow's jobs or of a composite action, with its job (computed once per unit). */
export function unitSteps(unit: AuditUnit): readonly StepInUnit[] {
  let list = unitCache.get(unit)
  if (list !== undefined) return list
  const found: StepInUnit[] = []
  if (unit.kind === 'action') {
    const siblings = flattenSteps(unit.action.steps)
    for (let position = 0; position < siblings.length; position++)
      found.push({ step: siblings[position]!, job: undefined, siblings, position, slug: slugOfStep(siblings[position]!) })
  } else if (unit.kind === 'workflow') {
    const jobs = unit.workflow.jobs
    for (let index = 0; index < jobs.length; index++) {
      const job = jobs[index]!
      const siblings = jobSteps(job)
      for (let position = 0; position < siblings.length; position++) {
        found.push({ step: siblings[position]!, job, siblings, position, slug: slugOfStep(siblings[position]!) })
      }
    }
  }
  list = found
  unitCache.set(unit, list)
  return list
}
