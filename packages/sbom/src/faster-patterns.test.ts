import { describe, expect, it } from '@jest/globals'
import { FASTER_PATTERNS } from '../validators/faster-patterns.js'

describe('FASTER_PATTERNS (schema patterns the validators check with an equivalent expression)', () => {
  it.each(Object.entries(FASTER_PATTERNS))('%s matches exactly the strings its replacement matches', (original, faster) => {
    const reference = new RegExp(original, 'u')
    const replacement = new RegExp(faster, 'u')
    const disagreements: string[] = []
    let matched = 0
    for (let length = 0; length <= 160; length++) {
      const hex = '0123456789abcdefABCDEF'.repeat(8).slice(0, length)
      const candidates = [hex, `${hex}\n`, ` ${hex}`]
      // One character that is not a hex digit, at every position.
      for (let position = 0; position < length; position++) {
        for (const bad of ['g', 'G', '-', ' ', 'é', '\u{1F600}']) candidates.push(hex.slice(0, position) + bad + hex.slice(position + 1))
      }
      for (const candidate of candidates) {
        const expected = reference.test(candidate)
        if (expected) matched++
        if (replacement.test(candidate) !== expected) disagreements.push(JSON.stringify(candidate))
      }
    }
    expect(disagreements).toEqual([])
    expect(matched).toBeGreaterThan(0)
  })
})
