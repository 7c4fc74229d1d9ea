import type { FailOn, RuleLevel } from './finding.js'

export type Persona = 'regular' | 'pedantic'

/** Where in a policy file something was written, for messages and findings. */
export interface SourceLocation {
  file: string
  line: number
  column: number
}

export interface RuleSetting {
  level?: RuleLevel
  options: Record<string, unknown>
}

export interface IgnoreEntry {
  rule: string
  /** Globs over paths relative to the scanned root; empty means every path. */
  paths: string[]
  reason: string
  /** `YYYY-MM-DD`: from that day on the entry no longer applies and is reported. */
  expires?: string
  at: SourceLocation
}

/** A loaded, validated and merged policy. */
export interface Policy {
  /** The files it was read from, outermost `extends` first; empty for the built-in default. */
  files: string[]
  failOn: FailOn
  persona: Persona
  rules: Record<string, RuleSetting>
  ignores: IgnoreEntry[]
}

/** The built-in policy used when the repository has no `.github/pipeguard.yml`. */
export function defaultPolicy(): Policy {
  return { files: [], failOn: 'error', persona: 'regular', rules: {}, ignores: [] }
}
