/** YAML as lockfiles use it: every scalar a string (YAML's failsafe schema: `~` and empty values too), maps, sequences. */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue }

/** Where a YAML lockfile failed to parse. */
export interface YamlFailure {
  message: string
  line: number
  column: number
}

/**
 * The content lines of a text, without blank and comment lines, as parallel arrays (no string per line): line `i`
 * is `text.slice(start[i], end[i])`, after `indent[i]` spaces; `documents` are [first, limit) ranges of lines.
 */
interface Lines {
  text: string
  start: number[]
  end: number[]
  indent: number[]
  documents: [number, number][]
  /** Bounds the current document's lines while it is parsed. */
  limit: number
}

/** Thrown by the fast reader for anything outside the subset; the caller falls back to the full YAML parser. */
const OUTSIDE_SUBSET = new Error('outside the lockfile YAML subset')

let fullParser: typeof import('yaml') | undefined

/**
 * Thrown by parseLockfileYaml for a file outside the fast reader's subset while the full parser is not loaded:
 * await loadFullYamlParser() and parse again (readProjectGraphs does). The `yaml` package costs more to load than
 * the fast reader takes for a 500 kB lockfile, and lockfiles as pnpm and yarn write them never need it.
 */
export const FULL_YAML_PARSER_NEEDED = new Error('this YAML lockfile needs the full YAML parser: await loadFullYamlParser() first')

/** Loads the `yaml` package for the lockfiles outside the fast reader's subset. */
export async function loadFullYamlParser(): Promise<void> {
  fullParser ??= await import('yaml')
}

/**
 * Parses a YAML lockfile into its documents. pnpm and yarn berry write a small, regular subset of YAML (block
 * maps, scalar sequences, one-line flow collections, quoted keys); a reader for exactly that is ~10x faster than a
 * general parser on a 500 kB lockfile. Anything outside it (anchors, block scalars, tags, multi-line plain
 * scalars, duplicate keys) goes through the `yaml` package, which also gives the error positions (see
 * FULL_YAML_PARSER_NEEDED).
 */
export function parseLockfileYaml(text: string): { documents: YamlValue[] } | { error: YamlFailure } {
  try {
    const lines = splitLines(text)
    return { documents: lines.documents.map(([first, limit]) => parseDocument(lines, first, limit)) }
  } catch (error) {
    if (error !== OUTSIDE_SUBSET) throw error
  }
  if (fullParser === undefined) throw FULL_YAML_PARSER_NEEDED
  const documents = fullParser.parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false })
  const list = Array.isArray(documents) ? documents : [documents]
  for (const document of list) {
    const problem = document.errors[0]
    if (problem !== undefined) {
      const offset = problem.pos[0]
      const before = text.slice(0, offset)
      const line = before.split('\n').length
      return { error: { message: problem.message.split('\n')[0]!, line, column: offset - before.lastIndexOf('\n') } }
    }
  }
  return { documents: list.map((document) => document.toJS({ maxAliasCount: 10_000 }) as YamlValue) }
}

function splitLines(text: string): Lines {
  const lines: Lines = { text, start: [], end: [], indent: [], documents: [], limit: 0 }
  let first = 0
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0
  while (position <= text.length) {
    let newline = text.indexOf('\n', position)
    if (newline === -1) newline = text.length
    const end = newline > position && text.charCodeAt(newline - 1) === 13 /* \r */ ? newline - 1 : newline
    const lineStart = position
    position = newline + 1
    const c = text.charCodeAt(lineStart)
    if (c === 45 /* - */ && text.startsWith('---', lineStart) && (end - lineStart === 3 || text.charCodeAt(lineStart + 3) === 32)) {
      if (text.slice(lineStart, end).trim() !== '---') throw OUTSIDE_SUBSET
      if (lines.documents.length > 0 || lines.start.length > first) {
        lines.documents.push([first, lines.start.length])
        first = lines.start.length
      }
      continue
    }
    if (c === 46 /* . */ && end - lineStart === 3 && text.startsWith('...', lineStart)) throw OUTSIDE_SUBSET
    let content = lineStart
    while (content < end && text.charCodeAt(content) === 32) content++
    if (content === end) continue
    const head = text.charCodeAt(content)
    if (head === 35 /* # */) continue
    if (head === 9 /* tab */ || c === 37 /* % */) throw OUTSIDE_SUBSET
    lines.start.push(content)
    lines.end.push(end)
    lines.indent.push(content - lineStart)
  }
  lines.documents.push([first, lines.start.length])
  return lines
}

function parseDocument(lines: Lines, first: number, limit: number): YamlValue {
  if (first === limit) return null // an empty document, as the yaml package gives it
  if (lines.indent[first] !== 0) throw OUTSIDE_SUBSET
  lines.limit = limit
  const [value, next] = parseBlock(lines, first, 0)
  if (next !== limit) throw OUTSIDE_SUBSET
  return value
}

/** `-` alone or `- ...`: a block sequence item. */
function isItem(lines: Lines, index: number): boolean {
  const start = lines.start[index]!
  return lines.text.charCodeAt(start) === 45 && (start + 1 === lines.end[index] || lines.text.charCodeAt(start + 1) === 32)
}

function parseBlock(lines: Lines, start: number, indent: number): [YamlValue, number] {
  if (isItem(lines, start)) return parseSequence(lines, start, indent)
  return parseMap(lines, start, indent)
}

function parseSequence(lines: Lines, start: number, indent: number): [YamlValue, number] {
  const items: YamlValue[] = []
  let index = start
  while (index < lines.limit) {
    const lineIndent = lines.indent[index]!
    if (lineIndent < indent) break
    if (lineIndent > indent || !isItem(lines, index)) throw OUTSIDE_SUBSET
    const rest = lines.text.slice(lines.start[index]! + 1, lines.end[index]).trim()
    if (rest === '' || isKeyValue(rest)) throw OUTSIDE_SUBSET
    items.push(parseInlineValue(rest))
    index++
  }
  return [items, index]
}

function isKeyValue(text: string): boolean {
  if (text.startsWith('"') || text.startsWith("'") || text.startsWith('{') || text.startsWith('[')) return false
  return /:(?: |$)/.test(text)
}

function parseMap(lines: Lines, start: number, indent: number): [YamlValue, number] {
  const map: { [key: string]: YamlValue } = {}
  const { text } = lines
  let index = start
  while (index < lines.limit) {
    const lineIndent = lines.indent[index]!
    if (lineIndent < indent) break
    if (lineIndent > indent) throw OUTSIDE_SUBSET
    const lineStart = lines.start[index]!
    const lineEnd = lines.end[index]!
    // The key, and where its `:` is.
    let key: string
    let colon: number
    const first = text.charCodeAt(lineStart)
    if (first === 34 /* " */ || first === 39 /* ' */) {
      const [value, end] = readQuoted(text, lineStart, lineEnd)
      key = value
      colon = end
      if (text.charCodeAt(colon) !== 58 /* : */ || colon >= lineEnd) throw OUTSIDE_SUBSET
    } else {
      if (KEY_INDICATORS.has(first)) throw OUTSIDE_SUBSET
      colon = lineStart
      while (colon < lineEnd && !(text.charCodeAt(colon) === 58 && (colon + 1 === lineEnd || text.charCodeAt(colon + 1) === 32))) colon++
      if (colon === lineEnd) throw OUTSIDE_SUBSET
      key = text.slice(lineStart, colon).trimEnd()
    }
    if (Object.hasOwn(map, key)) throw OUTSIDE_SUBSET
    const rest = colon + 1 === lineEnd ? '' : stripComment(text.slice(colon + 1, lineEnd).trim())
    index++
    if (rest !== '') {
      map[key] = parseInlineValue(rest)
      continue
    }
    if (index < lines.limit && lines.indent[index]! > indent) {
      const [value, after] = parseBlock(lines, index, lines.indent[index]!)
      map[key] = value
      index = after
    } else if (index < lines.limit && lines.indent[index] === indent && isItem(lines, index)) {
      const [value, after] = parseSequence(lines, index, indent)
      map[key] = value
      index = after
    } else {
      map[key] = ''
    }
  }
  return [map, index]
}

/** Characters that start a key outside the subset: `? & * ! | > @ \` { [`. */
const KEY_INDICATORS = new Set([63, 38, 42, 33, 124, 62, 64, 96, 123, 91])

function stripComment(text: string): string {
  if (text.startsWith('"') || text.startsWith("'")) return text
  const hash = text.indexOf(' #')
  return hash === -1 ? text : text.slice(0, hash).trimEnd()
}

function parseInlineValue(text: string): YamlValue {
  const first = text[0]
  if (first === '"' || first === "'") {
    const [value, end] = readQuoted(text, 0, text.length)
    if (text.slice(end).trim() !== '' && !text.slice(end).trim().startsWith('#')) throw OUTSIDE_SUBSET
    return value
  }
  if (first === '{' || first === '[') {
    const [value, end] = readFlow(text, 0)
    if (text.slice(end).trim() !== '') throw OUTSIDE_SUBSET
    return value
  }
  if (
    first === '&' ||
    first === '*' ||
    first === '!' ||
    first === '|' ||
    first === '>' ||
    first === '%' ||
    first === '@' ||
    first === '`'
  ) {
    throw OUTSIDE_SUBSET
  }
  return text
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' }

/** A quoted scalar starting at `start` that must close before `end`; its value and the offset after the quote. */
function readQuoted(text: string, start: number, end: number): [string, number] {
  const quote = text[start]
  let index = start + 1
  let value = ''
  if (quote === "'") {
    for (;;) {
      const close = text.indexOf("'", index)
      if (close === -1 || close >= end) throw OUTSIDE_SUBSET
      value += text.slice(index, close)
      if (close + 1 < end && text.charCodeAt(close + 1) === 39) {
        value += "'"
        index = close + 2
        continue
      }
      return [value, close + 1]
    }
  }
  for (;;) {
    let at = index
    while (at < end && text.charCodeAt(at) !== 34 && text.charCodeAt(at) !== 92) at++
    if (at === end) throw OUTSIDE_SUBSET
    value += text.slice(index, at)
    if (text.charCodeAt(at) === 34) return [value, at + 1]
    const escape = at + 1 < end ? text[at + 1]! : undefined
    if (escape !== undefined && ESCAPES[escape] !== undefined) {
      value += ESCAPES[escape]
      index = at + 2
    } else if (escape === 'u' && at + 6 <= end && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(at + 2, at + 6), 16))
      index = at + 6
    } else {
      throw OUTSIDE_SUBSET
    }
  }
}

function skipSpaces(text: string, index: number): number {
  while (text.charCodeAt(index) === 32) index++
  return index
}

function readFlow(text: string, start: number): [YamlValue, number] {
  const open = text[start]
  const close = open === '{' ? '}' : ']'
  const map: { [key: string]: YamlValue } = {}
  const list: YamlValue[] = []
  let index = skipSpaces(text, start + 1)
  if (text[index] === close) return [open === '{' ? map : list, index + 1]
  for (;;) {
    if (open === '{') {
      let key: string
      if (text[index] === '"' || text[index] === "'") {
        ;[key, index] = readQuoted(text, index, text.length)
      } else {
        // The first `:` followed by a space, `,` or `}`.
        let colon = index
        for (; colon + 1 < text.length; colon++) {
          if (text.charCodeAt(colon) !== 58) continue
          const next = text.charCodeAt(colon + 1)
          if (next === 32 || next === 44 || next === 125) break
        }
        if (colon + 1 >= text.length) throw OUTSIDE_SUBSET
        key = text.slice(index, colon).trim()
        index = colon
      }
      if (text[index] !== ':' || Object.hasOwn(map, key)) throw OUTSIDE_SUBSET
      index = skipSpaces(text, index + 1)
      let value: YamlValue
      ;[value, index] = readFlowScalar(text, index, close)
      map[key] = value
    } else {
      let value: YamlValue
      ;[value, index] = readFlowScalar(text, index, close)
      list.push(value)
    }
    index = skipSpaces(text, index)
    if (text[index] === ',') {
      index = skipSpaces(text, index + 1)
      continue
    }
    if (text[index] === close) return [open === '{' ? map : list, index + 1]
    throw OUTSIDE_SUBSET
  }
}

function readFlowScalar(text: string, index: number, close: string): [YamlValue, number] {
  const first = text[index]
  if (first === '"' || first === "'") return readQuoted(text, index, text.length)
  if (first === '{' || first === '[') return readFlow(text, index)
  let end = index
  while (end < text.length && text[end] !== ',' && text[end] !== close) end++
  const raw = text.slice(index, end).trim()
  if (raw === '' || /^[&*!|>%@`]/.test(raw) || raw.includes(': ') || raw.includes(' #')) throw OUTSIDE_SUBSET
  return [raw, end]
}
