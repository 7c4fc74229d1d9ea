import { releaseExpressionCaches } from './expression.js'
import { closingBraces, type SourceFile, type YamlScalar } from '@pipeguard/workflow'

/**
 * One `${{ }}` of a scalar: its text (as the workflow package's findExpressions decodes it) and its offsets in the
 * file. No line/column span: the engine computes one only for the few expressions that are reported.
 */
export interface FoundExpression {
  text: string
  /** Offsets of `${{` and just after `}}` in the file. */
  start: number
  end: number
  /** The scalar it is in. */
  scalar: YamlScalar
}

// Plain maps, emptied after each run (see releaseCaches): weak maps with tens of thousands of keys cost the
// garbage collector far more than the lookups they save.
const expressions = new Map<YamlScalar, FoundExpression[]>()
const NONE: FoundExpression[] = []

/** The expressions of a scalar, found once per scalar: several audits read the same scalars. */
export function findExpressions(file: SourceFile, scalar: YamlScalar): FoundExpression[] {
  // The scan reads the source, so the source decides; the value (often a string built line by line) is not touched.
  if (!sourceHoldsExpression(file, scalar.start, scalar.end)) return NONE
  let found = expressions.get(scalar)
  if (found === undefined) {
    found = scan(file, scalar)
    expressions.set(scalar, found)
  }
  return found
}

/**
 * True when the scalar's value may hold `${{`: its source does, or, in a double-quoted scalar, escapes and line
 * continuations may spell one. Reads the value only for double-quoted scalars.
 */
export function mayHoldExpression(file: SourceFile, scalar: YamlScalar): boolean {
  if (sourceHoldsExpression(file, scalar.start, scalar.end)) return true
  return scalar.style === 'double' && scalar.value.includes('${{')
}

/**
 * The scalar's value when a test of it can be run on its source instead (no escapes: every style but
 * double-quoted), as a slice of the file; the value itself otherwise. For tests of words that line folding cannot
 * create.
 */
export function wordsOf(file: SourceFile, scalar: YamlScalar): string {
  return scalar.style === 'double' ? scalar.value : file.text.slice(scalar.start, scalar.end)
}

/** The same decoding as the workflow package's findExpressions, with the regular expressions run only where they can match. */
function scan(file: SourceFile, scalar: YamlScalar): FoundExpression[] {
  let found: FoundExpression[] | undefined
  const text = file.text
  const style = scalar.style
  const { offsets, closes } = expressionIndex(file)
  let at = firstAtOrAfter(offsets, scalar.start)
  while (at < offsets.length && offsets[at]! < scalar.end) {
    const index = offsets[at]!
    // The close found without a limit is the one inside the scalar when it comes before the scalar's end.
    const close = closes[at]!
    if (close === -1 || close >= scalar.end) break
    let inner = text.slice(index + 3, close)
    if (style === 'single') {
      if (inner.includes("''")) inner = inner.replace(/''/g, "'")
    } else if (style === 'double' && inner.includes('\\')) inner = inner.replace(/\\(["\\/])/g, '$1')
    if (style !== 'literal' && inner.includes('\n')) inner = inner.replace(/\s*\n\s*/g, ' ')
    const expression: FoundExpression = { text: inner.trim(), start: index, end: close + 2, scalar }
    // Most scalars hold one expression: an array literal of one is smaller than an empty array grown by push.
    if (found === undefined) found = [expression]
    else found.push(expression)
    while (at < offsets.length && offsets[at]! < close + 2) at++
  }
  return found ?? NONE
}

interface ExpressionIndex {
  /** The offset of every `${{` in the file, in order. */
  offsets: number[]
  /** For each, the offset of its closing `}}` searched to the end of the file (-1 when there is none). */
  closes: number[]
}

const indexes = new Map<SourceFile, ExpressionIndex>()

/** Every `${{` of the file and where it closes, found once per file. */
function expressionIndex(file: SourceFile): ExpressionIndex {
  let index = indexes.get(file)
  if (index === undefined) {
    const text = file.text
    const offsets: number[] = []
    const closes: number[] = []
    for (let at = text.indexOf('${{'); at !== -1; at = text.indexOf('${{', at + 3)) {
      offsets.push(at)
      closes.push(closingBraces(text, at + 3, text.length))
    }
    index = { offsets, closes }
    indexes.set(file, index)
  }
  return index
}

/** The position in `offsets` of the first offset at or after `start`. */
function firstAtOrAfter(offsets: number[], start: number): number {
  let low = 0
  let high = offsets.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (offsets[middle]! < start) low = middle + 1
    else high = middle
  }
  return low
}

/** True when a `${{` starts in [start, end) of the file's source (a binary search, not a scan of the text). */
export function sourceHoldsExpression(file: SourceFile, start: number, end: number): boolean {
  const offsets = expressionIndex(file).offsets
  const at = firstAtOrAfter(offsets, start)
  return at < offsets.length && offsets[at]! < end
}

const rawTexts = new Map<SourceFile, string[]>()

/**
 * The undecoded text between every `${{` of the file and its `}}`, without walking the YAML: a superset of the
 * expressions (comments and keys included) for a quick test of whether an audit can find anything in the file.
 * Quote and escape decoding and line folding never add letters, brackets, `&&`, `||` or dots, so a test that
 * matches no raw text matches no decoded expression either.
 */
export function rawExpressionTexts(file: SourceFile): string[] {
  let texts = rawTexts.get(file)
  if (texts === undefined) {
    texts = []
    const text = file.text
    // Each start is closed on its own, as findExpressions closes it inside its scalar.
    const { offsets, closes } = expressionIndex(file)
    for (let index = 0; index < offsets.length; index++) {
      if (closes[index] !== -1) texts.push(text.slice(offsets[index]! + 3, closes[index]))
    }
    rawTexts.set(file, texts)
  }
  return texts
}

/** True when some raw expression text of the file passes the test (see rawExpressionTexts). */
export function someRawExpression(file: SourceFile, test: (raw: string) => boolean): boolean {
  const texts = rawExpressionTexts(file)
  for (let index = 0; index < texts.length; index++) if (test(texts[index]!)) return true
  return false
}

const lineBreaks = new Map<SourceFile, string>()

/** The file's line break (CRLF when it has any), looked up once per file: fixes of many findings need it. */
export function lineBreakOf(file: SourceFile): string {
  let lineBreak = lineBreaks.get(file)
  if (lineBreak === undefined) {
    lineBreak = file.text.includes('\r\n') ? '\r\n' : '\n'
    lineBreaks.set(file, lineBreak)
  }
  return lineBreak
}

/** Empties the per-node caches once a run is over, so that they never keep a repository's model alive. */
export function releaseCaches(): void {
  releaseExpressionCaches()
  expressions.clear()
  lineBreaks.clear()
  rawTexts.clear()
  indexes.clear()
}
