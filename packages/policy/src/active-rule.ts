import type { Level } from './finding.js'
import type { Policy } from './policy.js'
import type { RuleMeta } from './rule.js'

/** A rule as the policy enables it: its effective level and its options with defaults filled in. */
export interface ActiveRule {
  meta: RuleMeta
  level: Level
  options: Record<string, unknown>
}

/**
 * The rule's effective setting, or undefined when it is off. A rule that is off by default is enabled, at
 * `warning`, by configuring any option for it; pedantic rules need the pedantic persona or an explicit level.
 */
export function activeRule(policy: Policy, meta: RuleMeta): ActiveRule | undefined {
  const setting = policy.rules[meta.id]
  let level = setting?.level
  if (level === undefined) {
    if (meta.persona === 'pedantic' && policy.persona !== 'pedantic') level = 'off'
    else if (meta.level === 'off') level = setting !== undefined && Object.keys(setting.options).length > 0 ? 'warning' : 'off'
    else level = meta.level
    if (meta.persona === 'pedantic' && policy.persona === 'pedantic' && meta.level === 'off') level = 'warning'
  }
  if (level === 'off') return undefined
  const options: Record<string, unknown> = {}
  for (const [key, schema] of Object.entries(meta.options ?? {})) {
    if ('default' in schema) options[key] = structuredClone(schema.default)
  }
  Object.assign(options, setting?.options)
  return { meta, level, options }
}

/** Every enabled rule of a list, in list order. */
export function activeRules(policy: Policy, metas: readonly RuleMeta[]): ActiveRule[] {
  return metas.map((meta) => activeRule(policy, meta)).filter((rule): rule is ActiveRule => rule !== undefined)
}
