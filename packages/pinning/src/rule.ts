import type { ActiveRule, Finding, RuleMeta } from '@pipeguard/policy'
import type { Repository } from '@pipeguard/workflow'

/** What an offline rule sees: the modelled repository (its root is where Dockerfiles, scripts and manifests live). */
export interface CheckContext {
  repository: Repository
}

/** An offline rule: its metadata and a function from the repository to findings at the active level. */
export interface OfflineRule {
  meta: RuleMeta
  check(context: CheckContext, rule: ActiveRule): Finding[]
}
