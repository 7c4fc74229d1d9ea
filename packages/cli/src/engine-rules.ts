import { expiredIgnoreRule, type RuleMeta } from '@pipeguard/policy'
import { auditRules } from '@pipeguard/audit'
import { governanceRules } from '@pipeguard/governance'
import { pinningRules } from '@pipeguard/pinning'
import { refnameRules } from '@pipeguard/refname'
import { sbomRules } from '@pipeguard/sbom'
import { workflowRules } from '@pipeguard/workflow'

/**
 * Every rule of every engine, with examples: the source that scripts/generate-catalog.mjs turns into the rule
 * catalog, the policy schema and docs/rules. Loading it loads every engine, so the CLI itself reads the catalog.
 */
export const engineRules: readonly RuleMeta[] = [
  expiredIgnoreRule,
  ...workflowRules,
  ...governanceRules,
  ...auditRules,
  ...pinningRules,
  ...sbomRules,
  ...refnameRules,
]
