import { splitRef, type RefKind } from './subject.js'

/** The ref an event is about, read from the event payload (never from an interpolated expression). */
export interface EventRef {
  kind: RefKind
  name: string
  /** Where in the payload it was read, e.g. `pull_request.head.ref`. */
  source: string
}

function field(payload: unknown, path: readonly string[]): unknown {
  let value = payload
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function text(payload: unknown, path: readonly string[]): string | undefined {
  const value = field(payload, path)
  return typeof value === 'string' ? value : undefined
}

function fromFullRef(ref: string, source: string): EventRef {
  const short = splitRef(ref)
  return short === undefined ? { kind: 'ref', name: ref, source } : { ...short, source }
}

/**
 * The attacker-relevant ref of an event: the head branch of a pull request (a fork chooses it), the pushed ref, the
 * created or deleted branch or tag, the head branch of a workflow run, the tag of a release. Undefined when the
 * event carries none (schedule, workflow_dispatch on the default branch, ...).
 */
export function refFromEvent(eventName: string | undefined, payload: unknown): EventRef | undefined {
  const head = text(payload, ['pull_request', 'head', 'ref'])
  if (head !== undefined && (eventName === undefined || eventName.startsWith('pull_request'))) {
    return { kind: 'branch', name: head, source: 'pull_request.head.ref' }
  }
  const runBranch = text(payload, ['workflow_run', 'head_branch'])
  if (runBranch !== undefined && (eventName === undefined || eventName === 'workflow_run')) {
    return { kind: 'branch', name: runBranch, source: 'workflow_run.head_branch' }
  }
  const mergeGroup = text(payload, ['merge_group', 'head_ref'])
  if (mergeGroup !== undefined) return fromFullRef(mergeGroup, 'merge_group.head_ref')
  const ref = text(payload, ['ref'])
  const refType = text(payload, ['ref_type'])
  if (ref !== undefined && (refType === 'branch' || refType === 'tag')) return { kind: refType, name: ref, source: 'ref' }
  if (ref !== undefined) return fromFullRef(ref, 'ref')
  const tag = text(payload, ['release', 'tag_name'])
  if (tag !== undefined) return { kind: 'tag', name: tag, source: 'release.tag_name' }
  return undefined
}
