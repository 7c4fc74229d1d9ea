import type { RepositoryUses } from './references.js'

/** How strictly a reference must be pinned (zizmor's `unpinned-uses` policies). */
export type PinRequirement = 'hash-pin' | 'ref-pin' | 'any'

export const PIN_REQUIREMENTS: readonly PinRequirement[] = ['hash-pin', 'ref-pin', 'any']

type Entries = (readonly [pattern: string, requirement: string])[]

/** Lower-cased patterns in policy order, built once per (policies, allow) pair: the check asks once per `uses:`. */
interface Compiled {
  entries: Entries
  exact: Map<string, string>
  /** Answers so far, by the reference's name as written: a repository names the same actions again and again. */
  answers: Map<string, PinRequirement>
}

const compiled = new WeakMap<Record<string, string>, WeakMap<readonly string[], Compiled>>()

function compile(policies: Record<string, string>, allow: readonly string[]): Compiled {
  let byAllow = compiled.get(policies)
  if (byAllow === undefined) compiled.set(policies, (byAllow = new WeakMap()))
  let result = byAllow.get(allow)
  if (result === undefined) {
    const merged: Record<string, string> = { ...Object.fromEntries(allow.map((pattern) => [pattern, 'ref-pin'])), ...policies }
    const entries: Entries = Object.entries(merged).map(
      ([pattern, requirement]) => [pattern.toLowerCase().replace(/\/+$/, ''), requirement] as const,
    )
    const exact = new Map<string, string>()
    for (const [pattern, requirement] of entries) if (!exact.has(pattern)) exact.set(pattern, requirement)
    result = { entries, exact, answers: new Map() }
    byAllow.set(allow, result)
  }
  return result
}

/**
 * The requirement for a reference: the most specific matching pattern wins (`owner/repo/path`, then `owner/repo`,
 * then `owner/*`, then `*`). `allow` patterns mean `ref-pin`. Without a match: `hash-pin`.
 */
export function requirementFor(ref: RepositoryUses, policies: Record<string, string>, allow: readonly string[]): PinRequirement {
  const compiledPolicy = compile(policies, allow)
  const name = ref.path === undefined ? `${ref.owner}/${ref.repo}` : `${ref.owner}/${ref.repo}/${ref.path}`
  let answer = compiledPolicy.answers.get(name)
  if (answer === undefined) compiledPolicy.answers.set(name, (answer = matchRequirement(ref, compiledPolicy)))
  return answer
}

function matchRequirement(ref: RepositoryUses, { entries, exact }: Compiled): PinRequirement {
  const owner = ref.owner.toLowerCase()
  const repo = `${owner}/${ref.repo.toLowerCase()}`
  const full = ref.path === undefined ? repo : `${repo}/${ref.path.toLowerCase()}`
  // the full name: an exact pattern or an `owner/repo/dir/*` wildcard, whichever the policy lists first
  const hit = entries.find(
    ([pattern]) => pattern === full || (pattern.endsWith('/*') && full.startsWith(pattern.slice(0, -1)) && pattern.split('/').length > 2),
  )
  if (hit !== undefined) return hit[1] as PinRequirement
  for (const candidate of [repo, `${owner}/*`, '*']) {
    const requirement = exact.get(candidate)
    if (requirement !== undefined) return requirement as PinRequirement
  }
  return 'hash-pin'
}
