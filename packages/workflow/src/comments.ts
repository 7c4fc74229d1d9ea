import type { SourceFile } from './source-file.js'
import type { YamlNode } from './yaml-node.js'

/** A YAML comment: `text` starts with `#`; offsets are into the file. */
export interface Comment {
  text: string
  start: number
  end: number
  line: number
}

/**
 * Every comment of a file, in order. A `#` counts only where YAML reads a comment: at the start of a line or after
 * a blank, and outside every scalar of the document (a `#` in a `run: |` script is shell, not YAML).
 */
export function commentsOf(file: SourceFile, root: YamlNode | null): Comment[] {
  const scalars: [number, number][] = []
  collectScalarRanges(root, scalars, new Set())
  scalars.sort((a, b) => a[0] - b[0])
  const comments: Comment[] = []
  const text = file.text
  let next = 0
  for (let index = text.indexOf('#'); index !== -1; index = text.indexOf('#', index + 1)) {
    const before = index === 0 ? '\n' : text[index - 1]!
    if (before !== ' ' && before !== '\t' && before !== '\n' && before !== '\r') continue
    while (next < scalars.length && scalars[next]![1] <= index) next++
    const inside = next < scalars.length && scalars[next]![0] <= index
    if (inside) continue
    let end = text.indexOf('\n', index)
    if (end === -1) end = text.length
    const commentText = text.slice(index, end).replace(/\r$/, '')
    comments.push({ text: commentText, start: index, end: index + commentText.length, line: file.position(index).line })
    index = end
  }
  return comments
}

/** A comment after a node on its line: `text` starts with `#`; offsets are into the file. */
export interface TrailingComment {
  text: string
  start: number
  end: number
}

/** Where the line holding `offset` ends, before its `\n` or `\r\n` (no line index needed). */
export function lineEndAfter(text: string, offset: number): number {
  let end = text.indexOf('\n', offset)
  if (end === -1) end = text.length
  return end > 0 && text.charCodeAt(end - 1) === 13 ? end - 1 : end
}

/** The comment after a node on the same line (`uses: a@sha # v4.1.0`), or undefined. */
export function commentAfter(file: SourceFile, node: YamlNode): TrailingComment | undefined {
  const lineEnd = lineEndAfter(file.text, node.end)
  const match = /^[ \t]+(#.*)$/.exec(file.text.slice(node.end, lineEnd))
  if (match === null) return undefined
  const text = match[1]!.trimEnd()
  const start = lineEnd - match[1]!.length
  return { text, start, end: start + text.length }
}

function collectScalarRanges(node: YamlNode | null, ranges: [number, number][], seen: Set<YamlNode>): void {
  if (node === null || seen.has(node)) return
  seen.add(node)
  if (node.kind === 'scalar') {
    if (node.end > node.start) ranges.push([node.start, node.end])
  } else if (node.kind === 'seq') {
    for (const item of node.items) collectScalarRanges(item, ranges, seen)
  } else {
    for (const pair of node.pairs) {
      collectScalarRanges(pair.key, ranges, seen)
      collectScalarRanges(pair.value, ranges, seen)
    }
  }
}
