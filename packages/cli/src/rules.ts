import { expiredIgnoreRule, type RuleMeta } from '@pipeguard/policy'
import { auditRules } from '@pipeguard/audit'
import { governanceRules } from '@pipeguard/governance'
import { pinningRules } from '@pipeguard/pinning'
import { workflowRules } from '@pipeguard/workflow'
import { refnameRules } from '@pipeguard/refname'
import { sbomRules } from '@pipeguard/sbom'

/** Every rule of every engine: what a policy may configure and what reports describe. */
export const allRules: readonly RuleMeta[] = [expiredIgnoreRule, ...workflowRules, ...governanceRules, ...auditRules, ...refnameRules, ...pinningRules, ...sbomRules]
