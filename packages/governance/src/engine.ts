import { activeRule, type Finding, type Policy, type RuleMeta } from '@pipeguard/policy'
import type { Repository } from '@pipeguard/workflow'
import { buildInventory, type InventoryEntry } from './inventory.js'
import { governanceRuleList } from './rules/index.js'

export const governanceRules: readonly RuleMeta[] = governanceRuleList.map((rule) => rule.meta)

export interface GovernanceResult {
  findings: Finding[]
  inventory: InventoryEntry[]
}

/** Runs every governance rule the policy enables over the repository model. Pure: no I/O. */
export function runGovernance(repository: Repository, policy: Policy): GovernanceResult {
  const findings: Finding[] = []
  for (const rule of governanceRuleList) {
    const active = activeRule(policy, rule.meta)
    if (active !== undefined) findings.push(...rule.check(repository, active))
  }
  return { findings, inventory: buildInventory(repository) }
}
