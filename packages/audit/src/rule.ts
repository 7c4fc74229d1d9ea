import type { ActiveRule, Level, RuleMeta } from '@pipeguard/policy'
import type { Action, Job, Repository, SourceFile, Step, TextEdit, Workflow, YamlNode } from '@pipeguard/workflow'

/** What one audit reports: a location in the file, a message, and optionally a graded level and a safe fix. */
export interface AuditReport {
  start: number
  end: number
  message: string
  /** The level this occurrence deserves (graded audits); the rule's level when absent. */
  level?: Level
  /** Edits that remove the problem without changing anything else; only for the safe autofixes. */
  fix?: TextEdit[]
  /** Text that identifies the occurrence for the fingerprint; the source at the span when absent. */
  snippet?: string
}

/** A workflow or a composite/other action, audited with the steps it runs. */
export type AuditUnit =
  | { kind: 'workflow'; file: SourceFile; workflow: Workflow }
  | { kind: 'action'; file: SourceFile; action: Action }
  | { kind: 'dependabot'; file: SourceFile; root: YamlNode }

/** A step with the job that runs it (undefined for an action's own steps). */
export interface StepInUnit {
  step: Step
  job: Job | undefined
  /** Every step of the same job (or action), in order, `parallel:` groups flattened. */
  siblings: Step[]
  /** Position in `siblings`. */
  position: number
  /** The `owner/repo` the step uses, lowercased (repositorySlug), when it uses one. */
  slug: string | undefined
}

export interface AuditContext {
  repository: Repository
  rule: ActiveRule
  /** The policy's persona: some audits report more under `pedantic`. */
  persona: 'regular' | 'pedantic'
  /** Whether the run wants the safe fixes: audits work them out only then (see AuditOptions.fixes). */
  fixes: boolean
  report(report: AuditReport): void
}

/** An audit: metadata plus a function over one workflow or action at a time. */
export interface AuditRule {
  meta: RuleMeta
  check(unit: AuditUnit, context: AuditContext): void
}
