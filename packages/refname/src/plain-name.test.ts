import { describe, expect, it } from '@jest/globals'
import { branchNameProblem, plainNameProblem, refFormatProblem, tagNameProblem, type RefFormatFlags } from './git-grammar.js'
import { subjectOf, type RefKind } from './subject.js'

// Every sequence of up to 4 of these pieces: dots, slashes, dashes, '.lock', HEAD, '@' and '*' in every position.
const PIECES = ['a', '.', '/', '-', '.lock', 'HEAD', '@', 'Z9_', '*', 'lock']

function sequences(depth: number): string[] {
  let level = ['']
  const all: string[] = []
  for (let round = 0; round < depth; round++) {
    level = level.flatMap((prefix) => PIECES.map((piece) => prefix + piece))
    all.push(...level)
  }
  return all
}

const NAMES = ['', ...sequences(4)]
const MODES: [RefKind, RefFormatFlags][] = [
  ['branch', {}],
  ['tag', {}],
  ['ref', {}],
  ['ref', { allowOnelevel: true }],
  ['ref', { refspecPattern: true }],
]

function fullProblem(name: string, kind: RefKind, flags: RefFormatFlags): ReturnType<typeof refFormatProblem> {
  if (kind === 'branch') return branchNameProblem(name)
  if (kind === 'tag') return tagNameProblem(name)
  return refFormatProblem(name, flags)
}

describe('the plain-name pre-scan', () => {
  it.each(MODES)('gives exactly the full grammar verdict for every name it calls plain (--kind %s %j)', (kind, flags) => {
    let plain = 0
    for (const name of NAMES) {
      const subject = subjectOf(name, kind)
      expect(subjectOf(Buffer.from(name, 'latin1'), kind).plain).toBe(subject.plain)
      if (subject.plain !== true) continue
      plain++
      expect([name, plainNameProblem(name, kind, flags)]).toEqual([name, fullProblem(name, kind, flags)])
    }
    console.log(`plain pre-scan, --kind ${kind} ${JSON.stringify(flags)}: ${plain} of ${NAMES.length} names plain, all as the full grammar`)
    expect(plain).toBeGreaterThan(500)
  })

  it.each([
    ['feature/login-page_2', true],
    ['HEAD', true],
    ['main', true],
    ['a/b.c/d', true],
    ['', false],
    ['-x', false],
    ['.x', false],
    ['x.', false],
    ['/x', false],
    ['x/', false],
    ['a//b', false],
    ['a..b', false],
    ['a/.b', false],
    ['a./b', false],
    ['a.lock', false],
    ['a.lock/b', false],
    ['a.locked', false],
    ['a b', false],
    ['a$b', false],
    ['a@b', false],
    ['é', false],
  ])('%j plain: %s', (name, expected) => {
    expect(subjectOf(name, 'branch').plain).toBe(expected)
  })
})
