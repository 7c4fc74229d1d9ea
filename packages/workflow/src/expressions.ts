import type { SourceFile } from './source-file.js'
import type { YamlScalar } from './yaml-node.js'
import type { Span } from '@pipeguard/policy'

/** One `${{ ... }}` found in the source, with its exact position. */
export interface Expression {
  /** The text between `${{` and `}}`, trimmed. */
  text: string
  /** Offsets of `${{` and just after `}}` in the file. */
  start: number
  end: number
  span: Span
}

/**
 * Every `${{ ... }}` inside a scalar, found in the source text itself so that positions are exact in plain,
 * quoted and block scalars. Quotes inside an expression (`'}}'`) do not end it.
 */
export function findExpressions(file: SourceFile, scalar: YamlScalar): Expression[] {
  const found: Expression[] = []
  const text = file.text
  let index = text.indexOf('${{', scalar.start)
  while (index !== -1 && index < scalar.end) {
    const close = closingBraces(text, index + 3, scalar.end)
    if (close === -1) break
    let inner = text.slice(index + 3, close)
    if (scalar.style === 'single') inner = inner.replace(/''/g, "'")
    else if (scalar.style === 'double') inner = inner.replace(/\\(["\\/])/g, '$1')
    if (scalar.style !== 'literal') inner = inner.replace(/\s*\n\s*/g, ' ')
    found.push({ text: inner.trim(), start: index, end: close + 2, span: file.span(index, close + 2) })
    index = text.indexOf('${{', close + 2)
  }
  return found
}

/** The offset of the `}}` that closes an expression starting at `from` (before `limit`), skipping string literals; -1 if none. */
export function closingBraces(text: string, from: number, limit: number): number {
  let inString = false
  for (let index = from; index < limit; index++) {
    const char = text.charCodeAt(index)
    if (char === 39 /* ' */) {
      if (inString && text.charCodeAt(index + 1) === 39) index++
      else inString = !inString
    } else if (!inString && char === 125 /* } */ && text.charCodeAt(index + 1) === 125) return index
  }
  return -1
}

/** Expressions of a scalar value that is not in a file (an already-decoded string), offsets relative to it. */
export function expressionsInValue(value: string): { text: string; start: number; end: number }[] {
  const found: { text: string; start: number; end: number }[] = []
  let index = value.indexOf('${{')
  while (index !== -1) {
    const close = closingBraces(value, index + 3, value.length)
    if (close === -1) break
    found.push({ text: value.slice(index + 3, close).trim(), start: index, end: close + 2 })
    index = value.indexOf('${{', close + 2)
  }
  return found
}
