import { describe, expect, it } from '@jest/globals'
import { safeName } from './safe-name.js'

describe('safeName', () => {
  it.each([
    ['feature/Login-Page', 'feature-login-page'],
    ['zzz";echo${IFS}"hello";#', 'zzz-echo-ifs-hello'],
    ['-rf', 'rf'],
    ['..//x..', 'x'],
    ['café/über', 'cafe-uber'],
    ['v1.2.3', 'v1-2-3'],
  ])('%j -> %j', (name, slug) => {
    expect(safeName(name)).toBe(slug)
  })

  it('keeps slugs within 63 characters of [a-z0-9-] with no dash at either end', () => {
    const slug = safeName(`${'Ab-'.repeat(40)}`)
    expect(slug.length).toBeLessThanOrEqual(63)
    expect(slug).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/)
  })

  it('never returns an empty slug or one that looks like a commit SHA', () => {
    expect(safeName('ÄÖ'.replace(/./g, '€'))).toMatch(/^ref-[0-9a-f]{12}$/)
    expect(safeName(`\ufeff${'a'.repeat(40)}`)).toMatch(/^ref-[0-9a-f]{12}$/)
    expect(safeName('機能')).not.toBe(safeName('画面'))
  })
})
