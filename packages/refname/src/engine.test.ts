import { describe, expect, it } from '@jest/globals'
import { defaultPolicy, type Policy } from '@pipeguard/policy'
import { checkRefnames, compileRefnameChecker, type RefnameOptions } from './engine.js'

function policyWith(rules: Policy['rules']): Policy {
  return { ...defaultPolicy(), rules }
}

function findings(name: string | Uint8Array, options: RefnameOptions = { kind: 'branch' }, policy = defaultPolicy()) {
  return compileRefnameChecker(policy, options)(name).findings.map((finding) => `${finding.ruleId}: ${finding.message}`)
}

function ids(name: string | Uint8Array, options: RefnameOptions = { kind: 'branch' }, policy = defaultPolicy()): string[] {
  return compileRefnameChecker(policy, options)(name).findings.map((finding) => finding.ruleId)
}

describe('invalid-refname', () => {
  it('names the broken rule and its position', () => {
    expect(findings('feature..login')).toEqual([
      "invalid-refname: 'feature..login' is not a valid branch name: it contains '..' (git reads it as a revision range) at position 8; git refuses to create it, so rename it",
    ])
  })

  it('suggests --allow-onelevel for a one-level full name', () => {
    expect(findings('main', { kind: 'ref' })[0]).toContain('--allow-onelevel')
    expect(ids('main', { kind: 'ref', allowOnelevel: true })).toEqual([])
  })

  it('reports the normalized name under --normalize', () => {
    const verdict = compileRefnameChecker(defaultPolicy(), { kind: 'ref', normalize: true })('//refs//heads/x')
    expect(verdict).toMatchObject({ valid: true, normalized: 'refs/heads/x' })
  })

  it('is a verdict even when the rule is off', () => {
    const verdict = compileRefnameChecker(policyWith({ 'invalid-refname': { level: 'off', options: {} } }), { kind: 'branch' })('a..b')
    expect(verdict).toMatchObject({ valid: false, safe: true, findings: [] })
  })
})

describe('dangerous-refname', () => {
  it('reports shell metacharacters that git accepts, with ${IFS}', () => {
    const [message] = findings('zzz";echo${IFS}"hello";#')
    expect(message).toContain('dangerous-refname')
    expect(message).toContain('shell metacharacter "\\"" at position 4')
    expect(message).toContain('${IFS}')
  })

  it.each(['$(curl evil)', '`id`', 'a;b', 'a|b', 'a&b', 'a<b', 'a>b', 'a(b)', 'a{b}', "a'b", 'a"b', 'a!b'])('reports %j', (name) => {
    expect(ids(name)).toContain('dangerous-refname')
  })

  it('reports a backslash and a newline in full ref names too', () => {
    expect(ids('refs/heads/a\\b', { kind: 'ref' })).toEqual(['invalid-refname', 'dangerous-refname'])
    expect(ids('refs/heads/a\nb', { kind: 'ref' })).toEqual(['invalid-refname', 'dangerous-refname'])
  })

  it('reports a leading dash (option injection)', () => {
    expect(findings('-rf/x', { kind: 'ref' })).toEqual([expect.stringContaining("starts with '-'")])
  })

  it('reports a commit look-alike, also behind a BOM (actions/checkout#2521)', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567'
    expect(ids(sha)).toEqual(['dangerous-refname'])
    expect(ids(`\ufeff${sha}`)).toEqual(['dangerous-refname', 'unicode-refname'])
    expect(findings(`\ufeff${sha}`)[0]).toContain('behind invisible characters')
    expect(ids('a'.repeat(64))).toEqual(['dangerous-refname'])
    expect(ids('a'.repeat(41))).toEqual([])
  })

  it('reports branch and tag names starting with refs/', () => {
    expect(ids('refs/heads/main')).toEqual(['dangerous-refname'])
    expect(ids('refs/heads/main', { kind: 'ref' })).toEqual([])
  })

  it('reports names over 255 bytes, and honours max-bytes', () => {
    expect(ids(`a/${'b'.repeat(254)}`)).toEqual(['dangerous-refname'])
    expect(ids(`a/${'b'.repeat(253)}`)).toEqual([])
    expect(ids(`${'é'.repeat(128)}`)).toEqual(['dangerous-refname'])
    const strict = policyWith({ 'dangerous-refname': { options: { 'max-bytes': 10 } } })
    expect(ids('feature/abcd', { kind: 'branch' }, strict)).toEqual(['dangerous-refname'])
  })
})

describe('unicode-refname', () => {
  it.each([
    ['bidi control', 'main\u202e/x', 'bidirectional control U+202E at position 5'],
    ['isolate', 'a\u2066b', 'U+2066'],
    ['zero-width space', 'ma\u200bin', 'invisible character U+200B at position 3'],
    ['soft hyphen', 'ma\u00adin', 'U+00AD'],
    ['BOM', '\ufeffmain', 'U+FEFF'],
    ['non-NFC', 'cafe\u0301', 'not in Unicode NFC form'],
    ['Cyrillic look-alike', 'rel\u0435ase/1.0', "looks like 'release/1.0'"],
    ['mixed scripts', 'paypal\u03b1', 'mixes the scripts Latin and Greek'],
    ['whole-script look-alike', '\u0440\u0430\u0443\u0440\u0430l', "looks like 'paypal'"],
    ['fullwidth look-alike', '\uff4d\uff41\uff49\uff4e', "looks like 'main'"],
  ])('reports a %s', (_title, name, phrase) => {
    expect(findings(name).join('\n')).toContain(phrase)
  })

  it('reports bytes that are not UTF-8', () => {
    expect(findings(Buffer.from([0x61, 0x2f, 0xff]))).toEqual([expect.stringContaining("'a/\\xff' is not valid UTF-8")])
  })

  it('keeps a leading BOM of a name given as bytes', () => {
    const bytes = Buffer.from(`\ufeff${'a'.repeat(40)}`, 'utf8')
    expect(ids(bytes)).toEqual(['dangerous-refname', 'unicode-refname'])
  })

  it('reports a lone surrogate in a string as not UTF-8', () => {
    expect(findings('a\ud800b').join('\n')).toContain("'a\\u{D800}b' is not valid UTF-8")
  })

  it('accepts names in one script, and Japanese mixed with Latin', () => {
    expect(ids('機能/ログイン')).toEqual([])
    expect(ids('feature/ログイン画面')).toEqual([])
    expect(ids('функция/вход')).toEqual([])
    expect(ids('café')).toEqual([])
  })

  it('accepts ASCII names only with allow-non-ascii: false', () => {
    const ascii = policyWith({ 'unicode-refname': { options: { 'allow-non-ascii': false } } })
    expect(ids('café', { kind: 'branch' }, ascii)).toEqual(['unicode-refname'])
    expect(ids('cafe', { kind: 'branch' }, ascii)).toEqual([])
  })
})

describe('refname-policy', () => {
  const policy = (branch: unknown, tag?: unknown): Policy =>
    policyWith({ 'refname-policy': { options: { branch, ...(tag === undefined ? {} : { tag }) } } })

  it('is off until the policy configures it, then warns', () => {
    expect(ids('anything')).toEqual([])
    const [finding] = compileRefnameChecker(policy({ prefixes: ['feature/'] }), { kind: 'branch' })('x').findings
    expect(finding?.level).toBe('warning')
  })

  it('requires a prefix (Conventional Branch), exempting main', () => {
    const conventional = policy({ prefixes: ['feature/', 'fix/', 'hotfix/', 'release/', 'chore/'] })
    expect(findings('my-change', { kind: 'branch' }, conventional)).toEqual([
      expect.stringContaining(
        "does not start with a required prefix (refname-policy branch.prefixes: feature/ fix/ hotfix/ release/ chore/); rename it, e.g. 'feature/my-change'",
      ),
    ])
    expect(ids('feature/my-change', { kind: 'branch' }, conventional)).toEqual([])
    expect(ids('main', { kind: 'branch' }, conventional)).toEqual([])
  })

  it('applies allow and deny globs and /regex/', () => {
    const rules = policy({ allow: ['feature/*', '/^JIRA-[0-9]+$/'], deny: ['**/wip*'] })
    expect(ids('feature/x', { kind: 'branch' }, rules)).toEqual([])
    expect(ids('JIRA-12', { kind: 'branch' }, rules)).toEqual([])
    expect(findings('other/x', { kind: 'branch' }, rules)).toEqual([expect.stringContaining('matches none of the allowed patterns')])
    expect(findings('feature/wip-1', { kind: 'branch' }, rules)).toEqual([expect.stringContaining('matches a denied pattern')])
  })

  it('applies deny even to exempt names', () => {
    expect(ids('main', { kind: 'branch' }, policy({ deny: ['main'] }))).toEqual(['refname-policy'])
  })

  it('checks the allowed characters and case', () => {
    expect(findings('feature/a_b', { kind: 'branch' }, policy({ characters: 'a-z0-9/-' }))).toEqual([
      expect.stringContaining('contains "_"'),
    ])
    expect(findings('feature/Login', { kind: 'branch' }, policy({ case: 'lower' }))).toEqual([
      expect.stringContaining("use 'feature/login'"),
    ])
    expect(ids('RELEASE', { kind: 'branch' }, policy({ case: 'upper' }))).toEqual([])
    expect(ids('Release', { kind: 'branch' }, policy({ case: 'upper' }))).toEqual(['refname-policy'])
  })

  it('checks the maximum length in characters', () => {
    expect(ids('feature/abc', { kind: 'branch' }, policy({ 'max-length': 10 }))).toEqual(['refname-policy'])
    expect(ids('feature/ab', { kind: 'branch' }, policy({ 'max-length': 10 }))).toEqual([])
  })

  it('checks semver tags with the v prefix, prerelease and build options', () => {
    const semver = (rule: unknown): Policy => policy(undefined, { semver: rule })
    const tag = { kind: 'tag' } as const
    expect(ids('v1.2.3', tag, semver(true))).toEqual([])
    expect(ids('1.2.3', tag, semver(true))).toEqual([])
    expect(ids('v1.2', tag, semver(true))).toEqual(['refname-policy'])
    expect(ids('release-1', tag, semver(true))).toEqual(['refname-policy'])
    expect(ids('1.2.3', tag, semver({ 'v-prefix': 'required' }))).toEqual(['refname-policy'])
    expect(ids('v1.2.3', tag, semver({ 'v-prefix': 'forbidden' }))).toEqual(['refname-policy'])
    expect(ids('v1.2.3-rc.1', tag, semver({}))).toEqual([])
    expect(ids('v1.2.3-rc.1', tag, semver({ prerelease: false }))).toEqual(['refname-policy'])
    expect(ids('v1.2.3+build.5', tag, semver({ build: false }))).toEqual(['refname-policy'])
    expect(ids('v01.2.3', tag, semver(true))).toEqual(['refname-policy'])
  })

  it('reports reserved names in any case, with defaults per kind', () => {
    expect(ids('Main', { kind: 'tag' }, policy(undefined, {}))).toEqual(['refname-policy'])
    expect(ids('stable', { kind: 'branch' }, policy({ reserved: ['stable'] }))).toEqual(['refname-policy'])
  })

  it('applies to full ref names by what they name', () => {
    const rules = policy({ prefixes: ['feature/'] })
    expect(ids('refs/heads/x/y', { kind: 'ref' }, rules)).toEqual(['refname-policy'])
    expect(ids('refs/heads/feature/y', { kind: 'ref' }, rules)).toEqual([])
  })

  it('rejects an invalid /regex/ as an input error', () => {
    expect(() => compileRefnameChecker(policy({ allow: ['/(/'] }), { kind: 'branch' })).toThrow(
      /refname-policy branch.allow: '\/\(\/' is not a valid regular expression/,
    )
  })
})

describe('verdicts', () => {
  it('keeps messages short for a huge name, and stays fast', () => {
    const started = performance.now()
    const verdict = compileRefnameChecker(defaultPolicy(), { kind: 'branch' })(`$${'a..b/'.repeat(200_000)}`)
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(verdict.findings.map((finding) => finding.ruleId)).toEqual(['invalid-refname', 'dangerous-refname', 'dangerous-refname'])
    for (const finding of verdict.findings) expect(finding.message.length).toBeLessThan(500)
    expect(verdict.findings[0]!.message).toContain("…' (1000001 characters)")
  })

  it('lists names in input order with a safe name', () => {
    const result = checkRefnames(['feature/Login', 'a..b', '$(id)'], defaultPolicy(), { kind: 'branch' })
    expect(result.names.map(({ name, valid, safe, safeName }) => ({ name, valid, safe, safeName }))).toEqual([
      { name: 'feature/Login', valid: true, safe: true, safeName: 'feature-login' },
      { name: 'a..b', valid: false, safe: false, safeName: 'a-b' },
      { name: '$(id)', valid: true, safe: false, safeName: 'id' },
    ])
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['invalid-refname', 'dangerous-refname'])
  })

  it('puts findings about a name at no file, line 1, with distinct fingerprints', () => {
    const [a, b] = checkRefnames(['$x', '$y'], defaultPolicy(), { kind: 'branch' }).findings
    expect(a).toMatchObject({ path: '', line: 1, column: 1 })
    expect(a?.fingerprint).not.toBe(b?.fingerprint)
  })

  it('keeps a name safe when its only findings are notes', () => {
    const notes = policyWith({ 'dangerous-refname': { level: 'note', options: {} } })
    expect(compileRefnameChecker(notes, { kind: 'branch' })('$x')).toMatchObject({ safe: true })
  })
})
