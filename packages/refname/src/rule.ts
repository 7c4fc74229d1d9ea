import type { RuleMeta } from '@pipeguard/policy'
import type { RefFormatFlags, RefProblem } from './git-grammar.js'
import type { NameSubject } from './subject.js'

/** A name with git's verdict on it, as every rule receives it. */
export interface CheckedName extends NameSubject {
  /** Why git rejects the name, or undefined when git accepts it. */
  problem: RefProblem | undefined
  /** The name git checked: `gitName`, with slashes collapsed under `--normalize`. */
  checked: string
}

/** One thing wrong with a name; `key` tells apart the issues of one rule in fingerprints. */
export interface NameIssue {
  key: string
  message: string
}

export interface CompileContext {
  flags: RefFormatFlags
}

export type NameCheck = (name: CheckedName) => NameIssue[] | undefined

/** A rule is its metadata plus a function that turns its options into a check of one name. */
export interface NameRule {
  meta: RuleMeta
  compile(options: Record<string, unknown>, context: CompileContext): NameCheck
}

export function kindWord(name: CheckedName): string {
  return name.kind === 'ref' ? 'ref name' : `${name.kind} name`
}
