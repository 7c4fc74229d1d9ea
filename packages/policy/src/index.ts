export { activeRule, activeRules, type ActiveRule } from './active-rule.js'
export { writeFileAtomic } from './atomic-write.js'
export { readBaseline, writeBaseline, type BaselineFile } from './baseline.js'
export { didYouMean, editDistance } from './did-you-mean.js'
export { expiredIgnoreRule, finalizeFindings, type FinalizeOptions, type Outcome, type Summary } from './finalize.js'
export {
  compareFindings,
  failsAt,
  FILE_START,
  fingerprintOf,
  LEVELS,
  levelRank,
  makeFinding,
  type FailOn,
  type Finding,
  type FindingInput,
  type Level,
  type RuleLevel,
  type Span,
} from './finding.js'
export { InputError } from './input-error.js'
export { DEFAULT_POLICY_PATHS, isRemoteReference, loadPolicy, type LoadPolicyOptions } from './load.js'
export { defaultPolicy, type IgnoreEntry, type Persona, type Policy, type RuleSetting, type SourceLocation } from './policy.js'
export { DOCS_BASE, docsUrl, type OptionSchema, type RuleMeta } from './rule.js'
export { ruleCatalog } from './rule-catalog.js'
export { POLICY_SCHEMA_AJV_OPTIONS, policySchema } from './schema.js'
