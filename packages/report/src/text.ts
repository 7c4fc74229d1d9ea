import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Finding } from '@pipeguard/policy'
import type { Report } from './report.js'

export interface TextOptions {
  root: string
  color: boolean
  /** Printed first (a diff, an inventory). */
  preamble?: string | undefined
  /** Source lines for code frames; defaults to reading the file under root. */
  readSource?: (path: string) => string | undefined
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', note: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' }

/** Findings grouped by file, each with a code frame at its line; a one-line summary at the end. */
export function renderText(report: Report, options: TextOptions): string {
  const paint = (code: keyof typeof COLORS, text: string): string => (options.color ? `${COLORS[code]}${text}${COLORS.reset}` : text)
  const read = options.readSource ?? ((path: string) => safeRead(join(options.root, path)))
  const out: string[] = []
  if (options.preamble) out.push(options.preamble.trimEnd(), '')
  const byPath = new Map<string, Finding[]>()
  for (const finding of report.findings) {
    const list = byPath.get(finding.path) ?? []
    list.push(finding)
    byPath.set(finding.path, list)
  }
  for (const [path, findings] of byPath) {
    out.push(paint('bold', path === '' ? '(no file)' : path))
    const lines = path === '' ? undefined : read(path)?.split(/\r?\n/)
    for (const finding of findings) {
      const where = path === '' ? '' : `${finding.line}:${finding.column} `
      out.push(`  ${where}${paint(finding.level, finding.level)} ${finding.message} ${paint('dim', `[${finding.ruleId}]`)}`)
      const source = lines?.[finding.line - 1]
      if (source !== undefined) {
        const gutter = String(finding.line)
        out.push(paint('dim', `    ${gutter} | `) + source)
        const width = finding.endLine === finding.line ? Math.max(1, finding.endColumn - finding.column) : 1
        out.push(
          `    ${' '.repeat(gutter.length)} ${paint('dim', '|')} ${' '.repeat(Math.max(0, finding.column - 1))}${paint(finding.level, '^'.repeat(Math.min(width, 200)))}`,
        )
      }
    }
    out.push('')
  }
  const { error, warning, note, suppressed } = report.summary
  const verdict = report.passed ? paint('bold', 'passed') : paint('error', 'failed')
  out.push(`pipeguard ${report.command}: ${verdict}: ${error} error(s), ${warning} warning(s), ${note} note(s), ${suppressed} suppressed`)
  return `${out.join('\n')}\n`
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
