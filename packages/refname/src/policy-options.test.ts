import { describe, expect, it } from '@jest/globals'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError, loadPolicy } from '@pipeguard/policy'
import { refnameRules } from './rules/index.js'

function load(yaml: string) {
  const root = mkdtempSync(join(tmpdir(), 'refname-policy-'))
  writeFileSync(join(root, 'pipeguard.yml'), yaml)
  return () => loadPolicy({ root, file: join(root, 'pipeguard.yml'), rules: refnameRules })
}

describe('refname options in the policy file', () => {
  it('accepts every documented option', async () => {
    const policy = await load(
      [
        'version: 1',
        'rules:',
        '  dangerous-refname: { max-bytes: 200 }',
        '  unicode-refname: { allow-non-ascii: false }',
        '  refname-policy:',
        '    branch: { allow: ["feature/*"], deny: ["/wip/"], exempt: [main], prefixes: [feature/], characters: "a-z0-9/-", case: lower, max-length: 60, reserved: [HEAD] }',
        '    tag: { semver: { v-prefix: required, prerelease: false, build: false } }',
        '',
      ].join('\n'),
    )()
    expect(policy.rules['refname-policy']?.options.tag).toEqual({ semver: { 'v-prefix': 'required', prerelease: false, build: false } })
  })

  it.each([
    ['a wrong case value', '  refname-policy: { branch: { case: camel } }'],
    ['an unknown kind option', '  refname-policy: { branch: { prefix: [feature/] } }'],
    ['a negative max-bytes', '  dangerous-refname: { max-bytes: -1 }'],
    ['a wrong semver v-prefix', '  refname-policy: { tag: { semver: { v-prefix: maybe } } }'],
  ])('rejects %s with the file and line', async (_title, line) => {
    let error: unknown
    try {
      await load(`version: 1\nrules:\n${line}\n`)()
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).describe()).toMatch(/pipeguard\.yml:3:\d+: /)
  })
})
