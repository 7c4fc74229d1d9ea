import { activeRule, compareFindings, type Finding, type Policy } from '@pipeguard/policy'
import type { Repository } from '@pipeguard/workflow'
import { offlineRules } from './rules/index.js'

export interface PinCheckResult {
  findings: Finding[]
}

/** The offline pinning check: every enabled offline rule over the repository (no network, no token). */
export function runPinCheck(repository: Repository, policy: Policy): PinCheckResult {
  const findings: Finding[] = []
  for (const rule of offlineRules) {
    const active = activeRule(policy, rule.meta)
    if (active !== undefined) findings.push(...rule.check({ repository }, active))
  }
  return { findings: findings.sort(compareFindings) }
}
