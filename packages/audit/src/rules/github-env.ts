import { expressionsInValue, isMap, isScalar, type YamlScalar } from '@pipeguard/workflow'
import type { AuditRule, AuditUnit } from '../rule.js'
import { sourceRange } from '../script-location.js'
import { descendants, placeholdersIn, withShellTree, type ShellNode } from '../shell.js'
import { isPosixShell, shellOf } from '../shell-of.js'
import { unitSteps } from '../steps.js'
import { taintedSources, type Scope } from '../taint.js'
import { hasPrivilegedTrigger } from '../triggers.js'

const EXPANSIONS = ['simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion']

export const githubEnv: AuditRule = {
  meta: {
    id: 'github-env',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'A computed value is written to GITHUB_ENV or GITHUB_PATH in a privileged context',
    help:
      'Every later step runs with what is written to $GITHUB_ENV / $GITHUB_PATH (LD_PRELOAD, NODE_OPTIONS, PATH entries), so a value an attacker influences becomes code execution with the workflow\'s secrets. Pass data between steps with $GITHUB_OUTPUT and env:, or validate the value strictly before writing it.',
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
      const writes = isPosixShell(shell) ? posixWrites(run.value, taintedNames(scope), expressionTaints(run.value, scope)) : lineWrites(run.value)
      for (const write of writes) {
        const range = sourceRange(unit.file, run, write.start, write.end)
        const where = unit.kind === 'action' ? 'in an action that privileged workflows may call' : 'in a workflow that runs on a privileged trigger'
        context.report({
          ...range,
          // Traced to attacker (or input) data: error in a privileged workflow, warning in an action (its
          // callers decide); untraced computed values one level lower (installers add to PATH all the time).
          level: unit.kind === 'action' ? (write.tainted !== undefined ? 'warning' : 'note') : write.tainted !== undefined ? 'error' : 'warning',
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
  return expressionsInValue(script).map((expression) => taintedSources(expression.text, scope).find((source) => source.taint !== 'low')?.path)
}

/**
 * True when the audit has POSIX scripts to parse in this unit: a privileged workflow or an action with a write to
 * an environment file. The engine loads the bash grammar only then.
 */
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
const PASS_THROUGH = /^(echo|printf|cat|sed|grep|egrep|cut|tr|awk|head|tail|xargs|basename|dirname|sort|uniq|rev|fold|jq|yq|envsubst|base64|tee)$/

/**
 * Writes to the environment files in a POSIX shell script whose content is not wholly literal, each traced, when
 * possible, to the attacker or input data it carries: through env: variables, `${{ }}` expressions and shell
 * assignments (`x=$(echo "$TITLE" | sed ...)`), following only commands that pass their input through.
 */
export function posixWrites(script: string, taintedEnv: Map<string, string> = new Map(), expressions: (string | undefined)[] = []): Write[] {
  return withShellTree(script, (root) => {
    const tainted = new Map(taintedEnv)
    const taintOf = (node: ShellNode): string | undefined => {
      for (const index of placeholdersIn(node.text)) if (expressions[index] !== undefined) return expressions[index]
      for (const expansion of directExpansions(node)) {
        const name = descendants(expansion, ['variable_name'])[0]?.text
        if (name !== undefined && tainted.has(name)) return tainted.get(name)
      }
      for (const substitution of descendants(node, ['command_substitution'])) {
        const commands = descendants(substitution, ['command'])
        if (commands.length > 0 && commands.every((command) => PASS_THROUGH.test(command.childForFieldName('name')?.text ?? ''))) {
          for (const command of commands) {
            const found = taintOfArguments(command)
            if (found !== undefined) return found
          }
        }
      }
      return undefined
    }
    const taintOfArguments = (command: ShellNode): string | undefined => {
      for (const child of command.children) {
        if (child === null || child.type === 'command_name') continue
        const found = taintOf(child)
        if (found !== undefined) return found
      }
      return undefined
    }
    // Assignments, in a few rounds so that chains (a=$TITLE; b=$a) are followed.
    const assignments = descendants(root, ['variable_assignment'])
    for (let round = 0; round < 3; round++) {
      for (const assignment of assignments) {
        const name = assignment.childForFieldName('name')?.text
        const value = assignment.childForFieldName('value')
        if (name === undefined || value === null || tainted.has(name)) continue
        const found = taintOf(value)
        if (found !== undefined) tainted.set(name, `${found} (through $${name})`)
      }
    }
    const writes: Write[] = []
    const seen = new Set<number>()
    const candidates = [...descendants(root, ['file_redirect']), ...descendants(root, ['command'])]
    for (const node of candidates) {
      const target = /GITHUB_(ENV|PATH)/.exec(node.type === 'file_redirect' ? (node.childForFieldName('destination')?.text ?? '') : commandTargets(node))
      if (target === null) continue
      const statement = node.type === 'file_redirect' ? (node.parent ?? node) : node
      const scope = statement.parent?.type === 'pipeline' ? statement.parent : statement
      if (!isDynamic(scope, node)) continue
      const row = node.startPosition.row
      if (seen.has(row)) continue
      seen.add(row)
      const written = scope.type === 'command' ? [scope] : descendants(scope, ['command'])
      let source: string | undefined
      for (const command of written) source ??= taintOfArguments(command)
      for (const body of descendants(scope, ['heredoc_body'])) source ??= taintOf(body)
      writes.push({ target: `$${target[0]}`, ...lineRange(script, row), ...(source === undefined ? {} : { tainted: source }) })
    }
    return writes.sort((a, b) => a.start - b.start)
  })
}

/** Variable expansions in a node, not counting those inside command substitutions (their output is what counts). */
function directExpansions(node: ShellNode): ShellNode[] {
  if (node.type === 'simple_expansion' || node.type === 'expansion') return [node]
  if (node.type === 'command_substitution') return []
  return node.children.flatMap((child) => (child === null ? [] : directExpansions(child)))
}

/** The arguments of `tee`/`cp`/`mv`-like commands that name an environment file. */
function commandTargets(command: ShellNode): string {
  const name = command.childForFieldName('name')?.text ?? ''
  if (!/^(tee|cp|mv|cat|install|dd)$/.test(name)) return ''
  return command.children.filter((child) => child !== null && child.type !== 'command_name').map((child) => child!.text).join(' ')
}

/** True unless every command that feeds the write is echo/printf of literal text. */
function isDynamic(scope: ShellNode, write: ShellNode): boolean {
  const commands = scope.type === 'command' ? [scope] : descendants(scope, ['command'])
  if (commands.length === 0) return true
  for (const command of commands) {
    if (command.id === write.id) continue
    const name = command.childForFieldName('name')?.text ?? ''
    if (/^(tee)$/.test(name)) continue
    if (!/^(echo|printf)$/.test(name)) return true
    for (const argument of command.children) {
      if (argument === null || argument.type === 'command_name') continue
      if (/GITHUB_(ENV|PATH)/.test(argument.text)) continue
      if (placeholdersIn(argument.text).length > 0) return true
      if (descendants(argument, EXPANSIONS).length > 0 || EXPANSIONS.includes(argument.type)) return true
    }
  }
  if (descendants(scope, ['heredoc_body']).some((body) => descendants(body, EXPANSIONS).length > 0 || placeholdersIn(body.text).length > 0)) return true
  return false
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
