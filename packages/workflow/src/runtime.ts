import { setFlagsFromString } from 'node:v8'

/**
 * Turns off V8's top-tier compiler (Turbofan) for the rest of the process; its middle tier (Maglev) still optimizes.
 * A scan of workflows runs a great deal of different code (the YAML reader, the model, dozens of rules) a few
 * thousand times each: Turbofan compiles each hot function on a background thread for tens of milliseconds, often
 * more than once, and those compiles compete with the scan for the machine's cores (two on GitHub's smaller runners)
 * while paying back only in runs far longer than a scan. For the whole workflow corpus as one repository on this
 * project's 2-core machine, `pipeguard pin --offline` takes 0.61–0.75 s instead of 0.78–0.94 s, and the offline
 * check of the corpus in the pin bench about a fifth less wall time at the same main-thread CPU. Long hot loops are
 * another matter (refname's million names a second needs Turbofan): call this only before scanning workflows. Flags
 * set this way apply to compiles from then on, so call it first.
 */
export function tuneForWorkflowScans(): void {
  setFlagsFromString('--no-turbofan')
}
