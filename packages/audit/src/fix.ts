import { join } from 'node:path'
import { applyEdits, editFile, type Repository, type SourceFile, type TextEdit } from '@pipeguard/workflow'
import type { AuditFix } from './engine.js'

export interface FixChange {
  path: string
  line: number
  ruleId: string
}

export interface FixOutcome {
  changes: FixChange[]
  /** The new text of each changed file, by path. */
  files: Map<string, { before: string; after: string }>
}

/** Edits of several fixes to one file: a fix whose edits overlap an earlier one waits for the next run. */
export function combineFixes(fixes: readonly AuditFix[]): { edits: TextEdit[]; applied: AuditFix[] } {
  const edits: TextEdit[] = []
  const applied: AuditFix[] = []
  for (const fix of fixes) {
    const overlaps = fix.edits.some((edit) =>
      edits.some((other) => edit.start < Math.max(other.end, other.start + 1) && other.start < Math.max(edit.end, edit.start + 1)),
    )
    if (overlaps) continue
    edits.push(...fix.edits)
    applied.push(fix)
  }
  return { edits, applied }
}

/** The fixed texts, without writing anything (for --fix in dry runs and for tests). */
export function planFixes(files: ReadonlyMap<string, SourceFile>, fixes: readonly AuditFix[]): FixOutcome {
  const outcome: FixOutcome = { changes: [], files: new Map() }
  const byPath = new Map<string, AuditFix[]>()
  for (const fix of fixes) byPath.set(fix.path, [...(byPath.get(fix.path) ?? []), fix])
  for (const [path, list] of byPath) {
    const file = files.get(path)
    if (file === undefined) continue
    const { edits, applied } = combineFixes(list)
    const after = applyEdits(file.text, edits)
    if (after === file.text) continue
    outcome.files.set(path, { before: file.text, after })
    outcome.changes.push(...applied.map((fix) => ({ path, line: fix.line, ruleId: fix.ruleId })))
  }
  return outcome
}

/** Applies the fixes to the repository's files on disk, atomically per file. */
export function applyFixes(repository: Repository, fixes: readonly AuditFix[]): FixOutcome {
  const files = new Map<string, SourceFile>()
  for (const unit of [...repository.workflows, ...repository.actions]) files.set(unit.file.path, unit.file)
  const outcome = planFixes(files, fixes)
  for (const [path, { before }] of outcome.files) {
    const file = files.get(path)!
    const { edits } = combineFixes(fixes.filter((fix) => fix.path === path))
    editFile(join(repository.root, path), before, edits)
    void file
  }
  return outcome
}
