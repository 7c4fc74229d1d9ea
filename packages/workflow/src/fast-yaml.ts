import type { ParsedYaml } from './parse-yaml.js'
import type { ScalarStyle, YamlMap, YamlNode, YamlPair, YamlScalar, YamlSeq } from './yaml-node.js'

/*
 * A fast reader for the YAML that workflows use, producing the same node trees, values and offsets as the
 * yaml-ast-parser path of parseYaml (parseYamlFull). It follows yaml-ast-parser's loader (Apache-2.0, itself derived
 * from js-yaml 3, MIT) step by step, because the offsets it reports carry that loader's conventions (where a sequence
 * or a block scalar ends, for one); what it leaves out is what costs time there and never shows in our model: implicit
 * type resolution of every plain scalar, a line table, error objects, parent links and raw-value copies.
 *
 * On anything it does not handle (tags, directives, explicit `?` keys, a BOM, tabs where YAML separates tokens) and
 * on anything the full loader would report, it gives up and returns undefined, so parseYaml runs the full loader and
 * correctness never depends on this path. The one problem it reports itself is a repeated key in an otherwise sound
 * text, exactly as parseYamlFull does. fast-yaml.test.ts compares both paths on every file of the shared corpus and
 * on generated texts.
 */

/** Thrown to abandon the fast path; preallocated so giving up costs no stack capture. */
const GIVE_UP = new Error('fast YAML reader: not handled here')

/** The pairs of a map until it ends (see Reader.openPairs); never written to. */
const NO_PAIRS: YamlPair[] = []

const FLOW_IN = 1
const FLOW_OUT = 2
const BLOCK_IN = 3
const BLOCK_OUT = 4

const CHOMP_CLIP = 1
const CHOMP_STRIP = 2
const CHOMP_KEEP = 3

/* eslint-disable no-control-regex -- finding control characters is the point */
/** Characters the full loader rejects in scalars (PATTERN_NON_PRINTABLE), checked once over the whole text. */
const NON_PRINTABLE =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/
/** A cheaper superset of NON_PRINTABLE (any surrogate), so that only texts with one pay for the exact check. */
const MAYBE_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/
/* eslint-enable no-control-regex */

/*
 * Scanners for the next character that ends a run of ordinary content, so that long runs are skipped by the regular
 * expression engine instead of character by character (which matters most on a cold start, before the JIT has
 * compiled the loops). Used with lastIndex and test(), which allocate nothing.
 */
const PLAIN_STOP = /[:#\n\r]/g
const PLAIN_STOP_IN_FLOW = /[:#\n\r,[\]{}]/g
const SINGLE_STOP = /['\n\r]/g
const DOUBLE_STOP = /["\\\n\r]/g

/** The index of the first character at or after `from` that `stop` matches; the text always ends in a line break. */
function scanTo(stop: RegExp, input: string, from: number): number {
  stop.lastIndex = from
  return stop.test(input) ? stop.lastIndex - 1 : input.length - 1
}

const SIMPLE_ESCAPES: string[] = []
for (let code = 0; code < 256; code++) SIMPLE_ESCAPES.push(simpleEscape(code))

function simpleEscape(c: number): string {
  switch (c) {
    case 0x30:
      return '\x00'
    case 0x61:
      return '\x07'
    case 0x62:
      return '\x08'
    case 0x74:
    case 0x09:
      return '\x09'
    case 0x6e:
      return '\x0A'
    case 0x76:
      return '\x0B'
    case 0x66:
      return '\x0C'
    case 0x72:
      return '\x0D'
    case 0x65:
      return '\x1B'
    case 0x20:
      return ' '
    case 0x22:
      return '\x22'
    case 0x2f:
      return '/'
    case 0x5c:
      return '\x5C'
    case 0x4e:
      return '\x85'
    case 0x5f:
      return '\xA0'
    case 0x4c:
      return '\u2028'
    case 0x50:
      return '\u2029'
    default:
      return ''
  }
}

interface Reader {
  /** The text with a final line break ensured and a NUL appended as the end marker, as the full loader reads it. */
  input: string
  position: number
  line: number
  lineStart: number
  lineIndent: number
  /** The anchor read for the node being composed. */
  anchor: string | null
  /** The node just composed, and the end offset the full loader records for it (an alias ends where `*name` ends). */
  result: YamlNode | null
  resultEnd: number
  /** Whether the text has a carriage return: without one, a line ends at the next `\n` and indexOf finds it. */
  hasCarriageReturn: boolean
  anchors: Map<string, YamlNode>
  /** Anchored collections still being read, or abandoned attempts: an alias to one of them is not handled here. */
  unusable: Set<YamlNode>
  aliases: number
  /** Where the first repeated key (in the order the full loader stores pairs) starts, or -1. */
  duplicateKey: number
  /**
   * The pairs of the mappings being read, innermost last, up to `openPairCount` (entries past it are stale). A map
   * takes its own as one array of its exact size when it ends: an array grown by push has room for 16 pairs, and
   * most maps hold one to three.
   */
  openPairs: YamlPair[]
  openPairCount: number
}

export interface FastYamlOptions {
  maxExpandedNodes: number
  /** `text` followed by readingSuffix(text), when the caller holds that string already: saves a copy of the text. */
  padded?: string
}

/**
 * What the reader appends to a text before reading it, as the full loader does: a line break when the text does not
 * end in one, then a NUL as the end marker.
 */
export function readingSuffix(text: string): string {
  const last = text.length === 0 ? 0x0a : text.charCodeAt(text.length - 1)
  return last === 0x0a || last === 0x0d ? '\0' : '\n\0'
}

/**
 * What parseYamlFull would answer for `text` (the documents, or the one problem this reader reports itself: a
 * repeated key), or undefined when the fast path cannot vouch for the result; the caller then runs the full loader,
 * which also reports any other syntax problem.
 */
export function readYamlFast(text: string, options: FastYamlOptions): ParsedYaml | undefined {
  if (text.charCodeAt(0) === 0xfeff || (MAYBE_NON_PRINTABLE.test(text) && NON_PRINTABLE.test(text))) return undefined
  try {
    const read = readDocuments(text, options.padded)
    if (read === undefined) return undefined
    const { documents } = read
    // A repeated key is the problem parseYamlFull reports when nothing else is wrong; with aliases, an expansion over
    // the limit might be met first there, so that case is left to it.
    if (read.duplicateKey !== -1) {
      return read.aliases > 0 ? undefined : { documents: [], problem: { message: 'duplicate key', offset: read.duplicateKey } }
    }
    // Without aliases a tree cannot have more nodes than the text has characters.
    if (read.aliases > 0 || text.length > options.maxExpandedNodes) {
      const sizes = new Map<YamlNode, number>()
      for (const document of documents) if (document !== null && expandedSize(document, sizes) > options.maxExpandedNodes) return undefined
    }
    return { documents }
  } catch {
    // GIVE_UP, or a failure such as running out of stack on absurd nesting: the full loader's own handling decides.
    return undefined
  }
}

function expandedSize(node: YamlNode, sizes: Map<YamlNode, number>): number {
  let size = sizes.get(node)
  if (size !== undefined) return size
  size = 1
  if (node.kind === 'map') for (const pair of node.pairs) size += 1 + (pair.value === null ? 0 : expandedSize(pair.value, sizes))
  else if (node.kind === 'seq') for (const item of node.items) size += item === null ? 0 : expandedSize(item, sizes)
  sizes.set(node, size)
  return size
}

function readDocuments(
  text: string,
  padded: string | undefined,
): { documents: (YamlNode | null)[]; aliases: number; duplicateKey: number } | undefined {
  const length = text.length
  const suffix = readingSuffix(text)
  const input = padded !== undefined && padded.length === length + suffix.length && padded.endsWith(suffix) ? padded : text + suffix
  const r: Reader = {
    input,
    position: 0,
    line: 0,
    lineStart: 0,
    lineIndent: 0,
    anchor: null,
    result: null,
    resultEnd: -1,
    hasCarriageReturn: text.includes('\r'),
    anchors: new Map(),
    unusable: new Set(),
    aliases: 0,
    duplicateKey: -1,
    openPairs: [],
    openPairCount: 0,
  }
  while (input.charCodeAt(r.position) === 0x20) {
    r.lineIndent++
    r.position++
  }
  const documents: (YamlNode | null)[] = []
  // As the full loader: stop at the final line break (the text's own, or the one added above).
  const end = input.length - 2
  while (r.position < end) {
    const before = r.position
    documents.push(readDocument(r))
    if (r.position <= before) return undefined
  }
  if (documents.length > 0) {
    const last = documents[documents.length - 1]
    if (last === null || last === undefined) return undefined
    last.end = length
  }
  for (const document of documents) {
    if (document !== null && document.start > document.end) {
      // parseYaml tells a block scalar by the character at its start, which this would move.
      if (document.kind === 'scalar' && (document.style === 'literal' || document.style === 'folded')) return undefined
      document.start = document.end
    }
  }
  return { documents, aliases: r.aliases, duplicateKey: r.duplicateKey }
}

function readDocument(r: Reader): YamlNode | null {
  r.anchors = new Map()
  r.unusable = new Set()
  const input = r.input
  skipSpace(r, true)
  if (r.lineIndent === 0 && input.charCodeAt(r.position) === 0x25 /* % */) throw GIVE_UP
  if (
    r.lineIndent === 0 &&
    input.charCodeAt(r.position) === 0x2d &&
    input.charCodeAt(r.position + 1) === 0x2d &&
    input.charCodeAt(r.position + 2) === 0x2d
  ) {
    r.position += 3
    skipSpace(r, true)
  }
  composeNode(r, r.lineIndent - 1, BLOCK_OUT, false, true)
  skipSpace(r, true)
  const document = r.result
  if (r.position === r.lineStart && atDocumentSeparator(r)) {
    if (input.charCodeAt(r.position) === 0x2e /* . */) {
      r.position += 3
      skipSpace(r, true)
    }
    return document
  }
  if (r.position < input.length - 2) throw GIVE_UP
  return document
}

function isWsOrEol(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

function isFlowStart(c: number): boolean {
  return c === 0x5b || c === 0x7b
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09
}

function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d
}

/** The offset just after the line break (LF, CRLF or CR) at `position`, or -1 when there is none there. */
function afterLineBreak(input: string, position: number): number {
  const ch = input.charCodeAt(position)
  if (ch === 0x0a) return position + 1
  if (ch === 0x0d) return input.charCodeAt(position + 1) === 0x0a ? position + 2 : position + 1
  return -1
}

/** Skips spaces, comments (when allowed) and line breaks; returns how many line breaks it passed. */
function skipSpace(r: Reader, allowComments: boolean): number {
  // This runs over every indentation: positions live in locals, and the reader's fields are written once at the end.
  const input = r.input
  let position = r.position
  let breaks = 0
  let lineStart = r.lineStart
  let lineIndent = r.lineIndent
  let ch = input.charCodeAt(position)
  while (ch !== 0) {
    while (ch === 0x20) ch = input.charCodeAt(++position)
    // The full loader reports every tab it meets here ("Using tabs can lead to unpredictable results").
    if (ch === 0x09) throw GIVE_UP
    if (allowComments && ch === 0x23) position = lineEnd(r, position)
    const next = afterLineBreak(input, position)
    if (next === -1) break
    position = next
    breaks++
    lineStart = position
    ch = input.charCodeAt(position)
    while (ch === 0x20) ch = input.charCodeAt(++position)
    lineIndent = position - lineStart
  }
  r.position = position
  r.line += breaks
  r.lineStart = lineStart
  r.lineIndent = lineIndent
  return breaks
}

/** The offset of the line break (or the end marker) at or after `from`. */
function lineEnd(r: Reader, from: number): number {
  const input = r.input
  if (!r.hasCarriageReturn) return input.indexOf('\n', from)
  let at = from
  let ch = input.charCodeAt(at)
  while (ch !== 0x0a && ch !== 0x0d && ch !== 0) ch = input.charCodeAt(++at)
  return at
}

function atDocumentSeparator(r: Reader): boolean {
  const input = r.input
  const at = r.position
  const ch = input.charCodeAt(at)
  if ((ch === 0x2d || ch === 0x2e) && input.charCodeAt(at + 1) === ch && input.charCodeAt(at + 2) === ch) {
    const next = input.charCodeAt(at + 3)
    return next === 0 || isWsOrEol(next)
  }
  return false
}

function foldedLines(count: number): string {
  return count === 1 ? ' ' : count > 1 ? '\n'.repeat(count - 1) : ''
}

function scalar(value: string, style: ScalarStyle, start: number, end: number): YamlScalar {
  return { kind: 'scalar', value, style, start, end }
}

function setResult(r: Reader, node: YamlNode): void {
  r.result = node
  r.resultEnd = node.end
}

function composeNode(r: Reader, parentIndent: number, context: number, allowToSeek: boolean, allowCompact: boolean): boolean {
  r.anchor = null
  r.result = null
  r.resultEnd = -1
  const blockStyles = context === BLOCK_OUT || context === BLOCK_IN
  let allowBlockCollections = blockStyles
  let indentStatus = 1
  let atNewLine = false
  let hasContent = false
  /** Whether the node has the `!!str` tag, the one tag read here. */
  let tagged = false
  if (allowToSeek && skipSpace(r, true) !== 0) {
    atNewLine = true
    indentStatus = r.lineIndent > parentIndent ? 1 : r.lineIndent === parentIndent ? 0 : -1
  }
  if (indentStatus === 1) {
    for (;;) {
      const ch = r.input.charCodeAt(r.position)
      if (ch === 0x21 /* ! */) {
        if (tagged) throw GIVE_UP
        readStringTag(r)
        tagged = true
      } else if (ch === 0x26 /* & */) {
        readAnchor(r)
      } else {
        break
      }
      if (skipSpace(r, true) !== 0) {
        atNewLine = true
        allowBlockCollections = blockStyles
        indentStatus = r.lineIndent > parentIndent ? 1 : r.lineIndent === parentIndent ? 0 : -1
      } else {
        allowBlockCollections = false
      }
    }
  }
  if (allowBlockCollections) allowBlockCollections = atNewLine || allowCompact
  if (indentStatus === 1 || context === BLOCK_OUT) {
    const flowIndent = context === FLOW_IN || context === FLOW_OUT ? parentIndent : parentIndent + 1
    const blockIndent = r.position - r.lineStart
    if (indentStatus === 1) {
      // Tried only where they can start: a sequence at `-`, a flow collection at `[` or `{`. (Skipping the sequence
      // also skips the empty sequence it would leave under an anchor, which the mapping attempt replaces anyway.)
      const first = r.input.charCodeAt(r.position)
      if (
        (allowBlockCollections &&
          ((first === 0x2d && readBlockSequence(r, blockIndent)) || readBlockMapping(r, blockIndent, flowIndent))) ||
        (isFlowStart(r.input.charCodeAt(r.position)) && readFlowCollection(r, flowIndent))
      ) {
        hasContent = true
      } else {
        // The full loader tries each kind of scalar in turn, each looking at the first character and reading nothing
        // when it is not its own: choosing by that character directly is the same, with fewer calls.
        switch (r.input.charCodeAt(r.position)) {
          case 0x7c /* | */:
          case 0x3e /* > */:
            hasContent = blockStyles ? readBlockScalar(r, flowIndent) : readPlain(r, flowIndent, context === FLOW_IN)
            break
          case 0x27 /* ' */:
            hasContent = readSingleQuoted(r)
            break
          case 0x22 /* " */:
            hasContent = readDoubleQuoted(r)
            break
          case 0x2a /* * */:
            hasContent = readAlias(r)
            if (r.anchor !== null || tagged) throw GIVE_UP
            break
          default:
            hasContent = readPlain(r, flowIndent, context === FLOW_IN)
        }
        if (r.anchor !== null) {
          const node = r.result as YamlNode | null
          if (node === null) throw GIVE_UP
          node.anchor = r.anchor
          r.anchors.set(r.anchor, node)
        }
      }
    } else if (indentStatus === 0) {
      hasContent = allowBlockCollections && readBlockSequence(r, blockIndent)
    }
  }
  // `!!str` leaves a scalar as it is; on anything else (a collection, nothing) the full loader reports a problem or fails.
  if (tagged && (r.result as YamlNode | null)?.kind !== 'scalar') throw GIVE_UP
  return r.anchor !== null || tagged || hasContent
}

/** Reads a `!!str` tag (the full loader's readTagProperty for that one tag); gives up on any other. */
function readStringTag(r: Reader): void {
  const input = r.input
  const at = r.position
  const next = input.charCodeAt(at + 5)
  if (!input.startsWith('!!str', at) || !(next === 0 || isWsOrEol(next))) throw GIVE_UP
  r.position = at + 5
}

function readAnchor(r: Reader): void {
  if (r.anchor !== null) throw GIVE_UP
  const input = r.input
  let ch = input.charCodeAt(++r.position)
  const start = r.position
  while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator(ch)) ch = input.charCodeAt(++r.position)
  if (r.position === start) throw GIVE_UP
  const name = input.slice(start, r.position)
  if (name === '__proto__') throw GIVE_UP
  r.anchor = name
}

function readAlias(r: Reader): boolean {
  const input = r.input
  if (input.charCodeAt(r.position) !== 0x2a /* * */) return false
  let ch = input.charCodeAt(++r.position)
  const start = r.position
  while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator(ch)) ch = input.charCodeAt(++r.position)
  if (r.position <= start) throw GIVE_UP
  const target = r.anchors.get(input.slice(start, r.position))
  if (target === undefined || r.unusable.has(target)) throw GIVE_UP
  r.result = target
  r.resultEnd = r.position
  r.aliases++
  skipSpace(r, true)
  return true
}

function readPlain(r: Reader, nodeIndent: number, withinFlow: boolean): boolean {
  const input = r.input
  let ch = input.charCodeAt(r.position)
  if (
    isWsOrEol(ch) ||
    isFlowIndicator(ch) ||
    ch === 0x23 ||
    ch === 0x26 ||
    ch === 0x2a ||
    ch === 0x21 ||
    ch === 0x7c ||
    ch === 0x3e ||
    ch === 0x27 ||
    ch === 0x22 ||
    ch === 0x25 ||
    ch === 0x40 ||
    ch === 0x60
  ) {
    return false
  }
  if (ch === 0x3f || ch === 0x2d) {
    const following = input.charCodeAt(r.position + 1)
    if (isWsOrEol(following) || (withinFlow && isFlowIndicator(following))) return false
  }
  let captureStart = r.position
  let captureEnd = r.position
  let pending = false
  let value = ''
  let start = -1
  let end = -1
  let savedLine = r.line
  while (ch !== 0) {
    if (ch === 0x3a /* : */) {
      const following = input.charCodeAt(r.position + 1)
      if (isWsOrEol(following) || (withinFlow && isFlowIndicator(following))) break
    } else if (ch === 0x23 /* # */) {
      if (isWsOrEol(input.charCodeAt(r.position - 1))) break
    } else if ((r.position === r.lineStart && atDocumentSeparator(r)) || (withinFlow && isFlowIndicator(ch))) {
      break
    } else if (ch === 0x0a || ch === 0x0d) {
      savedLine = r.line
      const savedLineStart = r.lineStart
      const savedLineIndent = r.lineIndent
      skipSpace(r, false)
      if (r.lineIndent >= nodeIndent) {
        pending = true
        ch = input.charCodeAt(r.position)
        continue
      }
      r.position = captureEnd
      r.line = savedLine
      r.lineStart = savedLineStart
      r.lineIndent = savedLineIndent
      break
    }
    if (pending) {
      if (start === -1) start = captureStart
      if (captureStart <= captureEnd) {
        value += input.slice(captureStart, captureEnd)
        end = captureEnd
      }
      value += foldedLines(r.line - savedLine)
      captureStart = captureEnd = r.position
      pending = false
    }
    // Everything up to the next `:`, `#`, line break (or flow indicator) is content: jump there, and end the capture
    // after its last character that is not a blank.
    const next = scanTo(withinFlow ? PLAIN_STOP_IN_FLOW : PLAIN_STOP, input, r.position + 1)
    let last = next - 1
    while (last >= r.position && isBlank(input.charCodeAt(last))) last--
    if (last >= r.position) captureEnd = last + 1
    r.position = next
    ch = input.charCodeAt(next)
  }
  if (start === -1) start = captureStart
  if (captureStart <= captureEnd) {
    value += input.slice(captureStart, captureEnd)
    end = captureEnd
  }
  setResult(r, scalar(value, 'plain', start, end))
  return true
}

function readSingleQuoted(r: Reader): boolean {
  const input = r.input
  if (input.charCodeAt(r.position) !== 0x27) return false
  const start = r.position
  r.position++
  let captureStart = r.position
  let captureEnd = r.position
  let value = ''
  let ch: number
  while ((ch = input.charCodeAt(r.position)) !== 0) {
    if (ch === 0x27) {
      value += input.slice(captureStart, r.position)
      ch = input.charCodeAt(++r.position)
      if (ch === 0x27) {
        captureStart = captureEnd = r.position
        r.position++
      } else {
        setResult(r, scalar(value, 'single', start, r.position))
        return true
      }
    } else if (ch === 0x0a || ch === 0x0d) {
      value += input.slice(captureStart, captureEnd) + foldedLines(skipSpace(r, false))
      captureStart = captureEnd = r.position
    } else if (r.position === r.lineStart && atDocumentSeparator(r)) {
      throw GIVE_UP
    } else {
      r.position = scanTo(SINGLE_STOP, input, r.position + 1)
      captureEnd = r.position
    }
  }
  throw GIVE_UP
}

function readDoubleQuoted(r: Reader): boolean {
  const input = r.input
  if (input.charCodeAt(r.position) !== 0x22) return false
  const start = r.position
  r.position++
  let captureStart = r.position
  let captureEnd = r.position
  let value = ''
  let ch: number
  while ((ch = input.charCodeAt(r.position)) !== 0) {
    if (ch === 0x22) {
      value += input.slice(captureStart, r.position)
      r.position++
      setResult(r, scalar(value, 'double', start, r.position))
      return true
    } else if (ch === 0x5c /* \ */) {
      value += input.slice(captureStart, r.position)
      ch = input.charCodeAt(++r.position)
      if (ch === 0x0a || ch === 0x0d) {
        skipSpace(r, false)
      } else if (ch < 256 && SIMPLE_ESCAPES[ch] !== '') {
        value += SIMPLE_ESCAPES[ch]!
        r.position++
      } else {
        let digits = ch === 0x78 ? 2 : ch === 0x75 ? 4 : ch === 0x55 ? 8 : 0
        if (digits === 0) throw GIVE_UP
        let code = 0
        for (; digits > 0; digits--) {
          const digit = hexValue(input.charCodeAt(++r.position))
          if (digit < 0) throw GIVE_UP
          code = (code << 4) + digit
        }
        value += fromCodePoint(code)
        r.position++
      }
      captureStart = captureEnd = r.position
    } else if (ch === 0x0a || ch === 0x0d) {
      value += input.slice(captureStart, captureEnd) + foldedLines(skipSpace(r, false))
      captureStart = captureEnd = r.position
    } else if (r.position === r.lineStart && atDocumentSeparator(r)) {
      throw GIVE_UP
    } else {
      r.position = scanTo(DOUBLE_STOP, input, r.position + 1)
      captureEnd = r.position
    }
  }
  throw GIVE_UP
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const lower = c | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/** As the full loader converts an escape's code point (including its arithmetic on out-of-range values). */
function fromCodePoint(c: number): string {
  if (c <= 0xffff) return String.fromCharCode(c)
  return String.fromCharCode(((c - 0x010000) >> 10) + 0xd800, ((c - 0x010000) & 0x03ff) + 0xdc00)
}

function readFlowCollection(r: Reader, nodeIndent: number): boolean {
  const input = r.input
  let ch = input.charCodeAt(r.position)
  let terminator: number
  let node: YamlMap | YamlSeq
  if (ch === 0x5b) {
    terminator = 0x5d
    node = { kind: 'seq', items: [], start: r.position, end: -1 }
  } else if (ch === 0x7b) {
    terminator = 0x7d
    node = { kind: 'map', pairs: NO_PAIRS, start: r.position, end: -1 }
  } else {
    return false
  }
  const from = r.openPairCount
  const anchor = r.anchor
  if (anchor !== null) registerOpen(r, anchor, node)
  let keys: Set<string> | undefined
  let readNext = true
  ch = input.charCodeAt(++r.position)
  while (ch !== 0) {
    skipSpace(r, true)
    ch = input.charCodeAt(r.position)
    if (ch === terminator) {
      r.position++
      r.anchor = anchor
      node.end = r.position
      if (node.kind === 'map') {
        closePairs(r, node, from)
        finishMap(node)
      }
      if (anchor !== null) r.unusable.delete(node)
      setResult(r, node)
      return true
    }
    if (!readNext) throw GIVE_UP
    if (ch === 0x3f && isWsOrEol(input.charCodeAt(r.position + 1))) throw GIVE_UP
    const line = r.line
    composeNode(r, nodeIndent, FLOW_IN, false, true)
    // An entry that reads as nothing (`[a, , b]`, `{a: }`) is a placeholder scalar without a position in the full loader.
    if (r.result === null) throw GIVE_UP
    const key = r.result
    const keyEnd = r.resultEnd
    let value: YamlNode | null = null
    let valueEnd = -1
    let isPair = false
    skipSpace(r, true)
    ch = input.charCodeAt(r.position)
    if (r.line === line && ch === 0x3a) {
      isPair = true
      r.position++
      skipSpace(r, true)
      composeNode(r, nodeIndent, FLOW_IN, false, true)
      if (r.result === null) throw GIVE_UP
      value = r.result
      valueEnd = r.resultEnd
    }
    if (node.kind === 'map') {
      keys = storePair(r, node, from, keys, key, keyEnd, value, valueEnd)
    } else if (isPair) {
      if (value === null) throw GIVE_UP
      const pairMap: YamlMap = { kind: 'map', pairs: NO_PAIRS, start: keyStart(key), end: -1 }
      const pairFrom = r.openPairCount
      storePair(r, pairMap, pairFrom, undefined, key, keyEnd, value, valueEnd)
      closePairs(r, pairMap, pairFrom)
      finishMap(pairMap)
      node.items.push(pairMap)
    } else {
      node.items.push(key)
    }
    skipSpace(r, true)
    ch = input.charCodeAt(r.position)
    if (ch === 0x2c) {
      readNext = true
      ch = input.charCodeAt(++r.position)
    } else {
      readNext = false
    }
  }
  throw GIVE_UP
}

function keyStart(key: YamlNode | null): number {
  if (key === null) throw GIVE_UP
  return key.start
}

function registerOpen(r: Reader, anchor: string, node: YamlMap | YamlSeq): void {
  node.anchor = anchor
  r.anchors.set(anchor, node)
  r.unusable.add(node)
}

/**
 * Adds a key/value pair as the full loader stores it: the map ends where the value ends (or one past the key), and a
 * repeated key is recorded as a problem. `keys` holds the map's key values once it has enough of them for a linear
 * search to cost (a generated file with thousands of jobs must not take quadratic time); returns it.
 */
function storePair(
  r: Reader,
  map: YamlMap,
  from: number,
  keys: Set<string> | undefined,
  key: YamlNode | null,
  keyEnd: number,
  value: YamlNode | null,
  valueEnd: number,
): Set<string> | undefined {
  // A key that is not a plain scalar of its own (a collection, an alias, an anchored key) is kept differently by the
  // full path; no workflow needs one.
  if (key === null || key.kind !== 'scalar' || key.anchor !== undefined || keyEnd !== key.end) throw GIVE_UP
  const pairs = r.openPairs
  const count = r.openPairCount
  const name = key.value
  let repeated = false
  if (keys !== undefined) {
    repeated = keys.has(name)
    keys.add(name)
  } else {
    for (let index = from; index < count; index++) {
      if (pairs[index]!.key.value === name) {
        repeated = true
        break
      }
    }
    if (count - from >= 16) {
      keys = new Set(pairs.slice(from, count).map((pair) => pair.key.value))
      keys.add(name)
    }
  }
  if (repeated && r.duplicateKey === -1) r.duplicateKey = key.start
  pairs[count] = { key, value }
  r.openPairCount = count + 1
  map.end = value !== null ? valueEnd : keyEnd + 1
  return keys
}

/** Ends a map whose pairs were stored from `from` on (see Reader.openPairs): they become its own array. */
function closePairs(r: Reader, map: YamlMap, from: number): void {
  map.pairs = r.openPairs.slice(from, r.openPairCount)
  r.openPairCount = from
}

/** Applies merge keys (`<<: *defaults`) as parseYaml's conversion does: explicit keys win, the first source wins. */
function finishMap(map: YamlMap): void {
  const pairs = map.pairs
  let merged: YamlPair[] | undefined
  for (let index = 0; index < pairs.length; index++) {
    const pair = pairs[index]!
    if (pair.key.value === '<<' && pair.key.style === 'plain' && pair.value !== null) {
      merged = []
      break
    }
  }
  if (merged === undefined) return
  const kept: YamlPair[] = []
  for (const pair of pairs) {
    const value = pair.value
    if (pair.key.value === '<<' && pair.key.style === 'plain' && value !== null) {
      for (const source of value.kind === 'seq' ? value.items : [value]) if (source?.kind === 'map') merged.push(...source.pairs)
      continue
    }
    kept.push(pair)
  }
  if (merged.length > 0) {
    const explicit = new Set(kept.map((pair) => pair.key.value))
    const inherited = new Map<string, YamlPair>()
    for (const pair of merged) if (!explicit.has(pair.key.value) && !inherited.has(pair.key.value)) inherited.set(pair.key.value, pair)
    kept.unshift(...inherited.values())
  }
  map.pairs = kept
}

function readBlockScalar(r: Reader, nodeIndent: number): boolean {
  const input = r.input
  // Positions are kept in locals and written back once, as in skipSpace.
  let position = r.position
  let ch = input.charCodeAt(position)
  let folding: boolean
  if (ch === 0x7c) folding = false
  else if (ch === 0x3e) folding = true
  else return false
  const start = position
  let chomping = CHOMP_CLIP
  let detectedIndent = false
  let textIndent = nodeIndent
  let emptyLines = 0
  let atMoreIndented = false
  // The value's pieces, joined once at the end: a flat string that every later reader of a `run:` script can scan
  // directly, where appending line by line built a rope each of them had to copy first.
  const parts: string[] = []
  while (ch !== 0) {
    ch = input.charCodeAt(++position)
    if (ch === 0x2b || ch === 0x2d) {
      if (chomping !== CHOMP_CLIP) throw GIVE_UP
      chomping = ch === 0x2b ? CHOMP_KEEP : CHOMP_STRIP
    } else if (ch >= 0x30 && ch <= 0x39) {
      if (ch === 0x30 || detectedIndent) throw GIVE_UP
      textIndent = nodeIndent + (ch - 0x30) - 1
      detectedIndent = true
    } else {
      break
    }
  }
  if (ch === 0x20 || ch === 0x09) {
    do ch = input.charCodeAt(++position)
    while (ch === 0x20 || ch === 0x09)
    if (ch === 0x23) {
      do ch = input.charCodeAt(++position)
      while (ch !== 0x0a && ch !== 0x0d && ch !== 0)
    }
  }
  let line = r.line
  let lineStart = r.lineStart
  let lineIndent = r.lineIndent
  while (ch !== 0) {
    position = afterLineBreak(input, position)
    if (position === -1) throw GIVE_UP
    line++
    lineStart = position
    ch = input.charCodeAt(position)
    while ((!detectedIndent || position - lineStart < textIndent) && ch === 0x20) ch = input.charCodeAt(++position)
    lineIndent = position - lineStart
    if (!detectedIndent && lineIndent > textIndent) textIndent = lineIndent
    if (ch === 0x0a || ch === 0x0d) {
      emptyLines++
      continue
    }
    if (lineIndent < textIndent) {
      if (chomping === CHOMP_KEEP) parts.push(newlines(emptyLines))
      else if (chomping === CHOMP_CLIP && detectedIndent) parts.push('\n')
      break
    }
    if (folding) {
      if (ch === 0x20 || ch === 0x09) {
        atMoreIndented = true
        parts.push(newlines(emptyLines + 1))
      } else if (atMoreIndented) {
        atMoreIndented = false
        parts.push(newlines(emptyLines + 1))
      } else if (emptyLines === 0) {
        if (detectedIndent) parts.push(' ')
      } else {
        parts.push(newlines(emptyLines))
      }
    } else if (detectedIndent) {
      parts.push(newlines(emptyLines + 1))
    }
    detectedIndent = true
    emptyLines = 0
    const captureStart = position
    position = lineEnd(r, position)
    ch = input.charCodeAt(position)
    parts.push(input.slice(captureStart, position))
  }
  r.position = position
  r.line = line
  r.lineStart = lineStart
  r.lineIndent = lineIndent
  // Where the full loader says a block scalar ends: back over trailing blanks of the last line read, stopping at a
  // line break or at content.
  let end = position - 1
  for (;;) {
    const c = input.charCodeAt(end)
    if (c === 0x0d || c === 0x0a || (c !== 0x20 && c !== 0x09)) break
    end--
  }
  setResult(r, scalar(parts.length === 1 ? parts[0]! : parts.join(''), folding ? 'folded' : 'literal', start, end))
  return true
}

const NEWLINES = ['', '\n', '\n\n', '\n\n\n']

/** `count` line breaks. */
function newlines(count: number): string {
  return count < NEWLINES.length ? NEWLINES[count]! : '\n'.repeat(count)
}

function readBlockSequence(r: Reader, nodeIndent: number): boolean {
  const input = r.input
  const anchor = r.anchor
  const node: YamlSeq = { kind: 'seq', items: [], start: r.position, end: -1 }
  if (anchor !== null) registerOpen(r, anchor, node)
  let detected = false
  let ch = input.charCodeAt(r.position)
  while (ch !== 0) {
    if (ch !== 0x2d || !isWsOrEol(input.charCodeAt(r.position + 1))) break
    detected = true
    r.position++
    if (skipSpace(r, true) !== 0 && r.lineIndent <= nodeIndent) {
      node.items.push(null)
      ch = input.charCodeAt(r.position)
      continue
    }
    const line = r.line
    composeNode(r, nodeIndent, BLOCK_IN, false, true)
    if (r.result !== null) node.items.push(r.result)
    skipSpace(r, true)
    ch = input.charCodeAt(r.position)
    if ((r.line === line || r.lineIndent > nodeIndent) && ch !== 0) throw GIVE_UP
    if (r.lineIndent < nodeIndent) break
  }
  if (!detected) return false
  node.end = r.position
  r.anchor = anchor
  if (anchor !== null) r.unusable.delete(node)
  setResult(r, node)
  return true
}

/** A character that composeNode, for a key, would hand straight to readPlain: no property, no other kind of node. */
function isPlainKeyStart(c: number): boolean {
  return c !== 0x21 && c !== 0x26 && c !== 0x5b && c !== 0x7b && c !== 0x27 && c !== 0x22 && c !== 0x2a && c !== 0x7c && c !== 0x3e
}

/** Characters of the keys workflows use (`runs-on`, `node_version`, `v1.2`): 1 may start a key, 2 only continue one. */
const KEY_CHARS = new Uint8Array(128)
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code)
  if (/[A-Za-z0-9_]/.test(char)) KEY_CHARS[code] = 1
  else if (char === '-' || char === '.') KEY_CHARS[code] = 2
}

/**
 * Keys that workflows and actions use most (three in four keys of the shared corpus are one of these). A key read
 * from the text that spells one of them is this very string, not a copy: the model holds one string per such key
 * instead of one per pair.
 */
const COMMON_KEYS: string[][] = []
for (const key of [
  ...['name', 'uses', 'run', 'with', 'if', 'steps', 'runs-on', 'env', 'description', 'permissions', 'timeout-minutes'],
  ...['id', 'path', 'required', 'jobs', 'on', 'contents', 'type', 'shell', 'default', 'persist-credentials', 'needs'],
  ...['branches', 'version', 'matrix', 'strategy', 'pull_request', 'workflow_dispatch', 'os', 'push', 'ref', 'inputs'],
  ...['working-directory', 'fail-fast', 'types', 'id-token', 'repository', 'paths', 'group', 'cron', 'schedule'],
  ...['fetch-depth', 'concurrency', 'cancel-in-progress', 'outputs', 'cache', 'key', 'script', 'pull-requests'],
  ...['include', 'token', 'image', 'defaults', 'continue-on-error', 'workflow_call', 'secrets', 'value', 'labels'],
  ...['actions', 'checks', 'issues', 'packages', 'security-events', 'statuses', 'pages', 'deployments', 'attestations'],
  ...['environment', 'services', 'container', 'options', 'tags', 'exclude', 'runs', 'using', 'main', 'release'],
  ...['pull_request_target', 'workflow_run', 'issue_comment', 'merge_group', 'branches-ignore', 'paths-ignore'],
]) {
  ;(COMMON_KEYS[commonKeyBucket(key.length, key.charCodeAt(0))] ??= []).push(key)
}

/** Where COMMON_KEYS keeps the keys of a length and first character (the low bits tell letters and `_` apart). */
function commonKeyBucket(length: number, first: number): number {
  return length * 64 + (first & 63)
}

/** The text of a key between two offsets: a common key's own string (see COMMON_KEYS), else a slice. */
function keyText(input: string, start: number, end: number): string {
  const candidates = COMMON_KEYS[commonKeyBucket(end - start, input.charCodeAt(start))]
  if (candidates !== undefined) {
    for (let index = 0; index < candidates.length; index++) {
      const candidate = candidates[index]!
      if (input.startsWith(candidate, start)) return candidate
    }
  }
  return input.slice(start, end)
}

/**
 * composeNode(r, flowIndent, FLOW_OUT, false, true) for a key that starts like a plain scalar, without the detour.
 * Most keys are a run of key characters followed by `: ` or `:` at the line end, which is read here directly (what
 * readPlain would read for it, without its general machinery); anything else goes to readPlain.
 */
function readPlainKey(r: Reader, flowIndent: number): boolean {
  r.anchor = null
  r.result = null
  r.resultEnd = -1
  const input = r.input
  const start = r.position
  if (KEY_CHARS[input.charCodeAt(start)] === 1) {
    let at = start + 1
    let ch = input.charCodeAt(at)
    while (ch < 128 && KEY_CHARS[ch] !== 0) ch = input.charCodeAt(++at)
    if (ch === 0x3a && isWsOrEol(input.charCodeAt(at + 1))) {
      r.position = at
      setResult(r, scalar(keyText(input, start, at), 'plain', start, at))
      return true
    }
  }
  return readPlain(r, flowIndent, false)
}

function readBlockMapping(r: Reader, nodeIndent: number, flowIndent: number): boolean {
  const input = r.input
  const anchor = r.anchor
  const node: YamlMap = { kind: 'map', pairs: NO_PAIRS, start: r.position, end: -1 }
  if (anchor !== null) registerOpen(r, anchor, node)
  const from = r.openPairCount
  let detected = false
  let keys: Set<string> | undefined
  let ch = input.charCodeAt(r.position)
  while (ch !== 0) {
    const line = r.line
    if ((ch === 0x3f || ch === 0x3a) && isWsOrEol(input.charCodeAt(r.position + 1))) throw GIVE_UP
    if (!(isPlainKeyStart(ch) ? readPlainKey(r, flowIndent) : composeNode(r, flowIndent, FLOW_OUT, false, true))) break
    if (r.line !== line) {
      if (detected) throw GIVE_UP
      r.anchor = anchor
      return true
    }
    ch = input.charCodeAt(r.position)
    while (ch === 0x20 || ch === 0x09) ch = input.charCodeAt(++r.position)
    if (ch !== 0x3a) {
      if (r.position === r.lineStart && atDocumentSeparator(r)) break
      if (detected) throw GIVE_UP
      // Not a key after all: what was read is the node itself (a plain scalar on its own line, say).
      r.anchor = anchor
      return true
    }
    ch = input.charCodeAt(++r.position)
    if (!isWsOrEol(ch)) throw GIVE_UP
    detected = true
    const key = r.result
    const keyEnd = r.resultEnd
    if (r.line === line || r.lineIndent > nodeIndent) {
      let value: YamlNode | null = null
      let valueEnd = -1
      // allowCompact stays false here: the full loader sets it only for explicit `?` keys, which this reader gives up on.
      if (composeNode(r, nodeIndent, BLOCK_OUT, true, false)) {
        value = r.result
        valueEnd = r.resultEnd
      }
      keys = storePair(r, node, from, keys, key, keyEnd, value, valueEnd)
      skipSpace(r, true)
      ch = input.charCodeAt(r.position)
    }
    if (r.lineIndent > nodeIndent && ch !== 0) throw GIVE_UP
    if (r.lineIndent < nodeIndent) break
  }
  if (!detected) return false
  r.anchor = anchor
  closePairs(r, node, from)
  finishMap(node)
  if (anchor !== null) r.unusable.delete(node)
  setResult(r, node)
  return true
}
