import { describe, expect, it } from '@jest/globals'
import { branchNameProblem, collapseSlashes, refFormatProblem, tagNameProblem } from './git-grammar.js'

describe('refFormatProblem follows refs.c check_refname_format', () => {
  it.each([
    ['refs/heads/main', undefined],
    ['', 'empty'],
    ['@', 'lone-at'],
    ['refs//x', 'empty-component'],
    ['refs/x/', 'empty-component'],
    ['/refs/x', 'empty-component'],
    ['refs/.x', 'leading-dot'],
    ['refs/a..b', 'double-dot'],
    ['refs/a@{b', 'at-brace'],
    ['refs/a\x01b', 'control-character'],
    ['refs/a\x7fb', 'control-character'],
    ['refs/a b', 'forbidden-character'],
    ['refs/a~1', 'forbidden-character'],
    ['refs/a^', 'forbidden-character'],
    ['refs/a:b', 'forbidden-character'],
    ['refs/a?', 'forbidden-character'],
    ['refs/a[b', 'forbidden-character'],
    ['refs/a\\b', 'forbidden-character'],
    ['refs/a*', 'asterisk'],
    ['refs/x.lock', 'lock-suffix'],
    ['refs/x.lock/y', 'lock-suffix'],
    ['refs/x.', 'trailing-dot'],
    ['main', 'one-level'],
    ['refs/@/x', undefined],
    ['refs/a.b/c', undefined],
    ['refs/é/🙂', undefined],
  ])('%j -> %s', (name, code) => {
    expect(refFormatProblem(name)?.code).toBe(code)
  })

  it('says where the problem is', () => {
    expect(refFormatProblem('refs/heads/a..b')).toEqual({ code: 'double-dot', index: 12 })
    expect(refFormatProblem('refs/x.lock')).toEqual({ code: 'lock-suffix', index: 6 })
  })

  it('accepts one-level names with allowOnelevel', () => {
    expect(refFormatProblem('main', { allowOnelevel: true })).toBeUndefined()
    expect(refFormatProblem('@', { allowOnelevel: true })?.code).toBe('lone-at')
  })

  it('accepts exactly one * in a refspec pattern, anywhere', () => {
    expect(refFormatProblem('refs/heads/*', { refspecPattern: true })).toBeUndefined()
    expect(refFormatProblem('refs/heads/feat*', { refspecPattern: true })).toBeUndefined()
    expect(refFormatProblem('refs/*/x*', { refspecPattern: true })?.code).toBe('asterisk')
  })

  it('collapses slashes as --normalize does', () => {
    expect(collapseSlashes('//refs///heads/x')).toBe('refs/heads/x')
    expect(collapseSlashes('refs/heads/x/')).toBe('refs/heads/x/')
  })
})

describe('branch and tag names', () => {
  it('rejects a leading dash and HEAD for branches, as git check-ref-format --branch does', () => {
    expect(branchNameProblem('-x')?.code).toBe('leading-dash')
    expect(branchNameProblem('HEAD')?.code).toBe('head')
    expect(branchNameProblem('main')).toBeUndefined()
    expect(branchNameProblem('@')).toBeUndefined()
    expect(branchNameProblem('')?.code).toBe('empty-component')
  })

  it('rejects a leading dash for tags but accepts HEAD, as git tag does', () => {
    expect(tagNameProblem('-v1')?.code).toBe('leading-dash')
    expect(tagNameProblem('v1.2.3')).toBeUndefined()
    expect(tagNameProblem('v1.2.3.lock')?.code).toBe('lock-suffix')
  })
})
