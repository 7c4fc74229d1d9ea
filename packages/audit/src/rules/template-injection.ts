import type { Level } from '@pipeguard/policy'
import { isMap, isScalar, pairOf, type Step, type TextEdit, type YamlScalar } from '@pipeguard/workflow'
import { findExpressions, lineBreakOf, mayHoldExpression, type FoundExpression } from '../cached.js'
import { parseExpression } from '../expression.js'
import { stepGuard, type Guard } from '../guards.js'
import { CODE_INPUTS } from '../known-actions.js'
import type { AuditContext, AuditRule, AuditUnit, StepInUnit } from '../rule.js'
import { isPosixShell, shellOf } from '../shell-of.js'
import { unitSteps } from '../steps.js'
import { githubTaint, taintedSources, type Scope, type Taint, type TaintSource } from '../taint.js'

const LEVEL: Record<Taint, Level> = { attacker: 'error', input: 'warning', low: 'note' }
const WHO: Record<Taint, string> = {
  attacker: 'anyone who can open an issue or pull request controls it',
  input: 'it is text, not code, and may hold quotes or $(...)',
  low: 'people with write access choose it (a branch name, a username), and it may hold shell syntax',
}

const CODE_INPUT_NAMES = new Map(Object.entries(CODE_INPUTS))
const WHOLE_EXPRESSION = /^\s*\$\{\{([\s\S]*)\}\}\s*$/
const TEXTUAL_ATTACKER = /github\.(?:event\.[\w.*[\]'"-]+|head_ref)/i

export const templateInjection: AuditRule = {
  meta: {
    id: 'template-injection',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'An attacker-controlled expression is expanded into code (a run: script or a script input)',
    help: 'GitHub substitutes ${{ }} into the script text before the shell runs it, so the value becomes code. Pass it through env: and use the variable quoted: `env: TITLE: ${{ github.event.issue.title }}` then `echo "$TITLE"`. `pipeguard audit --fix` does this for run: steps.',
    examples: {
      bad: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n',
      good: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          TITLE: ${{ github.event.issue.title }}\n        run: echo "$TITLE"\n',
    },
  },
  check(unit, context) {
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) {
      const entry = steps[index]!
      const run = entry.step.run
      const slug = entry.slug
      const inputs = slug === undefined ? undefined : CODE_INPUT_NAMES.get(slug)
      const withNode = entry.step.with
      const codeInputs = inputs !== undefined && isMap(withNode)
      if ((run === undefined || !mayHoldExpression(unit.file, run)) && !codeInputs) continue
      const scope: Scope = { unit, job: entry.job, step: entry.step, siblings: entry.siblings, position: entry.position }
      if (run !== undefined) auditScalar(unit, context, entry, scope, run, 'a shell script', true)
      if (!codeInputs) continue
      for (const pair of withNode.pairs) {
        if (isScalar(pair.value) && inputs.includes(pair.key.value.toLowerCase())) {
          auditScalar(unit, context, entry, scope, pair.value, `the code input \`${pair.key.value}\` of ${slug}`, false)
        }
      }
    }
  },
}

interface Hit {
  expression: FoundExpression
  source: TaintSource
}

function auditScalar(
  unit: AuditUnit,
  context: AuditContext,
  entry: StepInUnit,
  scope: Scope,
  scalar: YamlScalar,
  sink: string,
  fixable: boolean,
): void {
  const hits: Hit[] = []
  let guard: Guard | undefined | null = null
  const found = findExpressions(unit.file, scalar)
  for (let index = 0; index < found.length; index++) {
    const expression = found[index]!
    let source = worstSource(expression.text, scope)
    if (source?.taint === 'attacker') {
      // An if: that admits only branches of this repository leaves the pull request's text to people with write access.
      guard = guard === null ? stepGuard(unit, entry.job, entry.step) : guard
      if (guard === 'same-repository' || guard === 'unprivileged-event') source = { ...source, taint: 'input' }
    }
    if (source !== undefined) hits.push({ expression, source })
  }
  if (hits.length === 0) {
    const only = WHOLE_EXPRESSION.exec(scalar.value)
    if (fixable && only !== null && !only[1]!.includes('}}') && !/^\s*(inputs|matrix)\.[\w-]+\s*$/.test(only[1]!)) {
      // The whole script is computed: what runs cannot be reviewed in the workflow.
      context.report({
        start: scalar.start,
        end: scalar.end,
        level: 'note',
        message:
          'the whole script is computed by an expression, so what runs cannot be read in the workflow; write the script out and pass values through env:.',
      })
    }
    return
  }
  const fix = fixable && context.fixes ? envIndirection(unit, entry, scalar, hits) : undefined
  hits.forEach((hit, index) => {
    const { source } = hit
    const via = source.via === undefined ? '' : ` (through ${source.via})`
    const kind =
      source.taint === 'attacker'
        ? 'is attacker-controllable and expanded into'
        : source.taint === 'input'
          ? 'comes from whoever runs or calls this and is expanded into'
          : 'is expanded into'
    context.report({
      start: hit.expression.start,
      end: hit.expression.end,
      level: LEVEL[source.taint],
      message:
        `${source.path}${via} ${kind} ${sink}: ${WHO[source.taint]}, and GitHub pastes it into the code before it runs. ` +
        'Pass it through env: and use the variable, quoted ("$VAR").',
      snippet: `${hit.expression.text} in ${scalar.value.slice(0, 200)}`,
      ...(index === 0 && fix !== undefined ? { fix } : {}),
    })
  })
}

function worstSource(text: string, scope: Scope): TaintSource | undefined {
  let sources = taintedSources(text, scope)
  // An expression GitHub's parser rejects fails closed: a textual attacker context in it is reported.
  const textual = sources.length === 0 ? TEXTUAL_ATTACKER.exec(text) : null
  if (textual !== null && parseExpression(text) === null) {
    const taint = githubTaint(
      textual[0]
        .toLowerCase()
        .replace(/\[\d+\]/g, '.*')
        .split('.'),
    )
    if (taint !== undefined) sources = [{ path: textual[0], taint }]
  }
  let worst: TaintSource | undefined
  for (const source of sources) {
    if (worst === undefined || LEVEL_RANK[source.taint] > LEVEL_RANK[worst.taint]) worst = source
  }
  return worst
}

const LEVEL_RANK: Record<Taint, number> = { attacker: 3, input: 2, low: 1 }

/** A variable name for an expression: its first context path, upper-cased (`github.event.issue.title` → ISSUE_TITLE). */
function variableName(source: TaintSource): string {
  const path = (source.via ?? source.path).replace(/^github\.event\./i, '').replace(/^github\./i, '')
  const name = path
    .replace(/\.\*/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
  return /^[A-Z_]/.test(name) ? name : `V_${name}`
}

/**
 * The env: indirection fix for a run: step: each tainted `${{ }}` becomes a quoted shell variable and the
 * expression moves to the step's env:. Only where it is certainly right: a POSIX shell, a block scalar that is
 * not shared through an anchor, no heredoc before the expression, not inside single quotes.
 */
function envIndirection(unit: AuditUnit, entry: StepInUnit, scalar: YamlScalar, hits: Hit[]): TextEdit[] | undefined {
  const step: Step = entry.step
  if (!isPosixShell(shellOf(unit, entry.job, step))) return undefined
  if (scalar.style !== 'literal' && scalar.style !== 'folded') return undefined
  if (scalar.anchor !== undefined) return undefined
  if (step.env !== undefined && (!isMap(step.env) || unit.file.text[step.env.start] === '{')) return undefined
  const text = unit.file.text
  const edits: TextEdit[] = []
  const names = new Map<string, string>()
  const existing = new Map<string, string>()
  if (isMap(step.env)) for (const pair of step.env.pairs) existing.set(pair.key.value, isScalar(pair.value) ? pair.value.value : '')
  for (const hit of hits) {
    if (hit.source.taint === 'low') continue
    const before = text.slice(scalar.start, hit.expression.start)
    if (/<<-?\s*['"]?\w/.test(before)) return undefined
    const quote = quoteState(before.slice(before.indexOf('\n') + 1))
    if (quote === 'single') continue
    const value = `\${{ ${hit.expression.text} }}`
    let name = names.get(value)
    if (name === undefined) {
      const base = variableName(hit.source)
      name = base
      for (let suffix = 2; existing.has(name) && existing.get(name) !== value; suffix++) name = `${base}_${suffix}`
      names.set(value, name)
    }
    edits.push({ start: hit.expression.start, end: hit.expression.end, text: quote === 'double' ? `\${${name}}` : `"\${${name}}"` })
  }
  if (edits.length === 0) return undefined
  const lines = [...names].filter(([value, name]) => existing.get(name) !== value).map(([value, name]) => `${name}: ${yamlValue(value)}`)
  if (lines.length === 0) return edits
  const lineBreak = lineBreakOf(unit.file)
  if (isMap(step.env) && step.env.pairs.length > 0) {
    const last = step.env.pairs[step.env.pairs.length - 1]!
    const indent = ' '.repeat(unit.file.position(last.key.start).column - 1)
    const lastEnd = Math.max(last.key.end, (last.value ?? last.key).end)
    const lineEnd = lineEndAfter(text, lastEnd - 1)
    edits.push({ start: lineEnd, end: lineEnd, text: lines.map((line) => `${lineBreak}${indent}${line}`).join('') })
  } else if (step.env === undefined) {
    const runKey = pairOf(step.node, 'run')!.key
    const indent = ' '.repeat(unit.file.position(runKey.start).column - 1)
    edits.push({
      start: runKey.start,
      end: runKey.start,
      text: `env:${lines.map((line) => `${lineBreak}${indent}  ${line}`).join('')}${lineBreak}${indent}`,
    })
  } else return undefined
  return edits
}

function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset)
  if (newline === -1) return text.length
  return text[newline - 1] === '\r' ? newline - 1 : newline
}

function yamlValue(value: string): string {
  return /: |\s#|^[\s'"]|\s$/.test(value) ? `'${value.replace(/'/g, "''")}'` : value
}

/** Whether the end of a shell text is inside single quotes, double quotes or neither. */
function quoteState(text: string): 'single' | 'double' | 'none' {
  let state: 'single' | 'double' | 'none' = 'none'
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (state === 'single') {
      if (char === "'") state = 'none'
    } else if (state === 'double') {
      if (char === '\\') index++
      else if (char === '"') state = 'none'
    } else if (char === '\\') index++
    else if (char === "'") state = 'single'
    else if (char === '"') state = 'double'
    else if (char === '\n') state = 'none'
    else if (char === '#' && (index === 0 || /\s/.test(text[index - 1]!))) {
      const newline = text.indexOf('\n', index)
      if (newline === -1) return 'none'
      index = newline
    }
  }
  return state
}
