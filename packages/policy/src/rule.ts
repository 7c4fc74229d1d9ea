import type { RuleLevel } from './finding.js'

/** A JSON Schema fragment (draft-07) describing one rule option. */
export type OptionSchema = Record<string, unknown>

/** What every rule of every engine declares about itself. */
export interface RuleMeta {
  id: string
  /** The engine that owns the rule: governance, audit, pinning, refname, sbom, workflow. */
  engine: string
  /** The level when the policy says nothing; `off` means the policy must enable it. */
  level: RuleLevel
  /** `pedantic` rules are off unless the pedantic persona is selected. */
  persona?: 'regular' | 'pedantic'
  /** One line: what the rule finds. */
  summary: string
  /** How to fix it, in a sentence or two. */
  help: string
  /** Options the rule accepts in the policy (JSON Schema per key); `level` is always accepted. */
  options?: Record<string, OptionSchema>
  /** A bad and a good example for the rule's documentation page. */
  examples?: { bad: string; good: string }
}

export const DOCS_BASE = 'https://github.com/pipeguard/pipeguard/blob/main/docs/rules'

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`
}
