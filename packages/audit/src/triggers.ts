import type { Workflow } from '@pipeguard/workflow'
import type { AuditUnit } from './rule.js'

/** Triggers that run with the base repository's secrets and a write token on events outsiders can cause. */
export const PRIVILEGED_TRIGGERS = new Set(['pull_request_target', 'workflow_run'])

export function hasPrivilegedTrigger(unit: AuditUnit): boolean {
  return unit.kind === 'workflow' && unit.workflow.triggers.some((trigger) => PRIVILEGED_TRIGGERS.has(trigger.event))
}

/** True when the workflow only runs as a reusable workflow (its caller decides permissions and trigger). */
export function isReusableOnly(workflow: Workflow): boolean {
  return workflow.triggers.length > 0 && workflow.triggers.every((trigger) => trigger.event === 'workflow_call')
}
