import { isScalar, valueOf, type Job, type Step, type YamlNode } from '@pipeguard/workflow'
import type { AuditUnit } from './rule.js'

function defaultsShell(defaults: YamlNode | null | undefined): string | undefined {
  const shell = valueOf(valueOf(defaults, 'run'), 'shell')
  return isScalar(shell) ? shell.value : undefined
}

/**
 * The shell a `run:` step uses: its own `shell:`, else the job's and the workflow's `defaults.run.shell`, else
 * bash (or pwsh on a runner whose labels say Windows). Undefined when it is computed by an expression.
 */
export function shellOf(unit: AuditUnit, job: Job | undefined, step: Step): string | undefined {
  const written =
    step.shell?.value ??
    defaultsShell(job === undefined ? undefined : valueOf(job.node, 'defaults')) ??
    (unit.kind === 'workflow' ? defaultsShell(unit.workflow.defaults) : undefined)
  if (written !== undefined) return written.includes('${{') ? undefined : written.trim().split(/\s+/)[0]!.toLowerCase()
  const runsOn = job?.runsOn
  const labels = isScalar(runsOn) ? runsOn.value : ''
  return /windows/i.test(labels) ? 'pwsh' : 'bash'
}

/** True for the POSIX shells whose quoting the fixes and the shell parser understand. */
export function isPosixShell(shell: string | undefined): boolean {
  return shell !== undefined && /^(bash|sh|dash|zsh)$/.test(shell.replace(/^.*\//, ''))
}
