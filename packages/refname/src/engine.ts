import { activeRules, failsAt, FILE_START, makeFinding, type Finding, type Level, type Policy } from '@pipeguard/policy'
import {
  branchNameProblem,
  collapseSlashes,
  plainNameProblem,
  refFormatProblem,
  tagNameProblem,
  type RefFormatFlags,
} from './git-grammar.js'
import type { CheckedName, NameCheck } from './rule.js'
import { nameRules } from './rules/index.js'
import { safeName } from './safe-name.js'
import { quoteName, subjectOf, type RefKind } from './subject.js'

export interface RefnameOptions extends RefFormatFlags {
  /** `branch` and `tag` check the short name as `git branch` / `git tag` would; `ref` a full name, with the flags. */
  kind: RefKind
  /** False leaves `safeName` empty, for callers that print only findings and counts (bulk checks). Default true. */
  safeNames?: boolean
}

/** The verdict on one name: DESIGN's `names[]` entry. */
export interface NameVerdict {
  name: string
  kind: RefKind
  /** git accepts the name (exactly `git check-ref-format` with the same kind and flags). */
  valid: boolean
  /** No finding at warning or above. */
  safe: boolean
  safeName: string
  /** What `git check-ref-format --normalize` prints, when --normalize was asked and the name is valid. */
  normalized?: string
  findings: Finding[]
}

/** Checks one name (text, or raw bytes that may not be UTF-8). */
export type RefnameChecker = (input: string | Uint8Array) => NameVerdict

// Shared by every verdict without findings (most of them): frozen, so that adding to it fails loudly.
const NO_FINDINGS = Object.freeze([]) as unknown as Finding[]

interface ActiveCheck {
  id: string
  level: Level
  check: NameCheck
}

/** Compiles the policy's enabled refname rules once; the returned function checks one name. */
export function compileRefnameChecker(policy: Policy, options: RefnameOptions): RefnameChecker {
  const flags: RefFormatFlags = {
    allowOnelevel: options.allowOnelevel,
    refspecPattern: options.refspecPattern,
    normalize: options.normalize,
  }
  const active = activeRules(
    policy,
    nameRules.map((rule) => rule.meta),
  )
  const checks: ActiveCheck[] = active.map((rule) => {
    const definition = nameRules.find((candidate) => candidate.meta.id === rule.meta.id)
    if (definition === undefined) throw new Error(`no refname rule ${rule.meta.id}`)
    return { id: rule.meta.id, level: rule.level, check: definition.compile(rule.options, { flags }) }
  })
  const { kind } = options
  const safeNames = options.safeNames !== false
  return (input) => {
    const name: CheckedName = subjectOf(input, kind)
    // A plain name has no leading or doubled '/', so --normalize leaves it as it is.
    if (kind === 'ref' && flags.normalize === true && name.plain !== true) name.checked = collapseSlashes(name.gitName)
    const checked = name.checked
    const problem =
      name.plain === true
        ? plainNameProblem(checked, kind, flags)
        : kind === 'branch'
          ? branchNameProblem(checked)
          : kind === 'tag'
            ? tagNameProblem(checked)
            : refFormatProblem(checked, flags)
    name.problem = problem
    let findings: Finding[] = NO_FINDINGS
    let safe = true
    for (const rule of checks) {
      const issues = rule.check(name)
      if (issues === undefined) continue
      if (findings === NO_FINDINGS) findings = []
      for (const issue of issues) {
        findings.push(
          makeFinding({
            ruleId: rule.id,
            level: rule.level,
            message: issue.message,
            path: '',
            span: FILE_START,
            snippet: `${kind}:${name.utf8 ? name.name : quoteName(name)}:${issue.key}`,
          }),
        )
        if (failsAt(rule.level, 'warning')) safe = false
      }
    }
    const shown = name.utf8 ? name.name : quoteName(name).slice(1, -1)
    return {
      name: shown,
      kind,
      valid: problem === undefined,
      safe,
      safeName: !safeNames ? '' : name.utf8 ? safeName(shown, name.ascii) : safeName(shown),
      findings,
      normalized: flags.normalize === true && problem === undefined ? checked : undefined,
    }
  }
}

export interface RefnameResult {
  names: NameVerdict[]
  /** Every finding of every name, in input order. */
  findings: Finding[]
}

/** Checks names in input order. Pure: names in, verdicts and findings out. */
export function checkRefnames(inputs: readonly (string | Uint8Array)[], policy: Policy, options: RefnameOptions): RefnameResult {
  const check = compileRefnameChecker(policy, options)
  const names = inputs.map((input) => check(input))
  return { names, findings: names.flatMap((verdict) => verdict.findings) }
}
