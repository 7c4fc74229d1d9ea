/**
 * A reader for the TOML that lockfiles are written in (uv.lock, Cargo.lock, poetry.lock) and most manifests:
 * `[table]` and `[[array of tables]]` headers, bare / quoted / dotted keys, basic and literal strings,
 * multi-line strings, decimal integers, booleans, arrays (over several lines, with comments) and inline tables. It gives
 * the same values as smol-toml (tables without a prototype, integers as numbers) and throws OUTSIDE_TOML_SUBSET for
 * anything else (floats, dates, redefined tables, ...), which parseToml then hands to smol-toml: loading that
 * and parsing a 700 kB uv.lock with it costs ~80 ms of a cold process, this ~15 ms.
 */

export const OUTSIDE_TOML_SUBSET = new Error('outside the lockfile TOML subset')

type Table = Record<string, unknown>

interface State {
  text: string
  index: number
  /** Tables a header defined: a second header for one is an error (smol-toml reports it). */
  defined: Set<Table>
  /** Tables a dotted key or an inline table created: no header may open them again. */
  closed: Set<Table>
  /** Arrays `[[...]]` created (only those may grow by a header). */
  tableArrays: Set<unknown[]>
}

const table = (): Table => Object.create(null) as Table

export function parseTomlSubset(text: string): Table {
  const root = table()
  const state: State = { text, index: 0, defined: new Set(), closed: new Set(), tableArrays: new Set() }
  let current = root
  for (;;) {
    skipBlank(state)
    if (state.index >= text.length) return root
    const c = text.charCodeAt(state.index)
    if (c === 91 /* [ */) current = readHeader(state, root)
    else readKeyValue(state, current)
    endOfLine(state)
  }
}

/** Skips spaces, tabs, comments and line breaks. */
function skipBlank(state: State): void {
  const { text } = state
  for (;;) {
    const c = text.charCodeAt(state.index)
    if (c === 32 || c === 9 || c === 10) state.index++
    else if (c === 13 && text.charCodeAt(state.index + 1) === 10) state.index += 2
    else if (c === 35 /* # */) skipComment(state)
    else return
  }
}

function skipSpaces(state: State): void {
  while (state.text.charCodeAt(state.index) === 32 || state.text.charCodeAt(state.index) === 9) state.index++
}

function skipComment(state: State): void {
  const { text } = state
  let index = state.index + 1
  for (; index < text.length; index++) {
    const c = text.charCodeAt(index)
    if (c === 10) break
    if (c === 13 && text.charCodeAt(index + 1) === 10) break
    // Control characters other than tab are not allowed in comments.
    if ((c < 32 && c !== 9) || c === 127) throw OUTSIDE_TOML_SUBSET
  }
  state.index = index
}

/** After a header or a key/value: spaces, an optional comment, then a line break or the end. */
function endOfLine(state: State): void {
  skipSpaces(state)
  const { text } = state
  if (text.charCodeAt(state.index) === 35) skipComment(state)
  if (state.index >= text.length) return
  const c = text.charCodeAt(state.index)
  if (c === 10) state.index++
  else if (c === 13 && text.charCodeAt(state.index + 1) === 10) state.index += 2
  else throw OUTSIDE_TOML_SUBSET
}

function readHeader(state: State, root: Table): Table {
  const { text } = state
  const array = text.charCodeAt(state.index + 1) === 91
  state.index += array ? 2 : 1
  skipSpaces(state)
  const keys = readDottedKey(state)
  skipSpaces(state)
  if (text.charCodeAt(state.index) !== 93 || (array && text.charCodeAt(state.index + 1) !== 93)) throw OUTSIDE_TOML_SUBSET
  state.index += array ? 2 : 1
  let parent = root
  for (const key of keys.slice(0, -1)) {
    const existing = parent[key]
    if (existing === undefined) {
      const created = table()
      parent[key] = created
      parent = created
    } else if (Array.isArray(existing) && state.tableArrays.has(existing)) {
      parent = existing[existing.length - 1] as Table
    } else if (isTable(existing) && !state.closed.has(existing)) {
      parent = existing
    } else {
      throw OUTSIDE_TOML_SUBSET
    }
  }
  const last = keys[keys.length - 1]!
  const existing = parent[last]
  if (array) {
    const created = table()
    if (existing === undefined) {
      const list = [created]
      state.tableArrays.add(list)
      parent[last] = list
    } else if (Array.isArray(existing) && state.tableArrays.has(existing)) {
      existing.push(created)
    } else {
      throw OUTSIDE_TOML_SUBSET
    }
    state.defined.add(created)
    return created
  }
  if (existing === undefined) {
    const created = table()
    parent[last] = created
    state.defined.add(created)
    return created
  }
  // A table created implicitly (as the parent of another header) may be defined once.
  if (!isTable(existing) || state.defined.has(existing) || state.closed.has(existing)) throw OUTSIDE_TOML_SUBSET
  state.defined.add(existing)
  return existing
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readKeyValue(state: State, target: Table): void {
  const keys = readDottedKey(state)
  skipSpaces(state)
  if (state.text.charCodeAt(state.index) !== 61 /* = */) throw OUTSIDE_TOML_SUBSET
  state.index++
  skipSpaces(state)
  const value = readValue(state)
  assign(state, target, keys, value)
}

/** Sets a dotted key's value; the tables its parts create are closed to headers, and nothing is set twice. */
function assign(state: State, target: Table, keys: string[], value: unknown): void {
  let parent = target
  for (const key of keys.slice(0, -1)) {
    // Extending a table some other definition made is subtle in TOML: left to smol-toml.
    if (parent[key] !== undefined) throw OUTSIDE_TOML_SUBSET
    const created = table()
    state.closed.add(created)
    parent[key] = created
    parent = created
  }
  const last = keys[keys.length - 1]!
  if (parent[last] !== undefined) throw OUTSIDE_TOML_SUBSET
  parent[last] = value
}

function readDottedKey(state: State): string[] {
  const keys = [readKey(state)]
  for (;;) {
    skipSpaces(state)
    if (state.text.charCodeAt(state.index) !== 46 /* . */) return keys
    state.index++
    skipSpaces(state)
    keys.push(readKey(state))
  }
}

function readKey(state: State): string {
  const { text } = state
  const c = text.charCodeAt(state.index)
  if (c === 34) return readBasicString(state)
  if (c === 39) return readLiteralString(state)
  const start = state.index
  while (isBareKeyChar(text.charCodeAt(state.index))) state.index++
  if (state.index === start) throw OUTSIDE_TOML_SUBSET
  return text.slice(start, state.index)
}

function isBareKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45
}

function readValue(state: State): unknown {
  const { text } = state
  const c = text.charCodeAt(state.index)
  if (c === 34) return text.startsWith('"""', state.index) ? readMultilineString(state, 34) : readBasicString(state)
  if (c === 39) return text.startsWith("'''", state.index) ? readMultilineString(state, 39) : readLiteralString(state)
  if (c === 91) return readArray(state)
  if (c === 123) return readInlineTable(state)
  if (text.startsWith('true', state.index) && !isBareKeyChar(text.charCodeAt(state.index + 4))) {
    state.index += 4
    return true
  }
  if (text.startsWith('false', state.index) && !isBareKeyChar(text.charCodeAt(state.index + 5))) {
    state.index += 5
    return false
  }
  return readInteger(state)
}

/** A decimal integer that is a safe JavaScript number; floats, dates, other bases and `inf`/`nan` are left out. */
function readInteger(state: State): number {
  const { text } = state
  const start = state.index
  let end = start
  // The whole token (a date or float has `-`, `:`, `.` or letters in it), then the integer grammar on it.
  while (end < text.length && (isBareKeyChar(text.charCodeAt(end)) || INTEGER_TOKEN.has(text.charCodeAt(end)))) end++
  const raw = text.slice(start, end)
  if (!/^[+-]?(?:0|[1-9](?:_?[0-9])*)$/.test(raw) || /^[+-]0$/.test(raw)) throw OUTSIDE_TOML_SUBSET
  const digits = raw.replaceAll('_', '')
  if (digits.replace(/^[+-]/, '').length > 15) throw OUTSIDE_TOML_SUBSET
  state.index = end
  return Number(digits)
}

/** `+ . :` besides the bare-key characters: what a number or date token may hold. */
const INTEGER_TOKEN = new Set([43, 46, 58])

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' }

function readBasicString(state: State): string {
  const { text } = state
  let index = state.index + 1
  let value = ''
  let chunk = index
  for (;;) {
    if (index >= text.length) throw OUTSIDE_TOML_SUBSET
    const c = text.charCodeAt(index)
    if (c === 34) {
      state.index = index + 1
      return value + text.slice(chunk, index)
    }
    if ((c < 32 && c !== 9) || c === 127) throw OUTSIDE_TOML_SUBSET
    if (c === 92 /* \ */) {
      value += text.slice(chunk, index)
      const escape = text[index + 1]
      if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) {
        value += ESCAPES[escape]
        index += 2
      } else if (escape === 'u' || escape === 'U') {
        const length = escape === 'u' ? 4 : 8
        const hex = text.slice(index + 2, index + 2 + length)
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) throw OUTSIDE_TOML_SUBSET
        const code = Number.parseInt(hex, 16)
        // Only Unicode scalar values.
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw OUTSIDE_TOML_SUBSET
        value += String.fromCodePoint(code)
        index += 2 + length
      } else {
        throw OUTSIDE_TOML_SUBSET
      }
      chunk = index
      continue
    }
    index++
  }
}

/**
 * A `"""` or `'''` string: the line break right after the opening quotes is dropped. A line-ending backslash, a
 * carriage return, or quotes right before the closing ones are left to smol-toml.
 */
function readMultilineString(state: State, quote: number): string {
  const { text } = state
  let index = state.index + 3
  if (text.charCodeAt(index) === 10) index++
  let value = ''
  let chunk = index
  for (;;) {
    if (index >= text.length) throw OUTSIDE_TOML_SUBSET
    const c = text.charCodeAt(index)
    if (c === quote && text.charCodeAt(index + 1) === quote && text.charCodeAt(index + 2) === quote) {
      if (text.charCodeAt(index + 3) === quote) throw OUTSIDE_TOML_SUBSET
      state.index = index + 3
      return value + text.slice(chunk, index)
    }
    if ((c < 32 && c !== 9 && c !== 10) || c === 127) throw OUTSIDE_TOML_SUBSET
    if (c === 92 && quote === 34) {
      value += text.slice(chunk, index)
      const escape = text[index + 1]
      if (escape === undefined || !Object.hasOwn(ESCAPES, escape)) throw OUTSIDE_TOML_SUBSET
      value += ESCAPES[escape]
      index += 2
      chunk = index
      continue
    }
    index++
  }
}

function readLiteralString(state: State): string {
  const { text } = state
  const start = state.index + 1
  let index = start
  for (;;) {
    if (index >= text.length) throw OUTSIDE_TOML_SUBSET
    const c = text.charCodeAt(index)
    if (c === 39) break
    if ((c < 32 && c !== 9) || c === 127) throw OUTSIDE_TOML_SUBSET
    index++
  }
  state.index = index + 1
  return text.slice(start, index)
}

function readArray(state: State): unknown[] {
  const list: unknown[] = []
  state.index++
  for (;;) {
    skipBlank(state)
    if (state.text.charCodeAt(state.index) === 93) {
      state.index++
      return list
    }
    list.push(readValue(state))
    skipBlank(state)
    const c = state.text.charCodeAt(state.index)
    if (c === 44 /* , */) state.index++
    else if (c === 93) {
      state.index++
      return list
    } else {
      throw OUTSIDE_TOML_SUBSET
    }
  }
}

function readInlineTable(state: State): Table {
  const result = table()
  state.closed.add(result)
  state.index++
  skipSpaces(state)
  if (state.text.charCodeAt(state.index) === 125) {
    state.index++
    return result
  }
  for (;;) {
    skipSpaces(state)
    const keys = readDottedKey(state)
    skipSpaces(state)
    if (state.text.charCodeAt(state.index) !== 61) throw OUTSIDE_TOML_SUBSET
    state.index++
    skipSpaces(state)
    assign(state, result, keys, readValue(state))
    skipSpaces(state)
    const c = state.text.charCodeAt(state.index)
    if (c === 44) state.index++
    else if (c === 125) {
      state.index++
      return result
    } else {
      throw OUTSIDE_TOML_SUBSET
    }
  }
}
