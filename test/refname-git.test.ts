import { describe, expect, it } from '@jest/globals'
import { defaultPolicy } from '@pipeguard/policy'
import { collapseSlashes, compileRefnameChecker, type RefnameOptions } from '@pipeguard/refname'
import { generateRefNames, gitCheckRefFormat } from '@pipeguard/test-kit'

const COUNT = 5000

interface Mode {
  title: string
  gitFlags: string[]
  options: RefnameOptions
  /** What git is given for a name (tags: git tag checks refs/tags/<name>). */
  gitName?: (name: Buffer) => Buffer
}

const MODES: Mode[] = [
  { title: 'check-ref-format', gitFlags: [], options: { kind: 'ref' } },
  { title: 'check-ref-format --allow-onelevel', gitFlags: ['--allow-onelevel'], options: { kind: 'ref', allowOnelevel: true } },
  { title: 'check-ref-format --refspec-pattern', gitFlags: ['--refspec-pattern'], options: { kind: 'ref', refspecPattern: true } },
  {
    title: 'check-ref-format --allow-onelevel --refspec-pattern',
    gitFlags: ['--allow-onelevel', '--refspec-pattern'],
    options: { kind: 'ref', allowOnelevel: true, refspecPattern: true },
  },
  { title: 'check-ref-format --normalize', gitFlags: ['--normalize'], options: { kind: 'ref', normalize: true } },
  { title: 'check-ref-format --branch', gitFlags: ['--branch'], options: { kind: 'branch' } },
  {
    title: 'tag names (git tag checks refs/tags/<name>)',
    gitFlags: [],
    options: { kind: 'tag' },
    gitName: (name) => Buffer.concat([Buffer.from('refs/tags/'), name]),
  },
]

function printable(name: Buffer): string {
  return JSON.stringify(name.toString('latin1'))
}

describe('refname agrees with the real git check-ref-format (git 2.39 on this machine)', () => {
  for (const [index, mode] of MODES.entries()) {
    it(`gives git's verdict on ${COUNT} generated names: ${mode.title}`, async () => {
      // check-ref-format reads a leading '-' as an option, and git tag rejects it before the grammar: the
      // branch mode is the one that can take such names as they are.
      const names = generateRefNames(COUNT, { seed: 1000 + index, noLeadingDash: mode.options.kind !== 'branch' })
      const git = await gitCheckRefFormat(
        names.map((name) => mode.gitName?.(name) ?? name),
        mode.gitFlags,
      )
      const check = compileRefnameChecker(defaultPolicy(), mode.options)
      const disagreements: string[] = []
      let valid = 0
      for (const [position, name] of names.entries()) {
        const verdict = check(name)
        const answer = git[position]!
        if (answer.code === 0) valid++
        if (verdict.valid !== (answer.code === 0)) {
          disagreements.push(`${printable(name)}: git exit ${answer.code}, pipeguard valid=${verdict.valid}`)
          continue
        }
        if (mode.options.normalize && answer.code === 0) {
          const expected = answer.stdout.toString('latin1').replace(/\n$/, '')
          const ours = Buffer.from(collapseSlashes(name.toString('latin1')), 'latin1').toString('latin1')
          if (ours !== expected)
            disagreements.push(`${printable(name)}: git prints ${JSON.stringify(expected)}, pipeguard ${JSON.stringify(ours)}`)
          if (verdict.normalized === undefined) disagreements.push(`${printable(name)}: no normalized name in the verdict`)
        }
      }
      console.log(`refname vs git (${mode.title}): ${names.length} names, ${valid} valid per git, ${disagreements.length} disagreements`)
      expect(disagreements.slice(0, 20)).toEqual([])
      // The generator must exercise both outcomes, or agreement would mean little.
      expect(valid).toBeGreaterThan(COUNT * 0.1)
      expect(valid).toBeLessThan(COUNT * 0.9)
    }, 180_000)
  }
})
