import { POPULAR_OWNERS } from '../known-actions.js'
import type { Step } from '@pipeguard/workflow'
import type { AuditContext, AuditRule } from '../rule.js'
import { unitSteps } from '../steps.js'

const OWNERS = new Map(POPULAR_OWNERS.map((owner) => [owner.toLowerCase(), owner]))
/** The owners a near miss is checked against, in the order of the list (the first match is reported). */
const CANDIDATES = [...OWNERS.keys()].filter((candidate) => candidate.length >= 5)
const HOMOGLYPHS: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  $: 's',
  '@': 'a',
  '!': 'i',
  '|': 'l',
}

/** The popular owner this one imitates, if any: a near miss or a homoglyph spelling of it. */
export function imitatedOwner(owner: string): string | undefined {
  const lower = owner.toLowerCase()
  if (verdicts.has(lower)) return verdicts.get(lower)
  const verdict = judge(lower)
  verdicts.set(lower, verdict)
  return verdict
}

const verdicts = new Map<string, string | undefined>()

function judge(lower: string): string | undefined {
  if (OWNERS.has(lower)) return undefined
  let plain = ''
  for (const char of lower) plain += HOMOGLYPHS[char] ?? char
  if (OWNERS.has(plain)) return OWNERS.get(plain)
  if (lower.length < 5) return undefined
  for (let index = 0; index < CANDIDATES.length; index++) {
    if (withinOneTypo(lower, CANDIDATES[index]!)) return OWNERS.get(CANDIDATES[index]!)
  }
  return undefined
}

/** True when a and b differ by exactly one insertion, deletion, substitution or swap of neighbours: O(length). */
export function withinOneTypo(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length - 1
  let endB = b.length - 1
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--
    endB--
  }
  const restA = endA - start + 1
  const restB = endB - start + 1
  if (restA <= 1 && restB <= 1) return true
  return restA === 2 && restB === 2 && a[start] === b[start + 1] && a[start + 1] === b[start]
}

function checkUses({ ref, node }: NonNullable<Step['uses']>, context: AuditContext): void {
  if (ref.kind !== 'repository') return
  const imitated = imitatedOwner(ref.owner)
  if (imitated === undefined) return
  context.report({
    start: node.start,
    end: node.end,
    message: `the owner '${ref.owner}' is one typo away from '${imitated}', a well-known publisher: this may be a typosquat that runs someone else's code with your token and secrets. Check the spelling.`,
  })
}

export const typosquatUses: AuditRule = {
  meta: {
    id: 'typosquat-uses',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'uses: an owner whose name imitates a well-known action publisher',
    help: "Attackers register names one typo away from popular publishers (actoins/checkout, dokcer/login-action) and wait. Check the owner's spelling; if the action is what you meant, pin it by SHA and allow it in the policy (forbidden-uses allow list).",
    examples: {
      bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actoins/checkout@v4\n',
      good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
    },
  },
  check(unit, context) {
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) {
      const uses = steps[index]!.step.uses
      if (uses !== undefined) checkUses(uses, context)
    }
    if (unit.kind !== 'workflow') return
    const jobs = unit.workflow.jobs
    for (let index = 0; index < jobs.length; index++) if (jobs[index]!.uses !== undefined) checkUses(jobs[index]!.uses!, context)
  },
}
