import type { RuleMeta } from '@pipeguard/policy'
import type { NameRule } from '../rule.js'
import { dangerousRefname } from './dangerous-refname.js'
import { invalidRefname } from './invalid-refname.js'
import { refnamePolicy } from './refname-policy.js'
import { unicodeRefname } from './unicode-refname.js'

/** The offline rules, in the order their findings are listed for a name. */
export const nameRules: readonly NameRule[] = [invalidRefname, dangerousRefname, unicodeRefname, refnamePolicy]

export { ambiguousRefnameMeta } from './ambiguous-refname.js'
import { ambiguousRefnameMeta } from './ambiguous-refname.js'

/** Every refname rule, for the policy schema and the documentation. */
export const refnameRules: readonly RuleMeta[] = [...nameRules.map((rule) => rule.meta), ambiguousRefnameMeta]
