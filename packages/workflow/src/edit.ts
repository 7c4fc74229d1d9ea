import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '@pipeguard/policy'

/** Replace text[start, end) with `text`. Offsets are into the original text. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/**
 * Applies non-overlapping edits to a text, touching no other byte: the basis of every fix mode, which must keep
 * comments, quotes, indentation and line endings as they are. Overlapping edits are a bug in the caller.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  let result = ''
  let cursor = 0
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`)
    result += text.slice(cursor, edit.start) + edit.text
    cursor = edit.end
  }
  return result + text.slice(cursor)
}

/**
 * Applies edits to a file atomically (temporary file and rename). Returns the new text, or undefined when the
 * edits change nothing (so a second run of a fix writes nothing). The file must still hold `expected`.
 */
export function editFile(path: string, expected: string, edits: readonly TextEdit[]): string | undefined {
  const current = readFileSync(path, 'utf8')
  if (current !== expected) throw new Error(`${path} changed while it was being fixed; run again`)
  const updated = applyEdits(current, edits)
  if (updated === current) return undefined
  writeFileAtomic(path, updated)
  return updated
}

/** The line break a file uses, so inserted lines match it (CRLF files stay CRLF). */
export function lineBreakOf(text: string): '\r\n' | '\n' {
  return text.includes('\r\n') ? '\r\n' : '\n'
}

/** A unified diff of two versions of a file, for fix modes to print what they changed. */
export function unifiedDiff(path: string, before: string, after: string, context = 2): string {
  const a = linesOf(before)
  const b = linesOf(after)
  // Fix modes change lines in place or insert a few: walk both sides with a small LCS on each differing window.
  const regions: { i: number; endA: number; j: number; endB: number }[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++
      j++
      continue
    }
    const [endA, endB] = resync(a, b, i, j)
    regions.push({ i, endA, j, endB })
    i = endA
    j = endB
  }
  // Changes closer than two contexts share one hunk, so no line is printed twice and none is skipped.
  const groups: (typeof regions)[] = []
  for (const region of regions) {
    const group = groups[groups.length - 1]
    if (group !== undefined && region.i - group[group.length - 1]!.endA <= 2 * context) group.push(region)
    else groups.push([region])
  }
  const hunks = groups.map((group) => {
    const first = group[0]!
    const last = group[group.length - 1]!
    const startA = Math.max(0, first.i - context)
    const startB = Math.max(0, first.j - context)
    const tailA = Math.min(a.length, last.endA + context)
    const tailB = Math.min(b.length, last.endB + context)
    const lines = [`@@ -${startA + 1},${tailA - startA} +${startB + 1},${tailB - startB} @@`]
    for (let k = startA; k < first.i; k++) lines.push(` ${a[k]}`)
    group.forEach((region, index) => {
      for (let k = region.i; k < region.endA; k++) lines.push(`-${a[k]}`)
      for (let k = region.j; k < region.endB; k++) lines.push(`+${b[k]}`)
      const until = index + 1 < group.length ? group[index + 1]!.i : tailA
      for (let k = region.endA; k < until; k++) lines.push(` ${a[k]}`)
    })
    return lines.join('\n')
  })
  if (hunks.length === 0) return ''
  return `--- a/${path}\n+++ b/${path}\n${hunks.join('\n')}\n`
}

function linesOf(text: string): string[] {
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** The first indexes after a differing window where both sides agree again. */
function resync(a: string[], b: string[], i: number, j: number): [number, number] {
  for (let distance = 1; distance < a.length + b.length; distance++) {
    for (let da = 0; da <= distance; da++) {
      const x = i + da
      const y = j + distance - da
      if (x <= a.length && y <= b.length && (x === a.length || y === b.length ? x === a.length && y === b.length : a[x] === b[y])) {
        return [x, y]
      }
    }
  }
  return [a.length, b.length]
}
