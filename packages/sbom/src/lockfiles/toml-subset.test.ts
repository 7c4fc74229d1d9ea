import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'smol-toml'
import { corpusPath, describeCorpus } from '@pipeguard/test-kit'
import { OUTSIDE_TOML_SUBSET, parseTomlSubset } from './toml-subset.js'

// Both as JSON text: key order, numbers and strings compared exactly (both give tables without a prototype).
const reference = (text: string): string => {
  try {
    return JSON.stringify(parse(text))
  } catch {
    return 'error'
  }
}
const subset = (text: string): string => {
  try {
    return JSON.stringify(parseTomlSubset(text))
  } catch (error) {
    if (error === OUTSIDE_TOML_SUBSET) return 'outside'
    throw error
  }
}

const CASES = [
  'a = 1\nb = "x\\u00e9\\U0001F600\\t"\n[t]\nc = [1, 2,\n # c\n 3,]\nd = { e = "f", g.h = true }\n[[arr]]\nx = 1\n[[arr]]\nx = 2\n[arr.sub]\ny = 3\n',
  '[a.b]\nc = 1\n[a]\nd = 2\n',
  'description = """\nCargo, a package manager.\n"""\n[dependencies]\nanstream.workspace = true\n',
  "x = '''\n\\a '''\n",
  '"q k" = 1\n\'l\' = 2\nx = +5\ny = 1_000\n',
  'x = 1 # c\r\ny = 2',
]
// Outside the subset, each for its own reason (smol-toml then reads or rejects them).
const OUTSIDE = [
  '[a]\nb = 1\n[a]\nc = 2\n',
  'a = {b = 1}\n[a.c]\n',
  'a.b = 1\n[a]\n',
  'x = 1979-05-27\n',
  'x = 1.5\n',
  'x = -0\n',
  'x = 01\n',
  'x = 0x1f\n',
  'x = inf\n',
  'x = 9007199254740993\n',
  'x = "\\x"\n',
  'x = "a\nb"\n',
  'x = {a = 1,}\n',
  'x = [1 2]\n',
  '[[a]]\n[a]\n',
  'a = 1\na = 2\n',
  'x = """a""""\n',
  'x = """a\\\n  b"""\n',
  'x = 1\ry = 2\n',
]

describe('parseTomlSubset', () => {
  it('reads the subset exactly as smol-toml does', () => {
    for (const text of CASES) expect([text, subset(text)]).toEqual([text, reference(text)])
  })

  it('leaves everything else to smol-toml', () => {
    for (const text of OUTSIDE) expect([text, subset(text)]).toEqual([text, 'outside'])
  })
})

describeCorpus('parseTomlSubset on the corpus', () => {
  const files = [
    'uv/pydantic__pydantic/uv.lock',
    'uv/pydantic__pydantic/pyproject.toml',
    'cargo/rust-lang__cargo/Cargo.lock',
    'cargo/rust-lang__cargo/Cargo.toml',
    'poetry/python-poetry__poetry/poetry.lock',
    'poetry/python-poetry__poetry/pyproject.toml',
    'pipenv/pypa__pipenv/Pipfile',
  ]

  it.each(files)('reads %s as smol-toml does', (file) => {
    const text = readFileSync(corpusPath('lockfiles', file), 'utf8')
    expect(subset(text)).toBe(reference(text))
  })

  it('never reads a mutated corpus fragment differently from smol-toml (it may only leave it out)', () => {
    const lines = files
      .map((file) => readFileSync(corpusPath('lockfiles', file), 'utf8'))
      .join('\n')
      .split('\n')
    const pieces = [
      '"',
      "'",
      '=',
      ' = ',
      '#',
      '[',
      ']',
      '[[',
      ']]',
      '{',
      '}',
      ',',
      '.',
      '\n',
      '\\',
      '\\u00e9',
      '\\n',
      '1',
      '-',
      ':',
      'true',
      '\t',
      '\r',
      '\r\n',
      '"""',
      "'''",
      '_',
      '0',
      '+',
    ]
    let state = 11
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
      return state / 2_147_483_648
    }
    const disagreements: string[] = []
    let accepted = 0
    for (let round = 0; round < 20_000; round++) {
      const start = Math.floor(next() * (lines.length - 15))
      let chunk = lines.slice(start, start + 1 + Math.floor(next() * 14)).join('\n')
      for (let edit = Math.floor(next() * 3); edit > 0; edit--) {
        const at = Math.floor(next() * (chunk.length + 1))
        chunk = chunk.slice(0, at) + pieces[Math.floor(next() * pieces.length)]! + chunk.slice(at + (next() < 0.3 ? 1 : 0))
      }
      const mine = subset(chunk)
      if (mine === 'outside') continue
      accepted++
      if (mine !== reference(chunk)) disagreements.push(chunk)
    }
    expect(disagreements).toEqual([])
    expect(accepted).toBeGreaterThan(2_000)
  })
})
