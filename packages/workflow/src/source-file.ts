import type { Span } from '@pipeguard/policy'

/** A scanned file's text with a line index, to turn offsets into 1-based lines and columns. */
export class SourceFile {
  private starts: number[] | undefined

  constructor(
    /** Relative to the scanned root, with `/`. */
    readonly path: string,
    readonly text: string,
  ) {}

  /** Offsets where each line starts; built on first use, since most files never need a position. */
  get lineStarts(): number[] {
    if (this.starts === undefined) {
      const text = this.text
      const starts = [0]
      for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1)
      this.starts = starts
    }
    return this.starts
  }

  get lineCount(): number {
    const last = this.lineStarts[this.lineStarts.length - 1]!
    return last === this.text.length ? this.lineStarts.length - 1 : this.lineStarts.length
  }

  /** 1-based line and column (in UTF-16 code units, as editors and GitHub count them) of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: offset - starts[low]! + 1 }
  }

  span(start: number, end: number): Span {
    const from = this.position(start)
    const to = this.position(Math.max(start, end))
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column }
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1]
    if (start === undefined) return ''
    const next = this.lineStarts[line]
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '')
  }

  /** The offset where a 1-based line starts. */
  offsetOfLine(line: number): number {
    return this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1]!
  }
}
