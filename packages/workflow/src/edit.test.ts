import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { applyEdits, editFile, lineBreakOf, unifiedDiff } from './edit.js'

let repository: TempRepository | undefined
afterEach(() => repository?.remove())

describe('edits', () => {
  it('changes only the given ranges', () => {
    expect(applyEdits('uses: a@v1 # keep\r\n', [{ start: 8, end: 10, text: 'sha' }])).toBe('uses: a@sha # keep\r\n')
  })
  it('rejects overlapping edits', () => {
    expect(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, text: 'x' },
        { start: 2, end: 4, text: 'y' },
      ]),
    ).toThrow(/overlapping/)
  })
  it('writes a file atomically and writes nothing when nothing changes', () => {
    repository = tempRepository({ 'w.yml': 'a: 1\n' })
    const path = `${repository.root}/w.yml`
    expect(editFile(path, 'a: 1\n', [{ start: 3, end: 4, text: '2' }])).toBe('a: 2\n')
    expect(readFileSync(path, 'utf8')).toBe('a: 2\n')
    expect(editFile(path, 'a: 2\n', [{ start: 3, end: 4, text: '2' }])).toBeUndefined()
    expect(() => editFile(path, 'stale', [])).toThrow(/changed while/)
  })
  it('detects CRLF files', () => {
    expect(lineBreakOf('a\r\nb')).toBe('\r\n')
    expect(lineBreakOf('a\nb')).toBe('\n')
  })
  it('prints a unified diff of changed lines', () => {
    expect(unifiedDiff('w.yml', 'a\nb\nc\n', 'a\nB\nc\n')).toBe('--- a/w.yml\n+++ b/w.yml\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n')
    // changes closer than two contexts share one hunk; none is dropped or printed twice
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n')
    const after = before.replace('3', 'three').replace('6', 'six').replace('12', 'twelve')
    expect(unifiedDiff('w.yml', before, after)).toBe(
      '--- a/w.yml\n+++ b/w.yml\n@@ -1,8 +1,8 @@\n 1\n 2\n-3\n+three\n 4\n 5\n-6\n+six\n 7\n 8\n@@ -10,3 +10,3 @@\n 10\n 11\n-12\n+twelve\n',
    )
  })
})
