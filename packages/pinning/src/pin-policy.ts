import type { RepositoryUses } from './references.js'

/** How strictly a reference must be pinned (zizmor's `unpinned-uses` policies). */
export type PinRequirement = 'hash-pin' | 'ref-pin' | 'any'

export const PIN_REQUIREMENTS: readonly PinRequirement[] = ['hash-pin', 'ref-pin', 'any']

/**
 * The requirement for a reference: the most specific matching pattern wins (`owner/repo/path`, then `owner/repo`,
 * then `owner/*`, then `*`). `allow` patterns mean `ref-pin`. Without a match: `hash-pin`.
 */
export function requirementFor(ref: RepositoryUses, policies: Record<string, string>, allow: readonly string[]): PinRequirement {
  const merged: Record<string, string> = { ...Object.fromEntries(allow.map((pattern) => [pattern, 'ref-pin'])), ...policies }
  const owner = ref.owner.toLowerCase()
  const repo = `${owner}/${ref.repo.toLowerCase()}`
  const full = ref.path === undefined ? repo : `${repo}/${ref.path.toLowerCase()}`
  const entries = Object.entries(merged).map(([pattern, requirement]) => [pattern.toLowerCase().replace(/\/+$/, ''), requirement] as const)
  for (const candidate of [full, repo, `${owner}/*`, '*']) {
    const hit = entries.find(
      ([pattern]) =>
        pattern === candidate ||
        (candidate === full && pattern.endsWith('/*') && full.startsWith(pattern.slice(0, -1)) && pattern.split('/').length > 2),
    )
    if (hit !== undefined) return hit[1] as PinRequirement
  }
  return 'hash-pin'
}
