import type { Finding, Level, RuleMeta } from '@pipeguard/policy'
import type { Report } from './report.js'

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' }

/** Escapes a workflow command's message (data): %, CR and LF. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escapes a workflow command's property value: also `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::error file=...,line=...::message` workflow commands, one per finding, as the runner parses them. */
export function renderGithub(report: Report, rules: readonly RuleMeta[]): string {
  const byId = new Map(rules.map((rule) => [rule.id, rule]))
  return report.findings.map((finding) => `${annotationCommand(finding, byId.get(finding.ruleId))}\n`).join('')
}

export function annotationCommand(finding: Finding, meta: RuleMeta | undefined): string {
  const properties: string[] = []
  if (finding.path !== '') {
    properties.push(
      `file=${escapeProperty(finding.path)}`,
      `line=${finding.line}`,
      `col=${finding.column}`,
      `endLine=${finding.endLine}`,
      `endColumn=${finding.endColumn}`,
    )
  }
  properties.push(`title=${escapeProperty(`pipeguard ${finding.ruleId}${meta ? `: ${meta.summary}` : ''}`)}`)
  return `::${COMMAND[finding.level]} ${properties.join(',')}::${escapeData(finding.message)}`
}
