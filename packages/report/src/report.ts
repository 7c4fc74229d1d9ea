import type { Finding, Summary } from '@pipeguard/policy'

export const VERSION = '0.1.0'

/** DESIGN's JSON object: what `--format json` prints, plus a command's own top-level fields. */
export interface Report {
  tool: 'pipeguard'
  version: string
  command: string
  passed: boolean
  summary: Summary
  findings: Finding[]
  [field: string]: unknown
}

export function buildReport(input: {
  command: string
  passed: boolean
  summary: Summary
  findings: Finding[]
  extra?: Record<string, unknown> | undefined
}): Report {
  return {
    tool: 'pipeguard',
    version: VERSION,
    command: input.command,
    passed: input.passed,
    summary: input.summary,
    findings: input.findings,
    ...input.extra,
  }
}
