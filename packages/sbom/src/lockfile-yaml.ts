/** YAML as lockfiles use it: every scalar a string (YAML's failsafe schema: `~` and empty values too), maps, sequences. */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue }

/** Where a YAML lockfile failed to parse. */
export interface YamlFailure {
  message: string
  line: number
  column: number
}

interface Line {
  indent: number
  text: string
  number: number
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
    return { documents: splitDocuments(text).map(parseDocument) }
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

function splitDocuments(text: string): Line[][] {
  const documents: Line[][] = [[]]
  const raw = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let number = 0
  for (const source of raw.split('\n')) {
    number++
    const content = source.endsWith('\r') ? source.slice(0, -1) : source
    if (content === '---' || content.startsWith('--- ')) {
      if (content.trim() !== '---') throw OUTSIDE_SUBSET
      if (documents.length > 1 || documents[0]!.length > 0) documents.push([])
      continue
    }
    if (content === '...') throw OUTSIDE_SUBSET
    let indent = 0
    while (content.charCodeAt(indent) === 32) indent++
    if (indent === content.length || content.charCodeAt(indent) === 35 /* # */) continue
    if (content.charCodeAt(indent) === 9) throw OUTSIDE_SUBSET
    if (content.startsWith('%')) throw OUTSIDE_SUBSET
    documents[documents.length - 1]!.push({ indent, text: content.slice(indent), number })
  }
  return documents
}

function parseDocument(lines: Line[]): YamlValue {
  if (lines.length === 0) return null // an empty document, as the yaml package gives it
  if (lines[0]!.indent !== 0) throw OUTSIDE_SUBSET
  const [value, next] = parseBlock(lines, 0, 0)
  if (next !== lines.length) throw OUTSIDE_SUBSET
  return value
}

function parseBlock(lines: Line[], start: number, indent: number): [YamlValue, number] {
  const first = lines[start]!
  if (first.text === '-' || first.text.startsWith('- ')) return parseSequence(lines, start, indent)
  return parseMap(lines, start, indent)
}

function parseSequence(lines: Line[], start: number, indent: number): [YamlValue, number] {
  const items: YamlValue[] = []
  let index = start
  while (index < lines.length) {
    const line = lines[index]!
    if (line.indent < indent) break
    if (line.indent > indent || !(line.text === '-' || line.text.startsWith('- '))) throw OUTSIDE_SUBSET
    const rest = line.text.slice(1).trim()
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

function parseMap(lines: Line[], start: number, indent: number): [YamlValue, number] {
  const map: { [key: string]: YamlValue } = {}
  let index = start
  while (index < lines.length) {
    const line = lines[index]!
    if (line.indent < indent) break
    if (line.indent > indent) throw OUTSIDE_SUBSET
    const [key, rest] = splitKey(line.text)
    if (Object.hasOwn(map, key)) throw OUTSIDE_SUBSET
    index++
    if (rest !== '') {
      map[key] = parseInlineValue(rest)
      continue
    }
    const next = lines[index]
    if (next !== undefined && next.indent > indent) {
      const [value, after] = parseBlock(lines, index, next.indent)
      map[key] = value
      index = after
    } else if (next !== undefined && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) {
      const [value, after] = parseSequence(lines, index, indent)
      map[key] = value
      index = after
    } else {
      map[key] = ''
    }
  }
  return [map, index]
}

function splitKey(text: string): [string, string] {
  let key: string
  let position: number
  if (text.startsWith('"') || text.startsWith("'")) {
    const [value, end] = readQuoted(text, 0)
    key = value
    position = end
    if (text.charCodeAt(position) !== 58 /* : */) throw OUTSIDE_SUBSET
  } else {
    if (/^[?&*!|>@`{[]/.test(text)) throw OUTSIDE_SUBSET
    const match = /:(?: |$)/.exec(text)
    if (match === null) throw OUTSIDE_SUBSET
    key = text.slice(0, match.index).trimEnd()
    position = match.index
  }
  return [key, stripComment(text.slice(position + 1).trim())]
}

function stripComment(text: string): string {
  if (text.startsWith('"') || text.startsWith("'")) return text
  const hash = text.indexOf(' #')
  return hash === -1 ? text : text.slice(0, hash).trimEnd()
}

function parseInlineValue(text: string): YamlValue {
  const first = text[0]
  if (first === '"' || first === "'") {
    const [value, end] = readQuoted(text, 0)
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

function readQuoted(text: string, start: number): [string, number] {
  const quote = text[start]
  let index = start + 1
  let value = ''
  if (quote === "'") {
    for (;;) {
      const close = text.indexOf("'", index)
      if (close === -1) throw OUTSIDE_SUBSET
      value += text.slice(index, close)
      if (text[close + 1] === "'") {
        value += "'"
        index = close + 2
        continue
      }
      return [value, close + 1]
    }
  }
  for (;;) {
    const close = text.slice(index).search(/["\\]/)
    if (close === -1) throw OUTSIDE_SUBSET
    const at = index + close
    value += text.slice(index, at)
    if (text[at] === '"') return [value, at + 1]
    const escape = text[at + 1]
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' }
    if (escape !== undefined && simple[escape] !== undefined) {
      value += simple[escape]
      index = at + 2
    } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(at + 2, at + 6), 16))
      index = at + 6
    } else {
      throw OUTSIDE_SUBSET
    }
  }
}

function skipSpaces(text: string, index: number): number {
  while (text[index] === ' ') index++
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
        ;[key, index] = readQuoted(text, index)
      } else {
        const match = /:(?=[ ,}])/.exec(text.slice(index))
        if (match === null) throw OUTSIDE_SUBSET
        key = text.slice(index, index + match.index).trim()
        index += match.index
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
  if (first === '"' || first === "'") return readQuoted(text, index)
  if (first === '{' || first === '[') return readFlow(text, index)
  let end = index
  while (end < text.length && text[end] !== ',' && text[end] !== close) end++
  const raw = text.slice(index, end).trim()
  if (raw === '' || /^[&*!|>%@`]/.test(raw) || raw.includes(': ') || raw.includes(' #')) throw OUTSIDE_SUBSET
  return [raw, end]
}
