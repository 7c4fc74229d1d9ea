import { describe, expect, it } from '@jest/globals'
import { defaultPolicy, type Policy } from '@pipeguard/policy'
import { checkRefnames } from '../engine.js'
import { checkAmbiguousRefnames, type RefLookup } from './ambiguous-refname.js'

const lookup = (branches: string[], tags: string[]): RefLookup => ({
  branchExists: async (name) => branches.includes(name),
  tagExists: async (name) => tags.includes(name),
})

describe('ambiguous-refname', () => {
  it('reports a name that is both a branch and a tag, and marks it unsafe', async () => {
    const { names } = checkRefnames(['v1.2.0', 'main', 'refs/tags/v1.2.0'], defaultPolicy(), { kind: 'branch' })
    const findings = await checkAmbiguousRefnames(names, defaultPolicy(), lookup(['v1.2.0', 'main'], ['v1.2.0']))
    expect(findings.map((finding) => [finding.ruleId, finding.level, finding.message.slice(0, 40)])).toEqual([
      ['ambiguous-refname', 'warning', "'v1.2.0' is both a branch and a tag in t"],
    ])
    expect(names[0]).toMatchObject({ safe: false })
    expect(names[1]).toMatchObject({ safe: true })
  })

  it('looks up full ref names by their short name', async () => {
    const { names } = checkRefnames(['refs/heads/v1'], defaultPolicy(), { kind: 'ref' })
    expect(await checkAmbiguousRefnames(names, defaultPolicy(), lookup(['v1'], ['v1']))).toHaveLength(1)
  })

  it('does nothing when the rule is off, and fails loudly when the lookup fails', async () => {
    const off: Policy = { ...defaultPolicy(), rules: { 'ambiguous-refname': { level: 'off', options: {} } } }
    const { names } = checkRefnames(['x'], off, { kind: 'branch' })
    expect(await checkAmbiguousRefnames(names, off, lookup(['x'], ['x']))).toEqual([])
    const broken: RefLookup = { branchExists: async () => true, tagExists: async () => Promise.reject(new Error('HTTP 500')) }
    await expect(checkAmbiguousRefnames(names, defaultPolicy(), broken)).rejects.toThrow('HTTP 500')
  })
})
