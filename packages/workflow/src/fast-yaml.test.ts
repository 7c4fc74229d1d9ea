import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { corpusPath, describeCorpus } from '@pipeguard/test-kit'
import { readingSuffix, readYamlFast } from './fast-yaml.js'
import { parseYaml, parseYamlFull, type ParsedYaml } from './parse-yaml.js'
import type { YamlNode } from './yaml-node.js'

const LIMIT = { maxExpandedNodes: 1_000_000 }

/**
 * A node tree as plain data, with every node met a second time (an alias) written as a reference to the first, so
 * that sharing is compared too.
 */
function shape(documents: readonly (YamlNode | null)[]): unknown {
  const seen = new Map<YamlNode, number>()
  const visit = (node: YamlNode | null): unknown => {
    if (node === null) return null
    const index = seen.get(node)
    if (index !== undefined) return { ref: index }
    seen.set(node, seen.size)
    const base = { kind: node.kind, start: node.start, end: node.end, anchor: node.anchor ?? null }
    switch (node.kind) {
      case 'scalar':
        return { ...base, value: node.value, style: node.style }
      case 'seq':
        return { ...base, items: node.items.map(visit) }
      case 'map':
        return { ...base, pairs: node.pairs.map((pair) => [visit(pair.key), visit(pair.value)]) }
    }
  }
  return documents.map(visit)
}

function fullShape(parsed: ParsedYaml): unknown {
  return parsed.problem === undefined ? shape(parsed.documents) : { problem: parsed.problem }
}

/** Reads `text` on the fast path, which must take it, and checks the result against yaml-ast-parser's. */
function readFast(text: string): (YamlNode | null)[] {
  const fast = readYamlFast(text, LIMIT)
  expect(fast).toBeDefined()
  expect(fast!.problem).toBeUndefined()
  expect(fullShape(fast!)).toEqual(fullShape(parseYamlFull(text)))
  return fast!.documents
}

function rootOf(text: string): YamlNode {
  const root = readFast(text)[0]
  if (root === null || root === undefined) throw new Error('no document')
  return root
}

function valueAt(node: YamlNode, key: string): YamlNode | null {
  if (node.kind !== 'map') throw new Error('not a map')
  const pair = node.pairs.find((candidate) => candidate.key.value === key)
  if (pair === undefined) throw new Error(`no key ${key}`)
  return pair.value
}

function scalarAt(node: YamlNode, key: string): { value: string; style: string; start: number; end: number } {
  const value = valueAt(node, key)
  if (value?.kind !== 'scalar') throw new Error(`${key} is not a scalar`)
  return { value: value.value, style: value.style, start: value.start, end: value.end }
}

describe('readYamlFast', () => {
  it('reads a block map with nested maps and sequences, with the offsets parseYaml reports', () => {
    const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make\n'
    const root = rootOf(text)
    const steps = valueAt(valueAt(valueAt(root, 'jobs')!, 'build')!, 'steps')!
    expect(steps.kind).toBe('seq')
    expect(text.slice(steps.start, steps.end)).toBe('- uses: actions/checkout@v4\n      - run: make\n')
    const runsOn = scalarAt(valueAt(valueAt(root, 'jobs')!, 'build')!, 'runs-on')
    expect(text.slice(runsOn.start, runsOn.end)).toBe('ubuntu-latest')
  })

  it('reads plain scalars over several lines, folding the line breaks', () => {
    const root = rootOf('name: a long\n  name over\n\n  lines # comment\nx: y\n')
    expect(scalarAt(root, 'name').value).toBe('a long name over\nlines')
  })

  it('keeps a colon or a hash inside a plain scalar when it is not a separator', () => {
    const root = rootOf('url: https://example.com/a#b\nimage: docker://alpine:3.20\n')
    expect(scalarAt(root, 'url').value).toBe('https://example.com/a#b')
    expect(scalarAt(root, 'image').value).toBe('docker://alpine:3.20')
  })

  it('reads single-quoted scalars with doubled quotes and line folding', () => {
    const root = rootOf("a: 'it''s'\nb: 'one\n  two\n\n  three'\n")
    expect(scalarAt(root, 'a')).toMatchObject({ value: "it's", style: 'single' })
    expect(scalarAt(root, 'b').value).toBe('one two\nthree')
  })

  it('reads double-quoted scalars with escapes, escaped line breaks and folding', () => {
    const root = rootOf('a: "tab\\there \\"q\\" \\x41\\u00e9\\U0001F600 \\\\"\nb: "one\\\n  two\n  three"\n')
    expect(scalarAt(root, 'a')).toMatchObject({ value: 'tab\there "q" Aé\u{1F600} \\', style: 'double' })
    expect(scalarAt(root, 'b').value).toBe('onetwo three')
  })

  it('reads literal block scalars with clip, strip and keep chomping', () => {
    const root = rootOf('clip: |\n  a\n  b\n\nstrip: |-\n  a\n\nkeep: |+\n  a\n\n\nlast: x\n')
    expect(scalarAt(root, 'clip')).toMatchObject({ value: 'a\nb\n', style: 'literal' })
    expect(scalarAt(root, 'strip').value).toBe('a')
    // yaml-ast-parser keeps one line break fewer than YAML 1.2 says ('a\n\n\n'); both paths agree on its reading.
    expect(scalarAt(root, 'keep').value).toBe('a\n\n')
  })

  it('reads folded block scalars, keeping more-indented lines', () => {
    const root = rootOf('f: >\n  one\n  two\n\n    indented\n  three\nnext: 1\n')
    expect(scalarAt(root, 'f')).toMatchObject({ value: 'one two\n\n  indented\nthree\n', style: 'folded' })
  })

  it('reads block scalars with an indentation indicator and a comment after the header', () => {
    const root = rootOf('run: |2 # keep leading spaces\n     indented\n    less\nnext: 1\n')
    // YAML 1.2 reads '   indented\n  less\n'; yaml-ast-parser adds a line break first, and both paths agree on it.
    expect(scalarAt(root, 'run').value).toBe('\n   indented\n  less\n')
  })

  it('reads block scalars that hold ${{ }} expressions and tabs in their content', () => {
    const root = rootOf('run: |\n  echo "${{ github.event.issue.title }}"\n  \tindented with a tab\n')
    expect(scalarAt(root, 'run').value).toBe('echo "${{ github.event.issue.title }}"\n\tindented with a tab\n')
  })

  it('reads flow sequences and flow maps, nested and over several lines', () => {
    const root = rootOf('on: [push, pull_request]\nwith: { a: 1, b: [x, "y"], c: {} }\nlist: [\n  one,\n  two,\n]\npairs: [a: b]\n')
    const on = valueAt(root, 'on')!
    expect(on.kind === 'seq' && on.items.map((item) => item?.kind === 'scalar' && item.value)).toEqual(['push', 'pull_request'])
    const pairs = valueAt(root, 'pairs')!
    expect(pairs.kind === 'seq' && pairs.items[0]?.kind).toBe('map')
  })

  it('reads comments everywhere a comment may be', () => {
    readFast('# head\non: # after key\n  push # after value\n# between\njobs: {} # end\n# tail\n')
  })

  it('reads empty values and empty sequence entries as null', () => {
    const root = rootOf('a:\nb: ~\nc:\n  -\n  - x\n')
    expect(valueAt(root, 'a')).toBeNull()
    expect(scalarAt(root, 'b').value).toBe('~')
    const c = valueAt(root, 'c')!
    expect(c.kind === 'seq' && c.items[0]).toBeNull()
  })

  it('resolves aliases to the anchored node itself', () => {
    const root = rootOf('x: &shared\n  runs-on: ubuntu-latest\ny: *shared\nz: &s hello\nw: *s\n')
    expect(valueAt(root, 'y')).toBe(valueAt(root, 'x'))
    expect(valueAt(root, 'x')?.anchor).toBe('shared')
    expect(valueAt(root, 'w')).toBe(valueAt(root, 'z'))
  })

  it('merges merge keys, explicit keys first and the first source winning', () => {
    const root = rootOf('base: &base\n  a: 1\n  b: 2\nmore: &more\n  b: 3\n  c: 4\njob:\n  <<: [*base, *more]\n  a: 0\n')
    const job = valueAt(root, 'job')!
    expect(
      job.kind === 'map' && job.pairs.map((pair) => `${pair.key.value}=${pair.value?.kind === 'scalar' ? pair.value.value : ''}`),
    ).toEqual(['b=2', 'c=4', 'a=0'])
  })

  it('reads document markers, several documents and a document end', () => {
    expect(readFast('---\na: 1\n...\n')).toHaveLength(1)
    expect(readFast('a: 1\n---\nb: 2\n')).toHaveLength(2)
    expect(readFast('--- |\n  text\n')).toHaveLength(1)
  })

  it('reads Windows line breaks, a missing final line break, an empty text and a text of comments', () => {
    readFast('on: push\r\njobs:\r\n  a:\r\n    run: |\r\n      x\r\n')
    readFast('a: 1')
    expect(readFast('')).toEqual([])
    readFast('# nothing here\n')
  })

  it('reads a text handed over with its reading suffix, and ignores a padded text that does not fit', () => {
    for (const text of ['a: 1', 'a: 1\n', 'a: 1\r\n', 'a: |\n  x', '']) {
      const plain = readYamlFast(text, LIMIT)
      expect(plain).toBeDefined()
      expect(readYamlFast(text, { ...LIMIT, padded: text + readingSuffix(text) })).toEqual(plain)
      expect(readYamlFast(text, { ...LIMIT, padded: `${text}\n\n\0` })).toEqual(plain)
    }
    expect(readingSuffix('a: 1')).toBe('\n\0')
    expect(readingSuffix('a: 1\r')).toBe('\0')
    expect(readingSuffix('')).toBe('\0')
  })

  it('reads text outside ASCII, including characters beyond the BMP', () => {
    expect(scalarAt(rootOf('name: "🚀 déploiement"\nx: ünïcode 🎉\n'), 'x').value).toBe('ünïcode 🎉')
  })

  it('reads the !!str tag, which leaves a scalar as it is', () => {
    const root = rootOf('a: !!str 1\nb: !!str "x"\nc: !!str |\n  y\nd: !!str &n 2\ne: &m !!str 3\nf: *n\n')
    expect(scalarAt(root, 'a')).toMatchObject({ value: '1', style: 'plain', start: 9 })
    expect(scalarAt(root, 'c')).toMatchObject({ value: 'y\n', style: 'literal' })
    expect(valueAt(root, 'f')).toBe(valueAt(root, 'd'))
  })

  it('reads a key followed by spaces before the colon, and quoted keys', () => {
    const root = rootOf('a   : 1\n"b c": 2\n\'d\': 3\n')
    expect(root.kind === 'map' && root.pairs.map((pair) => pair.key.value)).toEqual(['a', 'b c', 'd'])
  })
})

describe('repeated keys', () => {
  const cases: Record<string, [text: string, repeated: string]> = {
    'in a block map': ['a: 1\nb: 2\na: 3\n', 'a: 3'],
    'in a flow map': ['x: {a: 1, a: 2}\n', 'a: 2'],
    'inside a value, found before the repeat around it': ['a:\n  x: 1\n  x: 2\na: 3\n', 'x: 2'],
    'in a map large enough to keep a set of its keys': [
      `${Array.from({ length: 40 }, (_, index) => `job${index}: x`).join('\n')}\njob7: y\n`,
      'job7: y',
    ],
  }
  for (const [where, [text, repeated]] of Object.entries(cases)) {
    it(`reports one ${where} at the repeat, on the fast path as through yaml-ast-parser`, () => {
      const fast = readYamlFast(text, LIMIT)
      expect(fast?.problem).toEqual({ message: 'duplicate key', offset: text.lastIndexOf(repeated) })
      expect(parseYamlFull(text)).toEqual(fast)
    })
  }

  it('checks the keys of each map against that map alone, however maps nest', () => {
    const many = (indent: string): string => Array.from({ length: 20 }, (_, index) => `${indent}k${index}: x`).join('\n')
    const texts = [
      'a: 1\nb:\n  a: 2\n  b: 3\nc: 4\n',
      `${many('')}\nnested:\n${many('  ')}\n  deeper:\n${many('    ')}\nafter: 1\n`,
      'a: [{a: 1}, {a: 2}, b: {a: 3, b: 4}]\nb: {a: {a: 1}, b: 2}\n',
    ]
    for (const text of texts) {
      const fast = readYamlFast(text, LIMIT)
      expect(fast).toBeDefined()
      expect(fast?.problem).toBeUndefined()
      expect(parseYamlFull(text)).toEqual(fast)
    }
  })

  it('leaves a repeat in a text with aliases to yaml-ast-parser, which reports it the same way', () => {
    // With aliases, an expansion over the limit may be what the full path meets first.
    const text = 'b: &b {x: 1}\nc:\n  <<: *b\n  <<: *b\n'
    expect(readYamlFast(text, LIMIT)).toBeUndefined()
    expect(parseYaml(text)).toEqual({ documents: [], problem: { message: 'duplicate key', offset: text.lastIndexOf('<<') } })
  })

  it('finds a repeat among tens of thousands of keys on both paths, in linear time', () => {
    const jobs = Array.from({ length: 50_000 }, (_, index) => `  job${index}: { runs-on: x }`)
    const text = `on: push\njobs:\n${jobs.join('\n')}\n  job123: { runs-on: y }\n`
    const problem = { message: 'duplicate key', offset: text.lastIndexOf('job123') }
    expect(readYamlFast(text, LIMIT)?.problem).toEqual(problem)
    expect(parseYamlFull(text).problem).toEqual(problem)
  })
})

describe('readYamlFast gives up, and parseYaml still answers through yaml-ast-parser', () => {
  const givesUp: Record<string, string> = {
    'a tag other than !!str': 'a: !!int 1\n',
    'a custom tag': 'a: !Ref x\n',
    'a non-specific tag': 'a: ! 1\n',
    '!!str on a collection': 'a: !!str [1]\n',
    '!!str on nothing': 'a: !!str\n',
    '!!str on an alias': 'a: &x 1\nb: !!str *x\n',
    'two tags': 'a: !!str !!str 1\n',
    'a directive': '%YAML 1.2\n---\na: 1\n',
    'an explicit key': '? a\n: 1\n',
    'a byte order mark': '\uFEFFa: 1\n',
    'a tab between tokens': 'a:\t1\n',
    'an unclosed quote': 'a: "open\n',
    'an unclosed flow sequence': 'a: [1, 2\n',
    'bad indentation': 'a:\n  b: 1\n c: 2\n',
    'an unknown alias': 'a: *nowhere\n',
    'an alias to the node it is in': 'a: &x [*x]\n',
    'a control character': 'a: "\u0007"\n',
    'a key that is a flow map': '{a: 1}: 2\n',
    'an empty flow entry': 'a: [1, , 2]\n',
  }
  for (const [what, text] of Object.entries(givesUp)) {
    it(`on ${what}`, () => {
      expect(readYamlFast(text, LIMIT)).toBeUndefined()
      expect(fullShape(parseYaml(text))).toEqual(fullShape(parseYamlFull(text)))
    })
  }

  it('on an alias bomb, which parseYaml reports with the position', () => {
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level)
      const name = String.fromCharCode(97 + level)
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`)
    }
    const text = `${lines.join('\n')}\n`
    expect(readYamlFast(text, LIMIT)).toBeUndefined()
    const parsed = parseYaml(text)
    expect(parsed.problem?.message).toMatch(/alias bomb/)
    expect(parsed.problem?.offset).toBeGreaterThan(0)
  })

  it('reports an alias inside the node it names as a problem instead of recursing forever', () => {
    for (const text of ['a: &x [*x]\n', 'a: &x\n  b: *x\n', 'a: &x { b: [1, *x] }\n']) {
      const parsed = parseYaml(text)
      expect(parsed.problem?.message).toMatch(/alias \*x .*inside the node/)
      expect(text.slice(parsed.problem!.offset)).toMatch(/^\*x/)
    }
  })

  it('reports a syntax problem at the same offset as before', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: [x\n'
    expect(parseYaml(text)).toEqual(parseYamlFull(text))
    expect(parseYaml(text).problem).toBeDefined()
  })
})

describe('readYamlFast against yaml-ast-parser on generated texts', () => {
  // Pieces of YAML put together at random: whatever the fast path accepts must equal what yaml-ast-parser reads.
  const pieces = [
    ' ',
    '  ',
    '\n',
    '\n',
    '- ',
    '-',
    ':',
    ': ',
    ': ',
    '#',
    ' # c',
    '"q"',
    "'s'",
    '"a\\"b',
    "'it''s'",
    '|',
    '>',
    '|-',
    '>+',
    '|2',
    '[',
    ']',
    '{',
    '}',
    ', ',
    '&a ',
    '!!str ',
    '*a',
    '<<: *a',
    '\\',
    '---\n',
    '...\n',
    'key',
    'k2',
    'v',
    'x y',
    '\n  ',
    '\n    ',
    '&b ',
    '*b',
    'é',
    '${{ x }}',
    '"\n  cont"',
    "'\n  cont'",
    '~',
    'true',
    '\r\n',
    '[a, b]',
    '{a: 1}',
    '[a: b]',
  ]
  it('agrees on every text it accepts', () => {
    let seed = 20261122
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x7fffffff
    }
    let accepted = 0
    for (let round = 0; round < 20_000; round++) {
      let text = ''
      const count = 1 + Math.floor(random() * 14)
      for (let index = 0; index < count; index++) text += pieces[Math.floor(random() * pieces.length)]
      const fast = readYamlFast(text, LIMIT)
      if (fast === undefined) continue
      accepted++
      const expected = fullShape(parseYamlFull(text))
      if (JSON.stringify(fullShape(fast)) !== JSON.stringify(expected))
        expect({ text, fast: fullShape(fast) }).toEqual({ text, fast: expected })
    }
    // The generator makes plenty of valid YAML: the comparison above must have had something to compare.
    expect(accepted).toBeGreaterThan(3_000)
  })
})

describeCorpus('readYamlFast on the shared corpus', () => {
  const files: string[] = []
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.ya?ml$/.test(entry.name)) files.push(path)
    }
  }

  it('gives the same trees as yaml-ast-parser for every workflow, action and audit fixture, and takes nearly all', () => {
    walk(corpusPath('workflows'))
    walk(corpusPath('audit-fixtures'))
    expect(files.length).toBeGreaterThan(1_400)
    const fullOnly: string[] = []
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      const expected = fullShape(parseYamlFull(text))
      const fast = readYamlFast(text, LIMIT)
      if (fast === undefined) {
        fullOnly.push(file)
        continue
      }
      if (JSON.stringify(fullShape(fast)) !== JSON.stringify(expected))
        expect({ file, tree: fullShape(fast) }).toEqual({ file, tree: expected })
    }
    console.log(
      `fast YAML path: ${files.length - fullOnly.length} of ${files.length} corpus files; full path: ${fullOnly.join(', ') || 'none'}`,
    )
    expect(fullOnly.length).toBeLessThanOrEqual(5)
  })
})
