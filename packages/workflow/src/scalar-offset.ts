import type { SourceFile } from './source-file.js'
import type { YamlScalar } from './yaml-node.js'

/**
 * The file offset of a position inside a scalar's value (as `scalar.value` holds it), so that findings about text
 * inside a `run:` script point at the exact source line. Exact for literal block scalars and single-line scalars;
 * for folded and multi-line flow scalars the line is found by its text, else the scalar's start is returned.
 */
export function sourceOffsetOf(file: SourceFile, scalar: YamlScalar, valueOffset: number): number {
  const value = scalar.value
  const lineIndex = countNewlines(value, valueOffset)
  const lineStartInValue = value.lastIndexOf('\n', valueOffset - 1) + 1
  const column = valueOffset - lineStartInValue
  const text = file.text
  if (scalar.style === 'literal') {
    const header = text.indexOf('\n', scalar.start)
    if (header === -1) return scalar.start
    const firstLine = file.position(header + 1).line
    const indent = blockIndent(file, firstLine, scalar.end)
    const line = firstLine + lineIndex
    const start = file.offsetOfLine(line)
    const lineText = file.lineText(line)
    return Math.min(start + Math.min(indent, lineText.length) + column, scalar.end)
  }
  const quote = scalar.style === 'single' || scalar.style === 'double' ? 1 : 0
  const raw = text.slice(scalar.start, scalar.end)
  if (!raw.includes('\n') && raw.length - 2 * quote === value.length) return scalar.start + quote + valueOffset
  const lineText = value.slice(
    lineStartInValue,
    value.indexOf('\n', lineStartInValue) === -1 ? undefined : value.indexOf('\n', lineStartInValue),
  )
  const probe = lineText.slice(column, column + 40)
  const found = probe === '' ? -1 : text.indexOf(probe, scalar.start)
  return found !== -1 && found < scalar.end ? found : scalar.start
}

function countNewlines(value: string, until: number): number {
  let count = 0
  for (let index = value.indexOf('\n'); index !== -1 && index < until; index = value.indexOf('\n', index + 1)) count++
  return count
}

/** The indentation of a block scalar's content: that of its first non-empty line. */
function blockIndent(file: SourceFile, firstLine: number, end: number): number {
  for (let line = firstLine; file.offsetOfLine(line) < end && line <= file.lineStarts.length; line++) {
    const lineText = file.lineText(line)
    if (lineText.trim() !== '') return lineText.length - lineText.trimStart().length
  }
  return 0
}
