import { InputError, type Finding, type Policy } from '@pipeguard/policy'
import { compileRefnameChecker, type NameVerdict } from './engine.js'
import { refFromEvent, type EventRef } from './event-ref.js'
import { checkAmbiguousRefnames, type RefLookup } from './rules/ambiguous-refname.js'
import { REF_KINDS, type RefKind } from './subject.js'

export interface EventCheckInput {
  eventName: string | undefined
  payload: unknown
  /** Further names to check, one a line (the action's `names` input). */
  names: string
  /** Kind of those names: branch, tag or ref; empty means branch. */
  kind: string
  policy: Policy
  /** Repository refs, for ambiguous-refname; undefined skips that online rule. */
  lookup?: RefLookup
}

export interface EventCheckResult {
  /** The ref of the event, when it has one. */
  eventRef: EventRef | undefined
  /** The event's ref first, then the extra names, in input order. */
  names: NameVerdict[]
  findings: Finding[]
  /** Safe name of the event's ref (else of the first extra name; empty when there is none). */
  safeName: string
}

/** Checks the ref an event is about, read from its payload, and any extra names. */
export async function checkEventRefnames(input: EventCheckInput): Promise<EventCheckResult> {
  const kind = (input.kind === '' ? 'branch' : input.kind) as RefKind
  if (!REF_KINDS.includes(kind)) throw new InputError(`input 'kind' must be one of ${REF_KINDS.join(', ')}, got '${input.kind}'`)
  const eventRef = refFromEvent(input.eventName, input.payload)
  const names: NameVerdict[] = []
  if (eventRef !== undefined) names.push(compileRefnameChecker(input.policy, { kind: eventRef.kind, allowOnelevel: true })(eventRef.name))
  const check = compileRefnameChecker(input.policy, { kind, allowOnelevel: true })
  for (const line of input.names.split('\n')) {
    const name = line.replace(/\r$/, '')
    if (name.trim() !== '') names.push(check(name))
  }
  const findings = names.flatMap((verdict) => verdict.findings)
  if (input.lookup !== undefined) findings.push(...(await checkAmbiguousRefnames(names, input.policy, input.lookup)))
  return { eventRef, names, findings, safeName: names[0]?.safeName ?? '' }
}
