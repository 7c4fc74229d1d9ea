import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import picomatch from 'picomatch'
import { compareFindings, failsAt, makeFinding, type Finding, type Level } from './finding.js'
import type { IgnoreEntry, Policy } from './policy.js'
import type { RuleMeta } from './rule.js'

export const expiredIgnoreRule: RuleMeta = {
  id: 'expired-ignore',
  engine: 'policy',
  level: 'warning',
  summary: 'An ignore entry of the policy has expired',
  help: 'Fix the findings it covered, or renew the entry with a new expires date and a reason.',
}

export interface Summary {
  error: number
  warning: number
  note: number
  suppressed: number
}

export interface Outcome {
  passed: boolean
  summary: Summary
  findings: Finding[]
}

export interface FinalizeOptions {
  root: string
  policy: Policy
  /** Fingerprints to suppress (`--baseline`). */
  baseline?: ReadonlySet<string> | undefined
  /** Today, for `expires`; defaults to now. */
  now?: Date
  /** Reads a scanned file for inline `# pipeguard: ignore[...]` comments; defaults to the file system. */
  readSource?: (path: string) => string | undefined
}

const INLINE_IGNORE = /(?:^|\s)#\s*pipeguard:\s*ignore\[([^\]]+)\]/

/**
 * Applies the policy's ignore entries, inline ignore comments and the baseline, reports expired ignores,
 * makes fingerprints unique, sorts, and decides pass or fail.
 */
export function finalizeFindings(raw: readonly Finding[], options: FinalizeOptions): Outcome {
  const today = (options.now ?? new Date()).toISOString().slice(0, 10)
  const live = options.policy.ignores.filter((entry) => entry.expires === undefined || entry.expires > today)
  const matchers = live.map((entry) => ({ entry, matches: pathMatcher(entry) }))
  const readSource = options.readSource ?? fileReader(options.root)
  const sources = new Map<string, string[] | undefined>()
  const linesOf = (path: string): string[] | undefined => {
    if (!sources.has(path)) sources.set(path, readSource(path)?.split(/\r?\n/))
    return sources.get(path)
  }

  let suppressed = 0
  const kept: Finding[] = []
  for (const finding of uniqueFingerprints(raw)) {
    const ignored =
      matchers.some(({ entry, matches }) => entry.rule === finding.ruleId && matches(finding.path)) ||
      (finding.path !== '' && hasInlineIgnore(linesOf(finding.path), finding)) ||
      options.baseline?.has(finding.fingerprint) === true
    if (ignored) suppressed++
    else kept.push(finding)
  }
  for (const entry of options.policy.ignores) {
    if (entry.expires !== undefined && entry.expires <= today) kept.push(expiredFinding(entry, options.policy))
  }
  kept.sort(compareFindings)
  const summary: Summary = { error: 0, warning: 0, note: 0, suppressed }
  for (const finding of kept) summary[finding.level]++
  const passed = !kept.some((finding) => failsAt(finding.level, options.policy.failOn))
  return { passed, summary, findings: kept }
}

function pathMatcher(entry: IgnoreEntry): (path: string) => boolean {
  if (entry.paths.length === 0) return () => true
  const match = picomatch(entry.paths, { dot: true })
  return (path) => match(path)
}

function hasInlineIgnore(lines: string[] | undefined, finding: Finding): boolean {
  if (lines === undefined) return false
  for (const line of [lines[finding.line - 1], lines[finding.line - 2]]) {
    const match = line === undefined ? null : INLINE_IGNORE.exec(line)
    if (match !== null && match[1]!.split(',').some((id) => id.trim() === finding.ruleId || id.trim() === '*')) return true
  }
  return false
}

function fileReader(root: string): (path: string) => string | undefined {
  return (path) => {
    try {
      return readFileSync(join(root, path), 'utf8')
    } catch {
      return undefined
    }
  }
}

/** Identical findings (same rule, file and snippet) get distinct, still stable fingerprints by occurrence. */
function uniqueFingerprints(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, number>()
  return [...findings].sort(compareFindings).map((finding) => {
    const count = seen.get(finding.fingerprint) ?? 0
    seen.set(finding.fingerprint, count + 1)
    if (count === 0) return finding
    const fingerprint = createHash('sha256').update(`${finding.fingerprint}#${count}`).digest('hex').slice(0, 32)
    return { ...finding, fingerprint }
  })
}

function expiredFinding(entry: IgnoreEntry, policy: Policy): Finding {
  const level: Level = policy.rules[expiredIgnoreRule.id]?.level === 'error' ? 'error' : 'warning'
  return makeFinding({
    ruleId: expiredIgnoreRule.id,
    level,
    message: `the ignore of '${entry.rule}' expired on ${entry.expires} and no longer applies (reason was: ${entry.reason}); fix the findings or renew the entry with a new date`,
    path: entry.at.file,
    span: { line: entry.at.line, column: entry.at.column, endLine: entry.at.line, endColumn: entry.at.column },
    snippet: `${entry.rule} ${entry.expires} ${entry.reason}`,
  })
}
