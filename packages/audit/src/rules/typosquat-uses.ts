import { POPULAR_OWNERS } from '../known-actions.js'
import type { AuditRule } from '../rule.js'
import { unitSteps } from '../steps.js'

const OWNERS = new Map(POPULAR_OWNERS.map((owner) => [owner.toLowerCase(), owner]))
const HOMOGLYPHS: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '$': 's', '@': 'a', '!': 'i', '|': 'l' }

/** Optimal string alignment distance: edits plus swaps of neighbours (dokcer → docker is one). */
export function typoDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
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
  const plain = [...lower].map((char) => HOMOGLYPHS[char] ?? char).join('')
  if (OWNERS.has(plain)) return OWNERS.get(plain)
  if (lower.length < 5) return undefined
  neighbours ??= neighbourIndex()
  return neighbours.get(lower)
}

let neighbours: Map<string, string> | undefined
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-_.'

/** Every name one edit or one swap away from a popular owner (of 5+ letters), mapped to that owner. */
function neighbourIndex(): Map<string, string> {
  const index = new Map<string, string>()
  for (const [candidate, original] of OWNERS) {
    if (candidate.length < 5) continue
    const add = (variant: string): void => {
      if (variant !== candidate && !OWNERS.has(variant) && !index.has(variant)) index.set(variant, original)
    }
    for (let i = 0; i <= candidate.length; i++) {
      if (i < candidate.length) add(candidate.slice(0, i) + candidate.slice(i + 1))
      if (i + 1 < candidate.length) add(candidate.slice(0, i) + candidate[i + 1] + candidate[i] + candidate.slice(i + 2))
      for (const char of ALPHABET) {
        if (i < candidate.length) add(candidate.slice(0, i) + char + candidate.slice(i + 1))
        add(candidate.slice(0, i) + char + candidate.slice(i))
      }
    }
  }
  return index
}

export const typosquatUses: AuditRule = {
  meta: {
    id: 'typosquat-uses',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'uses: an owner whose name imitates a well-known action publisher',
    help: 'Attackers register names one typo away from popular publishers (actoins/checkout, dokcer/login-action) and wait. Check the owner\'s spelling; if the action is what you meant, pin it by SHA and allow it in the policy (forbidden-uses allow list).',
    examples: {
      bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actoins/checkout@v4\n',
      good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
    },
  },
  check(unit, context) {
    const uses = [...[...unitSteps(unit)].flatMap(({ step }) => (step.uses === undefined ? [] : [step.uses]))]
    if (unit.kind === 'workflow') for (const job of unit.workflow.jobs) if (job.uses !== undefined) uses.push(job.uses)
    for (const { ref, node } of uses) {
      if (ref.kind !== 'repository') continue
      const imitated = imitatedOwner(ref.owner)
      if (imitated === undefined) continue
      context.report({
        start: node.start,
        end: node.end,
        message: `the owner '${ref.owner}' is one typo away from '${imitated}', a well-known publisher: this may be a typosquat that runs someone else's code with your token and secrets. Check the spelling.`,
      })
    }
  },
}
