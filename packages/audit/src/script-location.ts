import type { SourceFile, YamlScalar } from '@pipeguard/workflow'

/**
 * The source offsets of a range of a scalar's value (a script line, a word), found by locating the value's line
 * in the scalar's source text: exact for block and plain scalars, the scalar itself when escapes make the
 * source differ from the value.
 */
export function sourceRange(file: SourceFile, scalar: YamlScalar, start: number, end: number): { start: number; end: number } {
  const value = scalar.value
  const lineStart = value.lastIndexOf('\n', start - 1) + 1
  const lineEndIndex = value.indexOf('\n', start)
  const line = value.slice(lineStart, lineEndIndex === -1 ? undefined : lineEndIndex)
  if (line.trim() === '') return { start: scalar.start, end: scalar.end }
  // Count identical lines before this one, so repeated lines map to the right occurrence.
  let occurrence = 0
  for (let index = value.indexOf(line); index !== -1 && index < lineStart; index = value.indexOf(line, index + 1)) occurrence++
  let found = -1
  let cursor = scalar.start
  for (let count = 0; count <= occurrence; count++) {
    found = file.text.indexOf(line, cursor)
    if (found === -1 || found >= scalar.end) return { start: scalar.start, end: scalar.end }
    cursor = found + 1
  }
  const from = found + (start - lineStart)
  return { start: from, end: Math.min(from + (end - start), found + line.length) }
}
