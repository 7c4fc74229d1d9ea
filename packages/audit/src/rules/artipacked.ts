import { isMap, pairOf, scalarOf, type Step, type TextEdit } from '@pipeguard/workflow'
import { lineBreakOf } from '../cached.js'
import type { AuditRule, AuditUnit } from '../rule.js'
import { unitSteps } from '../steps.js'

const WORKSPACE = /^\s*(\.\/?|\*{1,2}|\$\{\{\s*github\.workspace\s*\}\}\/?)\s*$/

// Built once: the audit reports every checkout of most repositories.
const message = (where: string): string =>
  `actions/checkout keeps the job's token in .git/config, where ${where} can read it. Add \`persist-credentials: false\` under with: (and give a token explicitly to the step that pushes).`
const MESSAGE = message('later steps')
const UPLOADED_MESSAGE = message('later steps and the artifact this job uploads (the whole workspace, hidden files included)')

export const artipacked: AuditRule = {
  meta: {
    id: 'artipacked',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'actions/checkout leaves the token in .git/config (persist-credentials)',
    help: 'actions/checkout writes the job token into .git/config unless `persist-credentials: false`; any later step, and any artifact that includes the checkout, can read it. Add `with: persist-credentials: false` (`pipeguard audit --fix` does) and pass a token explicitly to the step that pushes.',
    examples: {
      bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/upload-artifact@v4\n        with:\n          path: .\n          include-hidden-files: true\n',
      good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n',
    },
  },
  check(unit, context) {
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) {
      const { step, job, position, siblings, slug } = steps[index]!
      if (slug !== 'actions/checkout' || step.uses === undefined) continue
      const persist = scalarOf(step.with, 'persist-credentials')
      // The job's later steps follow this one in the unit's list (with their slugs).
      let uploads = false
      if (job !== undefined) {
        const last = index + siblings.length - position
        for (let later = index + 1; later < last && !uploads; later++) uploads = uploadsGitFolder(steps[later]!.step, steps[later]!.slug)
      }
      if (persist === undefined) {
        const fix = context.fixes ? persistFix(unit, step) : undefined
        context.report({
          start: step.uses.node.start,
          end: step.uses.node.end,
          level: uploads ? 'error' : 'warning',
          message: uploads ? UPLOADED_MESSAGE : MESSAGE,
          ...(fix === undefined ? {} : { fix }),
        })
      } else if (persist.value === 'true' && context.persona === 'pedantic') {
        context.report({
          start: persist.start,
          end: persist.end,
          level: 'note',
          message:
            'persist-credentials: true keeps the job token in .git/config for every later step; prefer passing a token only to the step that pushes.',
        })
      }
    }
  },
}

/**
 * An upload-artifact step whose artifact includes .git/config: the whole workspace, with hidden files (the default
 * before upload-artifact v4.4, an option since).
 */
function uploadsGitFolder(step: Step, slug: string | undefined): boolean {
  if (slug !== 'actions/upload-artifact' || step.uses === undefined || step.uses.ref.kind !== 'repository') return false
  const path = scalarOf(step.with, 'path')?.value ?? ''
  const wholeWorkspace = path.split('\n').some((line) => WORKSPACE.test(line))
  if (!wholeWorkspace) return false
  const major = /^v?(\d+)/.exec(step.uses.ref.ref ?? '')?.[1]
  return scalarOf(step.with, 'include-hidden-files')?.value.trim() === 'true' || (major !== undefined && Number(major) < 4)
}

/** Adds `persist-credentials: false` to the step's block `with:` map, or a new `with:` below `uses:`. */
function persistFix(unit: AuditUnit, step: Step): TextEdit[] | undefined {
  const text = unit.file.text
  const lineBreak = lineBreakOf(unit.file)
  const withNode = step.with
  if (isMap(withNode)) {
    if (text[withNode.start] === '{' || withNode.pairs.length === 0) return undefined
    const first = withNode.pairs[0]!
    const indent = ' '.repeat(unit.file.position(first.key.start).column - 1)
    const lineStart = unit.file.offsetOfLine(unit.file.position(first.key.start).line)
    if (text.slice(lineStart, first.key.start).trim() !== '') return undefined
    return [{ start: lineStart, end: lineStart, text: `${indent}persist-credentials: false${lineBreak}` }]
  }
  if (pairOf(step.node, 'with') !== undefined || step.uses === undefined || step.node.anchor !== undefined) return undefined
  const usesKey = pairOf(step.node, 'uses')!.key
  const position = unit.file.position(usesKey.start)
  if (position.line !== unit.file.position(step.uses.node.end).line) return undefined
  const indent = ' '.repeat(position.column - 1)
  const lineEnd = unit.file.offsetOfLine(position.line) + unit.file.lineText(position.line).length
  // After the whole line, so a trailing comment (`# v4.2.2`) stays with its uses:.
  return [{ start: lineEnd, end: lineEnd, text: `${lineBreak}${indent}with:${lineBreak}${indent}  persist-credentials: false` }]
}
