import { activeRule, compareFindings, type ActiveRule, type Finding, type Policy } from '@pipeguard/policy'
import type { Repository } from '@pipeguard/workflow'
import type { OfflineRule } from './rule.js'
import { offlineRules } from './rules/index.js'

export interface PinCheckResult {
  findings: Finding[]
}

/** The offline pinning check: every enabled offline rule over the repository (no network, no token). */
export function runPinCheck(repository: Repository, policy: Policy): PinCheckResult {
  const findings: Finding[] = []
  for (const rule of offlineRules) {
    const active = activeOf(policy, rule)
    if (active !== undefined) findings.push(...rule.check({ repository }, active))
  }
  return { findings: findings.sort(compareFindings) }
}

interface Settled {
  setting: unknown
  persona: unknown
  active: ActiveRule | undefined
}

const settled = new WeakMap<Policy, Map<OfflineRule, Settled>>()

/**
 * The rule's setting, worked out once per policy and reused while the policy's entry for the rule is the same
 * object (a run checks many repositories with one policy; the options are only read). Sharing the options also
 * lets per-options caches (the compiled pin policies) hit.
 */
function activeOf(policy: Policy, rule: OfflineRule): ActiveRule | undefined {
  let byRule = settled.get(policy)
  if (byRule === undefined) settled.set(policy, (byRule = new Map()))
  const setting = policy.rules[rule.meta.id]
  const known = byRule.get(rule)
  if (known !== undefined && known.setting === setting && known.persona === policy.persona) return known.active
  const active = activeRule(policy, rule.meta)
  byRule.set(rule, { setting, persona: policy.persona, active })
  return active
}
