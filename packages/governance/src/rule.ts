import type { ActiveRule, Finding, RuleMeta } from '@pipeguard/policy'
import type { Repository } from '@pipeguard/workflow'

/** A governance rule: metadata plus a function from the repository model to findings. */
export interface GovernanceRule {
  meta: RuleMeta
  check(repository: Repository, rule: ActiveRule): Finding[]
}
