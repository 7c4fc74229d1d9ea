import { hash } from 'node:crypto'

/** Severity of a finding, from most to least severe. */
export type Level = 'error' | 'warning' | 'note'
/** A rule's configured level: `off` disables the rule. */
export type RuleLevel = Level | 'off'
/** The lowest level that fails a run; `never` always passes. */
export type FailOn = Level | 'never'

export const LEVELS: readonly Level[] = ['error', 'warning', 'note']

/** One problem found in the checked content. The JSON shape is DESIGN's contract: keep these keys exactly. */
export interface Finding {
  ruleId: string
  level: Level
  message: string
  /** Relative to the scanned root, with `/`; empty when the finding is not about a file (a ref name). */
  path: string
  line: number
  column: number
  endLine: number
  endColumn: number
  fingerprint: string
}

/** A 1-based inclusive start, exclusive end position range in a file. */
export interface Span {
  line: number
  column: number
  endLine: number
  endColumn: number
}

export const FILE_START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 }

/** Numeric rank: higher is more severe. */
export function levelRank(level: Level | FailOn): number {
  switch (level) {
    case 'error':
      return 3
    case 'warning':
      return 2
    case 'note':
      return 1
    default:
      return Number.POSITIVE_INFINITY
  }
}

/** True when a finding at `level` fails a run configured with `failOn`. */
export function failsAt(level: Level, failOn: FailOn): boolean {
  return failOn !== 'never' && levelRank(level) >= levelRank(failOn)
}

/**
 * A fingerprint stays the same when unrelated lines move: it hashes the rule, the path and the
 * whitespace-normalized text the finding is about, never the line number.
 */
export function fingerprintOf(ruleId: string, path: string, snippet: string): string {
  const normalized = snippet.replace(/\s+/g, ' ').trim()
  // One-shot hash: about half the cost of createHash().update().digest() for short inputs, same digest.
  return hash('sha256', `${ruleId}\0${path}\0${normalized}`, 'hex').slice(0, 32)
}

export interface FindingInput {
  ruleId: string
  level: Level
  message: string
  path: string
  span: Span
  /** The source text the finding is about; defaults to the message. */
  snippet?: string
}

export function makeFinding(input: FindingInput): Finding {
  return {
    ruleId: input.ruleId,
    level: input.level,
    message: input.message,
    path: input.path,
    line: input.span.line,
    column: input.span.column,
    endLine: input.span.endLine,
    endColumn: input.span.endColumn,
    fingerprint: fingerprintOf(input.ruleId, input.path, input.snippet ?? input.message),
  }
}

/** Stable order: path, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  )
}
