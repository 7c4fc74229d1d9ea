import { describe, expect, it } from '@jest/globals'
import { didYouMean, editDistance } from './did-you-mean.js'

describe('didYouMean', () => {
  it('suggests the closest rule id for a typo', () => {
    expect(didYouMean('workflow-sise', ['workflow-size', 'workflow-count'])).toBe('workflow-size')
  })
  it('suggests nothing when no candidate is close', () => {
    expect(didYouMean('zzz', ['workflow-size', 'workflow-count'])).toBeUndefined()
  })
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })
})
