import { expressionsInValue, isMap, isScalar, type YamlScalar } from '@pipeguard/workflow'
import type { AuditRule, AuditUnit } from '../rule.js'
import { sourceRange } from '../script-location.js'
import { parseShell, placeholdersIn, walkShell, wordText, type ShellNode } from '../shell.js'
import { isPosixShell, shellOf } from '../shell-of.js'
import { unitSteps } from '../steps.js'
import { taintedSources, type Scope } from '../taint.js'
import { hasPrivilegedTrigger } from '../triggers.js'

export const githubEnv: AuditRule = {
  meta: {
    id: 'github-env',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'A computed value is written to GITHUB_ENV or GITHUB_PATH in a privileged context',
    help: "Every later step runs with what is written to $GITHUB_ENV / $GITHUB_PATH (LD_PRELOAD, NODE_OPTIONS, PATH entries), so a value an attacker influences becomes code execution with the workflow's secrets. Pass data between steps with $GITHUB_OUTPUT and env:, or validate the value strictly before writing it.",
    examples: {
      bad: 'on: pull_request_target\njobs:\n  meta:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: echo "TITLE=$TITLE" >> "$GITHUB_ENV"\n',
      good: 'on: pull_request_target\njobs:\n  meta:\n    runs-on: ubuntu-latest\n    steps:\n      - id: meta\n        env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: echo "title-length=${#TITLE}" >> "$GITHUB_OUTPUT"\n',
    },
  },
  check(unit, context) {
    if (!needsShellParser(unit)) return
    // Ordinary pull_request workflows run with a read-only token and no secrets: writing the environment
    // there is routine. Actions are audited too, since their callers may be privileged.
    for (const { step, job, siblings, position } of unitSteps(unit)) {
      const run = step.run
      if (run === undefined || !/GITHUB_(ENV|PATH)/.test(run.value)) continue
      const scope: Scope = { unit, job, step, siblings, position }
      const shell = shellOf(unit, job, step)
      const writes = isPosixShell(shell)
        ? posixWrites(run.value, taintedNames(scope), expressionTaints(run.value, scope))
        : lineWrites(run.value)
      for (const write of writes) {
        const range = sourceRange(unit.file, run, write.start, write.end)
        const where =
          unit.kind === 'action' ? 'in an action that privileged workflows may call' : 'in a workflow that runs on a privileged trigger'
        context.report({
          ...range,
          // Traced to attacker (or input) data: error in a privileged workflow, warning in an action (its
          // callers decide); untraced computed values one level lower (installers add to PATH all the time).
          level:
            unit.kind === 'action' ? (write.tainted !== undefined ? 'warning' : 'note') : write.tainted !== undefined ? 'error' : 'warning',
          message:
            write.tainted !== undefined
              ? `${write.tainted} reaches ${write.target} ${where}: whoever controls it sets the environment (or PATH) of every later step, e.g. LD_PRELOAD or NODE_OPTIONS. Pass data through $GITHUB_OUTPUT and env:, or validate it strictly before writing.`
              : `a computed value is written to ${write.target} ${where}; its origin could not be traced here, and whoever influences it controls the environment (or PATH) of every later step. Prefer $GITHUB_OUTPUT and env:, or validate it before writing.`,
          snippet: `${write.target} ${run.value.slice(write.start, write.end)}`,
        })
      }
    }
  },
}

/** Names of environment variables (step, job, workflow env:) whose values carry attacker or input data. */
function taintedNames(scope: Scope): Map<string, string> {
  const names = new Map<string, string>()
  const owners = [scope.unit.kind === 'workflow' ? scope.unit.workflow.env : undefined, scope.job?.env, scope.step?.env]
  for (const env of owners) {
    if (!isMap(env)) continue
    for (const pair of env.pairs) {
      if (!isScalar(pair.value) || !pair.value.value.includes('${{')) continue
      const sources = expressionsInValue(pair.value.value).flatMap((expression) => taintedSources(expression.text, scope))
      const worst = sources.find((source) => source.taint !== 'low')
      if (worst !== undefined) names.set(pair.key.value, worst.path)
    }
  }
  return names
}

/** For each `${{ }}` of the script in order, the attacker or input context it expands, if any. */
function expressionTaints(script: string, scope: Scope): (string | undefined)[] {
  return expressionsInValue(script).map(
    (expression) => taintedSources(expression.text, scope).find((source) => source.taint !== 'low')?.path,
  )
}

/** True when the unit can have findings: a privileged workflow or an action that mentions an environment file. */
export function needsShellParser(unit: AuditUnit): boolean {
  if (unit.kind === 'dependabot' || (unit.kind === 'workflow' && !hasPrivilegedTrigger(unit))) return false
  return /GITHUB_(ENV|PATH)/.test(unit.file.text)
}

interface Write {
  target: string
  /** The written line's offsets in the script value. */
  start: number
  end: number
  /** The attacker or input context the written value is traced to, when it is. */
  tainted?: string
}

function lineRange(script: string, row: number): { start: number; end: number } {
  let start = 0
  for (let line = 0; line < row; line++) {
    const next = script.indexOf('\n', start)
    if (next === -1) break
    start = next + 1
  }
  const end = script.indexOf('\n', start)
  return { start, end: end === -1 ? script.length : end }
}

/** Commands whose output is (a filtered copy of) their input or arguments: taint flows through them. */
const PASS_THROUGH =
  /^(echo|printf|cat|sed|grep|egrep|cut|tr|awk|head|tail|xargs|basename|dirname|sort|uniq|rev|fold|jq|yq|envsubst|base64|tee)$/
const DYNAMIC_PARTS = new Set(['ParamExp', 'CmdSubst', 'ArithmExp', 'ProcSubst'])

/**
 * Writes to the environment files in a POSIX shell script whose content is not wholly literal, each traced, when
 * possible, to the attacker or input data it carries: through env: variables, `${{ }}` expressions and shell
 * assignments (`x=$(echo "$TITLE" | sed ...)`), following only commands that pass their input through. A
 * script that does not parse is read line by line.
 */
export function posixWrites(
  script: string,
  taintedEnv: Map<string, string> = new Map(),
  expressions: (string | undefined)[] = [],
): Write[] {
  const file = parseShell(script)
  if (file === undefined) return lineWrites(script)
  const tainted = new Map(taintedEnv)
  const calls = (root: ShellNode): ShellNode[] => {
    const found: ShellNode[] = []
    walkShell(root, (node) => {
      if (node.type === 'CallExpr') found.push(node)
    })
    return found
  }
  const argumentsOf = (call: ShellNode): ShellNode[] => call.children.filter((child) => child.type === 'Word')
  const commandName = (call: ShellNode): string => wordText(argumentsOf(call)[0])
  const taintOf = (word: ShellNode | undefined): string | undefined => {
    if (word === undefined) return undefined
    let found: string | undefined
    walkShell(word, (node) => {
      if (found !== undefined) return false
      if (node.type === 'Lit') {
        for (const index of placeholdersIn(node.value ?? '')) found ??= expressions[index]
      } else if (node.type === 'ParamExp') {
        if (node.value !== undefined && tainted.has(node.value)) found = tainted.get(node.value)
      } else if (node.type === 'CmdSubst') {
        // A command substitution carries taint only through commands that pass their input through.
        const inner = calls(node)
        if (inner.length > 0 && inner.every((call) => PASS_THROUGH.test(commandName(call)))) {
          for (const call of inner) found ??= taintOfArguments(call)
        }
        return false
      }
      return true
    })
    return found
  }
  const taintOfArguments = (call: ShellNode): string | undefined => {
    for (const argument of argumentsOf(call).slice(1)) {
      const found = taintOf(argument)
      if (found !== undefined) return found
    }
    return undefined
  }
  // Assignments, in a few rounds so that chains (a=$TITLE; b=$a) are followed.
  const assignments: ShellNode[] = []
  walkShell(file, (node) => {
    if (node.type === 'Assign') assignments.push(node)
  })
  for (let round = 0; round < 3; round++) {
    for (const assignment of assignments) {
      const name = assignment.value
      if (name === undefined || tainted.has(name)) continue
      const found = taintOf(assignment.children.find((child) => child.type === 'Word'))
      if (found !== undefined) tainted.set(name, `${found} (through $${name})`)
    }
  }
  const writes: Write[] = []
  const seen = new Set<number>()
  walkShell(file, (statement) => {
    if (statement.type !== 'Stmt') return true
    const redirects = statement.children.filter((child) => child.type === 'Redirect')
    const redirect = redirects.find((entry) =>
      /GITHUB_(ENV|PATH)/.test(wordText(entry.children.find((child) => child.type === 'Word' && child.heredoc !== true))),
    )
    const inner = calls(statement)
    const tee = inner.find(
      (call) =>
        /^(tee|cp|mv|install|dd)$/.test(commandName(call)) &&
        argumentsOf(call)
          .slice(1)
          .some((argument) => /GITHUB_(ENV|PATH)/.test(wordText(argument))),
    )
    const target = /GITHUB_(ENV|PATH)/.exec(
      redirect !== undefined ? wordText(redirect) : tee !== undefined ? argumentsOf(tee).map(wordText).join(' ') : '',
    )
    if (target === null) return true
    const heredocs = redirects.flatMap((entry) => entry.children.filter((child) => child.heredoc === true))
    const writers = inner.filter((call) => call !== tee)
    const dynamic =
      writers.length === 0
        ? heredocs.length === 0
        : writers.some((call) => !/^(echo|printf)$/.test(commandName(call)) || argumentsOf(call).slice(1).some(isDynamicWord)) ||
          heredocs.some(isDynamicWord)
    const row = (redirect ?? tee ?? statement).line
    if (!dynamic || seen.has(row)) return false
    seen.add(row)
    let source: string | undefined
    for (const call of writers) source ??= taintOfArguments(call)
    for (const body of heredocs) source ??= taintOf(body)
    writes.push({ target: `$${target[0]}`, ...lineRange(script, row), ...(source === undefined ? {} : { tainted: source }) })
    return false
  })
  return writes.sort((a, b) => a.start - b.start)
}

/** True when a word expands anything: a variable, a command, arithmetic, or a `${{ }}` placeholder. */
function isDynamicWord(word: ShellNode): boolean {
  let dynamic = false
  walkShell(word, (node) => {
    if (DYNAMIC_PARTS.has(node.type) || (node.type === 'Lit' && placeholdersIn(node.value ?? '').length > 0)) dynamic = true
    return !dynamic
  })
  return dynamic
}

/** PowerShell, cmd and others: line by line, a write whose line holds a variable or an expression. */
function lineWrites(script: string): Write[] {
  const writes: Write[] = []
  let start = 0
  for (const line of script.split('\n')) {
    const target = /GITHUB_(ENV|PATH)/.exec(line)
    if (target !== null && /(>>|Out-File|Add-Content|Set-Content|>)/i.test(line)) {
      const rest = line.replace(/\$env:GITHUB_(ENV|PATH)|%GITHUB_(ENV|PATH)%|\$\{?GITHUB_(ENV|PATH)\}?/gi, '')
      if (/\$|%\w+%|\$\{\{|\(/.test(rest)) writes.push({ target: `$${target[0]}`, start, end: start + line.length })
    }
    start += line.length + 1
  }
  return writes
}

export type { YamlScalar }
