export {
  checkRefnames,
  compileRefnameChecker,
  type NameVerdict,
  type RefnameChecker,
  type RefnameOptions,
  type RefnameResult,
} from './engine.js'
export { checkEventRefnames, type EventCheckInput, type EventCheckResult } from './event-check.js'
export { refFromEvent, type EventRef } from './event-ref.js'
export { githubRefLookup } from './github-lookup.js'
export {
  branchNameProblem,
  collapseSlashes,
  explainProblem,
  refFormatProblem,
  tagNameProblem,
  type RefFormatFlags,
  type RefProblem,
  type RefProblemCode,
} from './git-grammar.js'
export { checkAmbiguousRefnames, type RefLookup } from './rules/ambiguous-refname.js'
export { refnameRules } from './rules/index.js'
export { safeName } from './safe-name.js'
export { skeleton } from './confusables.js'
export { REF_KINDS, splitRef, type RefKind } from './subject.js'
