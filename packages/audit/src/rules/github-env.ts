import { expressionsInValue, isMap, isScalar, type YamlScalar } from '@pipeguard/workflow'
import type { AuditRule, AuditUnit } from '../rule.js'
import { sourceRange } from '../script-location.js'
import { parseShell, placeholdersIn, walkShell, wordText, type ShellNode } from '../shell.js'
import { isPosixShell, shellOf } from '../shell-of.js'
import { unitSteps } from '../steps.js'
import { taintedSources, type Scope } from '../taint.js'
import { hasPrivilegedTrigger } from '../triggers.js'

const ENV_FILE = /GITHUB_(ENV|PATH)/

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
      if (run === undefined || !ENV_FILE.test(run.value)) continue
      const scope: Scope = { unit, job, step, siblings, position }
      const shell = shellOf(unit, job, step)
      const writes = isPosixShell(shell)
        ? posixWrites(run.value, taintedNames(scope), expressionTaints(run.value, scope), {
            safeNames: numericNames(scope),
            safeExpressions: expressionsInValue(run.value).map((expression) => NUMERIC_EXPRESSION.test(expression.text)),
          })
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

/**
 * Contexts whose values are numbers or hex ids (`github.event.pull_request.number`, `github.run_id`,
 * `github.event.workflow_run.head_sha`), alone or as `a || b` alternatives: no attacker can put text in them.
 */
const NUMERIC_EXPRESSION =
  /^\s*(github\.[\w.]*\.(number|id|run_id|run_number|run_attempt|sha|head_sha|base_sha)|github\.(run_id|run_number|run_attempt|sha))\s*(\|\|\s*(github\.[\w.]*\.(number|id|sha|head_sha)|\d+|'\d*')\s*)*$/

/** Names of env: variables (step, job, workflow) whose values are only numeric contexts (see NUMERIC_EXPRESSION). */
function numericNames(scope: Scope): Set<string> {
  const names = new Set<string>()
  const owners = [scope.unit.kind === 'workflow' ? scope.unit.workflow.env : undefined, scope.job?.env, scope.step?.env]
  for (const env of owners) {
    if (!isMap(env)) continue
    for (const pair of env.pairs) {
      if (!isScalar(pair.value)) continue
      const value = pair.value.value
      const expressions = expressionsInValue(value)
      let rest = ''
      let from = 0
      for (const expression of expressions) {
        rest += value.slice(from, expression.start)
        from = expression.end
      }
      rest += value.slice(from)
      if (/^[\w#.-]*$/.test(rest) && expressions.every((expression) => NUMERIC_EXPRESSION.test(expression.text))) names.add(pair.key.value)
      else names.delete(pair.key.value)
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
  return ENV_FILE.test(unit.file.text)
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
  known: KnownSafe = {},
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
  // Assignments, in a few rounds so that chains (a=$TITLE; b=$a) are followed; worked out at the first write found.
  const assignments: ShellNode[] = []
  walkShell(file, (node) => {
    if (node.type === 'Assign') assignments.push(node)
  })
  let traced = false
  const traceAssignments = (): void => {
    if (traced) return
    traced = true
    for (let round = 0; round < 3; round++) {
      for (const assignment of assignments) {
        const name = assignment.value
        if (name === undefined || tainted.has(name)) continue
        const found = taintOf(assignment.children.find((child) => child.type === 'Word'))
        if (found !== undefined) tainted.set(name, `${found} (through $${name})`)
      }
    }
  }
  const extents = new Map<ShellNode, number>()
  let safeWord: ((word: ShellNode) => boolean) | undefined
  const isSafeWord = (word: ShellNode): boolean => (safeWord ??= safeWords(file, script, assignments, known))(word)
  const writes: Write[] = []
  const seen = new Set<number>()
  walkShell(file, (statement) => {
    if (statement.type !== 'Stmt') return true
    // Every word of a statement and below lies in [start, extent): without an environment file named there, no write.
    if (!ENV_FILE.test(script.slice(statement.start, extentOf(statement, extents)))) return false
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
    // The commands of the statement itself: those inside a $(...) are judged with the word that holds it.
    const writers = inner.filter((call) => call !== tee && !nested(statement, call))
    const dynamic =
      writers.length === 0
        ? heredocs.length === 0
        : writers.some(
            (call) =>
              !/^(echo|printf)$/.test(commandName(call)) ||
              argumentsOf(call)
                .slice(1)
                .some((word) => isDynamicWord(word) && !isSafeWord(word)),
          ) || heredocs.some((body) => isDynamicWord(body) && !isSafeWord(body))
    const row = (redirect ?? tee ?? statement).line
    if (!dynamic || seen.has(row)) return false
    seen.add(row)
    traceAssignments()
    let source: string | undefined
    for (const call of writers) source ??= taintOfArguments(call)
    for (const body of heredocs) source ??= taintOf(body)
    writes.push({ target: `$${target[0]}`, ...lineRange(script, row), ...(source === undefined ? {} : { tainted: source }) })
    return false
  })
  return writes.sort((a, b) => a.start - b.start)
}

/** The end of the text a node and everything below it cover (heredoc bodies come after their statement's end). */
function extentOf(node: ShellNode, extents: Map<ShellNode, number>): number {
  let end = extents.get(node)
  if (end === undefined) {
    end = node.end
    for (const child of node.children) end = Math.max(end, extentOf(child, extents))
    extents.set(node, end)
  }
  return end
}

/** True when the call sits inside a command or process substitution of the statement. */
function nested(statement: ShellNode, call: ShellNode): boolean {
  let inside = false
  walkShell(statement, (node) => {
    if (inside) return false
    if ((node.type === 'CmdSubst' || node.type === 'ProcSubst') && node.start <= call.start && call.end <= node.end) inside = true
    return !inside
  })
  return inside
}

/** What the caller knows to be numbers or ids: env: variables, and which `${{ }}` of the script (in order) are. */
export interface KnownSafe {
  safeNames?: Set<string>
  safeExpressions?: boolean[]
}

/** Shell parameters that always hold numbers or ids. */
const NUMERIC_PARAMETERS = [
  '?',
  '#',
  '$',
  '!',
  'RANDOM',
  'SECONDS',
  'LINENO',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_SHA',
]

/** A jq filter whose result is a number or an id: `.[0].number`, `.[].databaseId`, `select(...).id`, `length`. */
const NUMERIC_JQ =
  /(\.(number|id|databaseId|count|total_count|run_number|run_attempt|sha)|\blength)\s*\]?\s*(\|\s*(tostring|tonumber|first|last)\s*)?$/

/** A jq filter that yields only numbers: NUMERIC_JQ at its end and no `,` (which would add other outputs). */
function numericFilter(filter: string): boolean {
  return !filter.includes(',') && NUMERIC_JQ.test(filter.trim())
}

/** Commands that only select or reorder the lines they read: a number stays a number through them. */
const LINE_FILTERS = /^(head|tail|sort|uniq|tr|cut|grep)$/

/**
 * `[[ $X =~ ^[0-9]+$ ]]` (digits or hex, anchored at both ends) in a script that exits on failure: the variable
 * is validated before anything uses it.
 */
const VALIDATION =
  /\[\[\s*"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?\s*=~\s*['"]?\^(\[[0-9a-fA-F-]+\]|\\d|\[\[:digit:\]\]|\[\[:xdigit:\]\])([+*]|\{\d+(,\d*)?\})\$['"]?\s*\]\]/g

/**
 * Decides which words of a script expand only numbers or ids, never text an attacker wrote: numeric env:
 * variables and contexts, arithmetic, `$?`, and shell variables every assignment of which is such a word or the
 * output of a command that yields a number (`gh ... --jq '.[0].number'`, `jq .id`, `wc -l`, `date +%s`,
 * `git rev-parse HEAD`, `cat` of a file only such commands wrote), or that the script validates as digits.
 */
function safeWords(file: ShellNode, script: string, assignments: ShellNode[], known: KnownSafe): (word: ShellNode) => boolean {
  const names = new Set([...NUMERIC_PARAMETERS, ...(known.safeNames ?? [])])
  if (/\bexit\b/.test(script)) for (const match of script.matchAll(VALIDATION)) names.add(match[1]!)
  const expressions = known.safeExpressions ?? []
  const safeFiles = new Set<string>()
  const argumentsOf = (call: ShellNode): ShellNode[] => call.children.filter((child) => child.type === 'Word')
  const isSafe = (word: ShellNode): boolean => {
    let safe = true
    walkShell(word, (node) => {
      if (!safe) return false
      if (node.type === 'Lit') safe = placeholdersIn(node.value ?? '').every((index) => expressions[index] === true)
      else if (node.type === 'ParamExp') safe = node.value !== undefined && names.has(node.value)
      else if (node.type === 'CmdSubst') {
        safe = node.children.length === 1 && numericStatement(node.children[0]!)
        return false
      } else if (node.type === 'ArithmExp') return false
      else if (node.type === 'ProcSubst') safe = false
      return safe
    })
    return safe
  }
  const numericStatement = (statement: ShellNode): boolean => {
    const calls = statement.children.filter((child) => child.type === 'CallExpr')
    if (calls.length === 0) {
      // `$(< file)`
      const input = statement.children.find((child) => child.type === 'Redirect' && script[child.start] === '<')
      return input !== undefined && safeFiles.has(wordText(input.children[0]))
    }
    let last = calls.length - 1
    while (last > 0 && LINE_FILTERS.test(wordText(argumentsOf(calls[last]!)[0]))) last--
    const words = argumentsOf(calls[last]!)
    const texts = words.map(wordText)
    switch (texts[0]) {
      case 'wc':
      case 'nproc':
      case 'seq':
        return true
      case 'date':
        return texts.some((text) => text.startsWith('+%s'))
      case 'git':
        return (
          (texts[1] === 'rev-parse' && !texts.some((text) => /^--(abbrev-ref|symbolic)/.test(text))) ||
          (texts[1] === 'rev-list' && texts.includes('--count'))
        )
      case 'cat':
        return texts.length === 2 && safeFiles.has(texts[1]!)
      case 'echo':
      case 'printf':
        return words.slice(1).every(isSafe)
      case 'gh': {
        const at = texts.findIndex((text) => text === '--jq' || text === '-q')
        const filter = at === -1 ? texts.find((text) => text.startsWith('--jq='))?.slice(5) : texts[at + 1]
        return filter !== undefined && numericFilter(filter)
      }
      case 'jq': {
        const filter = texts.slice(1).find((text) => !text.startsWith('-'))
        return !texts.some((text) => /^--(arg|argjson|slurpfile|rawfile|args)$/.test(text)) && filter !== undefined && numericFilter(filter)
      }
      default:
        return false
    }
  }
  // Files the script writes (`> file`), then variables, in a few rounds so that chains are followed.
  const fileWrites = new Map<string, ShellNode[]>()
  walkShell(file, (node) => {
    if (node.type !== 'Stmt') return true
    for (const redirect of node.children) {
      if (redirect.type !== 'Redirect' || script[redirect.start] === '<' || /^\d*<|^&?>&/.test(script.slice(redirect.start, redirect.end)))
        continue
      const target = wordText(redirect.children[0])
      if (!/GITHUB_/.test(target)) fileWrites.set(target, [...(fileWrites.get(target) ?? []), node])
    }
    return true
  })
  // Variables also set by read, for, getopts or mapfile get text the assignments do not show.
  const otherwiseSet = (name: string): boolean =>
    new RegExp(`\\b(read|for|select|getopts|mapfile|readarray)\\b[^\\n;]*\\b${name}\\b`).test(script)
  const assigned = new Map<string, ShellNode[]>()
  for (const assignment of assignments) {
    if (assignment.value === undefined || names.has(assignment.value)) continue
    const value = assignment.children.find((child) => child.type === 'Word')
    if (value !== undefined) assigned.set(assignment.value, [...(assigned.get(assignment.value) ?? []), value])
  }
  for (let round = 0; round < 3; round++) {
    for (const [target, statements] of fileWrites) if (statements.every(numericStatement)) safeFiles.add(target)
    for (const [name, values] of assigned) if (values.every(isSafe) && !otherwiseSet(name)) names.add(name)
  }
  return isSafe
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
