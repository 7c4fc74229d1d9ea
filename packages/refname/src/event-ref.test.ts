import { describe, expect, it } from '@jest/globals'
import { refFromEvent } from './event-ref.js'

describe('refFromEvent', () => {
  it('reads the head branch of a pull request', () => {
    expect(refFromEvent('pull_request_target', { pull_request: { head: { ref: '$(id)' }, base: { ref: 'main' } } })).toEqual({
      kind: 'branch',
      name: '$(id)',
      source: 'pull_request.head.ref',
    })
  })

  it('reads the pushed ref as a branch or a tag', () => {
    expect(refFromEvent('push', { ref: 'refs/heads/feature/x' })).toMatchObject({ kind: 'branch', name: 'feature/x' })
    expect(refFromEvent('push', { ref: 'refs/tags/v1' })).toMatchObject({ kind: 'tag', name: 'v1' })
    expect(refFromEvent('push', { ref: 'refs/pull/1/merge' })).toMatchObject({ kind: 'ref', name: 'refs/pull/1/merge' })
  })

  it('reads create and delete events by ref_type', () => {
    expect(refFromEvent('create', { ref: 'v2', ref_type: 'tag' })).toEqual({ kind: 'tag', name: 'v2', source: 'ref' })
    expect(refFromEvent('delete', { ref: 'x', ref_type: 'branch' })).toEqual({ kind: 'branch', name: 'x', source: 'ref' })
  })

  it('reads workflow_run, merge_group and release events', () => {
    expect(refFromEvent('workflow_run', { workflow_run: { head_branch: 'b' } })).toMatchObject({ kind: 'branch', name: 'b' })
    expect(refFromEvent('merge_group', { merge_group: { head_ref: 'refs/heads/gh-readonly-queue/main/pr-1' } })).toMatchObject({
      kind: 'branch',
    })
    expect(refFromEvent('release', { release: { tag_name: 'v1.0.0' } })).toMatchObject({ kind: 'tag', name: 'v1.0.0' })
  })

  it('finds nothing in an event without a ref', () => {
    expect(refFromEvent('schedule', { schedule: '0 0 * * *' })).toBeUndefined()
    expect(refFromEvent(undefined, null)).toBeUndefined()
  })
})
