import { docsUrl, type Level } from '@pipeguard/policy'
import type { Report } from './report.js'

const ICON: Record<Level, string> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' }

/**
 * The job summary: totals, then every finding grouped by severity. GitHub shows only the first 10 annotations of
 * a kind per step, so this table is where the full list lives.
 */
export function renderSummary(report: Report, title = `pipeguard ${report.command}`): string {
  const { error, warning, note, suppressed } = report.summary
  const out = [
    `## ${report.passed ? '✅' : '❌'} ${title}: ${report.passed ? 'passed' : 'failed'}`,
    '',
    `| errors | warnings | notes | suppressed |`,
    `|---:|---:|---:|---:|`,
    `| ${error} | ${warning} | ${note} | ${suppressed} |`,
    '',
  ]
  for (const level of ['error', 'warning', 'note'] as const) {
    const findings = report.findings.filter((finding) => finding.level === level)
    if (findings.length === 0) continue
    out.push(`### ${ICON[level]} (${findings.length})`, '', '| rule | location | message |', '|---|---|---|')
    for (const finding of findings) {
      const where = finding.path === '' ? '' : `\`${cell(finding.path)}:${finding.line}:${finding.column}\``
      out.push(`| [${finding.ruleId}](${docsUrl(finding.ruleId)}) | ${where} | ${cell(finding.message)} |`)
    }
    out.push('')
  }
  return `${out.join('\n')}\n`
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}
