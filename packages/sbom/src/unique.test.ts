import { describe, expect, it } from '@jest/globals'
import ajvUcs2length from 'ajv/dist/runtime/ucs2length.js'
import { ucs2length } from '../validators/ucs2length.js'
import { unique } from '../validators/unique.js'

// JSON Schema equality: the definition uniqueItems uses (and what ajv's own pairwise check compares).
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => equal(item, b[index]))
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && equal(left[key], right[key]))
}
const pairwise = (items: readonly unknown[]): boolean =>
  items.every((item, index) => items.slice(index + 1).every((other) => !equal(item, other)))

// A small deterministic generator: few values, so that equal and almost-equal items are frequent.
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}
function value(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 1 ? 5 : 8))
  const names = ['bom-ref', 'ref', 'name', 'value', 'content', 'alg', 'x']
  switch (pick) {
    case 0:
      return ['a', 'b', 'c'][Math.floor(next() * 3)]
    case 1:
      return Math.floor(next() * 3)
    case 2:
      return [null, true, false][Math.floor(next() * 3)]
    case 3:
    case 4: {
      // Keys inserted in a random order: deep-equal objects need not list them alike.
      const object: Record<string, unknown> = {}
      const count = Math.floor(next() * 4)
      for (let index = 0; index < count; index++) object[names[Math.floor(next() * names.length)]!] = value(next, depth + 1)
      return object
    }
    default:
      return Array.from({ length: Math.floor(next() * 3) }, () => value(next, depth + 1))
  }
}

describe('unique (uniqueItems in linear time)', () => {
  it('agrees with the pairwise JSON Schema definition on 20,000 generated lists', () => {
    const next = random(42)
    let duplicates = 0
    const disagreements: unknown[] = []
    for (let round = 0; round < 20_000; round++) {
      // Up to 15 items: lists of 8 or fewer are compared pair by pair, longer ones grouped by key.
      const items = Array.from({ length: Math.floor(next() * 16) }, () => value(next, 0))
      const expected = pairwise(items)
      if (!expected) duplicates++
      if (unique(items) !== expected) disagreements.push(items)
    }
    expect(disagreements).toEqual([])
    // Both verdicts are frequent, so the comparison means something.
    expect(duplicates).toBeGreaterThan(1_000)
    expect(duplicates).toBeLessThan(19_000)
  })

  it('keys objects by an identity field yet compares whole items: equal bom-refs alone are not duplicates', () => {
    expect(
      unique([
        { 'bom-ref': 'a', name: 'x' },
        { 'bom-ref': 'a', name: 'y' },
      ]),
    ).toBe(true)
    expect(
      unique([
        { 'bom-ref': 'a', name: 'x' },
        { name: 'x', 'bom-ref': 'a' },
      ]),
    ).toBe(false)
    expect(unique([{ ref: 'a' }, { 'bom-ref': 'a' }, 'a', { ref: 'b' }])).toBe(true)
    expect(unique([{ name: 'a' }, { ref: 'a' }, { name: 'a' }])).toBe(false)
    expect(unique([{ x: [1, { y: 2 }] }, { x: [1, { y: 2 }] }])).toBe(false)
    expect(unique(['a', 'b', 'a'])).toBe(false)
    expect(unique([1, '1'])).toBe(true)
  })
})

describe('ucs2length (minLength / maxLength in code points)', () => {
  it("counts as ajv's own ucs2length does, surrogate pairs and lone surrogates included", () => {
    const pieces = ['a', 'é', '\u{1F600}', '\uD83D', '\uDE00', ' ', '\u0000']
    const next = random(7)
    for (let round = 0; round < 5_000; round++) {
      const text = Array.from({ length: Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join('')
      expect([text, ucs2length(text)]).toEqual([text, ajvUcs2length.default(text)])
    }
  })
})
