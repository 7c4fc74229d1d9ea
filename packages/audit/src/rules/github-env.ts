import type { Level } from '@pipeguard/policy'
import type { YamlScalar } from '@pipeguard/workflow'
import type { AuditRule, AuditUnit } from '../rule.js'
import { sourceRange } from '../script-location.js'
import { descendants, withShellTree, type ShellNode } from '../shell.js'
import { isPosixShell, shellOf } from '../shell-of.js'
import { unitSteps } from '../steps.js'
import { hasPrivilegedTrigger } from '../triggers.js'

const EXPANSIONS = ['simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion']
const PLACEHOLDER = /_E{4,}/

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
    const level: Level = unit.kind === 'action' ? 'warning' : 'error'
    for (const { step, job } of unitSteps(unit)) {
      const run = step.run
      if (run === undefined || !/GITHUB_(ENV|PATH)/.test(run.value)) continue
      const shell = shellOf(unit, job, step)
      const writes = isPosixShell(shell) ? posixWrites(run.value) : lineWrites(run.value)
      for (const write of writes) {
        const range = sourceRange(unit.file, run, write.start, write.end)
        context.report({
          ...range,
          level,
          message:
            `a computed value is written to ${write.target}${level === 'error' ? ' in a workflow that runs on a privileged trigger' : ' in an action that privileged workflows may call'}: ` +
            'whoever influences it controls the environment (or PATH) of every later step. Pass data through $GITHUB_OUTPUT and env:, or validate it before writing.',
          snippet: `${write.target} ${run.value.slice(write.start, write.end)}`,
        })
      }
    }
  },
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

/** Writes to the environment files in a POSIX shell script whose content is not wholly literal. */
export function posixWrites(script: string): Write[] {
  return withShellTree(script, (root) => {
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
      writes.push({ target: `$${target[0]}`, ...lineRange(script, row) })
    }
    return writes.sort((a, b) => a.start - b.start)
  })
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
      if (PLACEHOLDER.test(argument.text)) return true
      if (descendants(argument, EXPANSIONS).length > 0 || EXPANSIONS.includes(argument.type)) return true
    }
  }
  if (descendants(scope, ['heredoc_body']).some((body) => descendants(body, EXPANSIONS).length > 0 || PLACEHOLDER.test(body.text))) return true
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
