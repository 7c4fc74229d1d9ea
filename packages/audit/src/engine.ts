import { activeRule, makeFinding, type Finding, type Level, type Policy, type RuleMeta } from '@pipeguard/policy'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isInsideRoot, parseYaml, SourceFile, type Repository, type TextEdit } from '@pipeguard/workflow'
import type { AuditReport, AuditRule, AuditUnit } from './rule.js'
import { releaseCaches } from './cached.js'
import { auditRuleList } from './rules/index.js'

export const auditRules: readonly RuleMeta[] = auditRuleList.map((rule) => rule.meta)

export interface AuditOptions {
  /**
   * Honour zizmor's inline `# zizmor: ignore[id]` comments for the audits that share zizmor's ids, so a
   * repository migrating from zizmor keeps its reviewed exceptions (default true).
   */
  zizmorIgnores?: boolean
  /**
   * Work out the safe fixes (`pipeguard audit --fix`); default false, since a run that only reports has no use for
   * them and they cost time on every finding that has one.
   */
  fixes?: boolean
}

/** A safe fix of one finding: edits to one file, applied together or not at all. */
export interface AuditFix {
  ruleId: string
  path: string
  line: number
  edits: TextEdit[]
}

export interface AuditResult {
  findings: Finding[]
  /** The safe fixes, when the run asked for them (AuditOptions.fixes); empty otherwise. */
  fixes: AuditFix[]
  /** Findings dropped by `# zizmor: ignore[...]` comments. */
  zizmorIgnored: number
}

/** Every unit the audits look at: workflows, action metadata files, then the Dependabot configuration. */
export function auditUnits(repository: Repository): AuditUnit[] {
  const units: AuditUnit[] = [
    ...repository.workflows.map((workflow): AuditUnit => ({ kind: 'workflow', file: workflow.file, workflow })),
    ...repository.actions.map((action): AuditUnit => ({ kind: 'action', file: action.file, action })),
  ]
  const dependabot = loadDependabot(repository.root)
  if (dependabot !== undefined) units.push(dependabot)
  return units
}

/**
 * `.github/dependabot.yml` (or .yaml) when present and readable as YAML; its syntax is Dependabot's to report. A
 * symbolic link is followed only while it stays inside the repository, as for workflows.
 */
function loadDependabot(root: string): AuditUnit | undefined {
  for (const name of ['.github/dependabot.yml', '.github/dependabot.yaml']) {
    const path = join(root, name)
    if (!existsSync(path) || !isInsideRoot(root, path)) continue
    const file = new SourceFile(name, readFileSync(path, 'utf8'))
    const parsed = parseYaml(file.text)
    const document = parsed.documents[0]
    if (parsed.problem !== undefined || document === undefined || document === null) return undefined
    return { kind: 'dependabot', file, root: document }
  }
  return undefined
}

/**
 * Runs the audits the policy enables over the repository model and returns raw findings at their levels (the
 * command runner applies ignores and baselines). Reads nothing but `.github/dependabot.yml` beside the model.
 */
export function runAudit(repository: Repository, policy: Policy, options: AuditOptions = {}): AuditResult {
  const active = auditRuleList
    .map((rule) => ({ rule, setting: activeRule(policy, rule.meta) }))
    .filter((entry): entry is { rule: AuditRule; setting: NonNullable<typeof entry.setting> } => entry.setting !== undefined)
  try {
    return auditAll(repository, policy, options, active)
  } finally {
    releaseCaches()
  }
}

function auditAll(
  repository: Repository,
  policy: Policy,
  options: AuditOptions,
  active: { rule: AuditRule; setting: NonNullable<ReturnType<typeof activeRule>> }[],
): AuditResult {
  const units = active.length === 0 ? [] : auditUnits(repository)
  const findings: Finding[] = []
  const fixes: AuditFix[] = []
  let zizmorIgnored = 0
  const honour = options.zizmorIgnores ?? true
  for (let unitIndex = 0; unitIndex < units.length; unitIndex++) {
    const unit = units[unitIndex]!
    const mentionsZizmor = honour && unit.file.text.includes('zizmor: ignore')
    // One context per unit; `current` says which audit is reporting.
    let current = active[0]!
    // Reports by start offset; the rest of the key (audit, end, message) is compared only when a start repeats.
    const seen = new Map<number, { id: string; end: number; message: string }[]>()
    const context = {
      repository,
      rule: current.setting,
      persona: policy.persona,
      fixes: options.fixes ?? false,
      report(report: AuditReport) {
        const { rule, setting } = current
        // Aliased YAML reaches the same node twice: one finding per place.
        const entry = { id: rule.meta.id, end: report.end, message: report.message }
        const earlier = seen.get(report.start)
        if (earlier === undefined) seen.set(report.start, [entry])
        else if (earlier.some((other) => other.id === entry.id && other.end === entry.end && other.message === entry.message)) return
        else earlier.push(entry)
        if (mentionsZizmor && zizmorIgnores(unit.file, report.start, report.end, rule.meta.id)) {
          zizmorIgnored++
          return
        }
        const explicit = policy.rules[rule.meta.id]?.level
        const level: Level = explicit !== undefined && explicit !== 'off' ? explicit : (report.level ?? setting.level)
        const span = unit.file.span(report.start, report.end)
        findings.push(
          makeFinding({
            ruleId: rule.meta.id,
            level,
            message: report.message,
            path: unit.file.path,
            span,
            snippet: report.snippet ?? unit.file.text.slice(report.start, Math.min(report.end, report.start + 300)),
          }),
        )
        if (report.fix !== undefined && report.fix.length > 0) {
          fixes.push({ ruleId: rule.meta.id, path: unit.file.path, line: span.line, edits: report.fix })
        }
      },
    }
    for (let index = 0; index < active.length; index++) {
      current = active[index]!
      context.rule = current.setting
      current.rule.check(unit, context)
    }
  }
  return { findings, fixes, zizmorIgnored }
}

/**
 * True when a `# zizmor: ignore[...]` comment naming the audit is on the finding's lines or, for a finding
 * inside a block (a script line), on the line that opens the block: where zizmor reads them.
 */
function zizmorIgnores(file: SourceFile, start: number, end: number, id: string): boolean {
  const from = file.position(start).line
  const to = file.position(Math.max(start, end - 1)).line
  const names = (line: number): boolean => {
    const match = /#\s*zizmor:\s*ignore\[([^\]]*)\]/.exec(file.lineText(line))
    return match !== null && match[1]!.split(',').some((entry) => entry.trim() === id)
  }
  for (let line = from; line <= to; line++) if (names(line)) return true
  const indent = (text: string): number => text.length - text.trimStart().length
  const own = indent(file.lineText(from))
  for (let line = from - 1; line >= 1; line--) {
    const text = file.lineText(line)
    if (text.trim() === '') continue
    if (indent(text) < own) return names(line)
  }
  return false
}
