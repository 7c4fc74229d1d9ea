import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { finalizeFindings, InputError, loadPolicy, readBaseline, writeBaseline, writeFileAtomic, type FailOn } from '@pipeguard/policy'
import { buildReport, renderReport, VERSION, type OutputFormat } from '@pipeguard/report'
import { tuneForWorkflowScans } from '@pipeguard/workflow/runtime'
import type { Command, CommandResult, FlagSpec } from './command.js'
import { commandEntries, loadCommands } from './commands/index.js'
import { allRules } from './rules.js'

export const COMMON_FLAGS: Record<string, FlagSpec> = {
  policy: { type: 'string', value: 'FILE', description: 'policy file (default: .github/pipeguard.yml, else the built-in policy)' },
  format: { type: 'string', value: 'FORMAT', description: 'output: text, json, sarif or github (default: text)' },
  'fail-on': { type: 'string', value: 'LEVEL', description: 'lowest level that fails: error, warning, note or never' },
  baseline: { type: 'string', value: 'FILE', description: 'suppress the findings whose fingerprints this baseline lists' },
  'write-baseline': { type: 'string', value: 'FILE', description: 'write the fingerprints of the current findings to FILE' },
  output: { type: 'string', value: 'FILE', description: 'write the report (or the artifact) to FILE instead of stdout' },
  quiet: { type: 'boolean', description: 'print nothing when the run passes' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
}

const FORMATS = ['text', 'json', 'sarif', 'github']
const FAIL_ON = ['error', 'warning', 'note', 'never']

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  readStdin: () => Promise<string>
  /** Standard input as bytes; defaults to readStdin's text encoded as UTF-8. */
  readStdinBytes?: () => Promise<Buffer>
  isTty: boolean
}

/** Runs one pipeguard invocation and returns its exit code: 0 passed, 1 failed, 2 usage or input error. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io)
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`pipeguard: ${error.describe()}\n`)
      return 2
    }
    const detail = process.env.PIPEGUARD_DEBUG ? `\n${(error as Error).stack}` : ''
    io.stderr(`pipeguard: internal error: ${(error as Error).message}${detail}\n`)
    return 2
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(generalHelp(await loadCommands()))
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${VERSION}\n`)
    return 0
  }
  const entry = commandEntries.find((candidate) => candidate.name === name)
  if (entry === undefined) {
    throw new InputError(`unknown command '${name}'; commands: ${commandEntries.map((candidate) => candidate.name).join(', ')}`)
  }
  if (entry.scansWorkflows === true) tuneForWorkflowScans()
  const command = await entry.load()
  const flags = { ...COMMON_FLAGS, ...command.flags }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...rest],
      options: Object.fromEntries(
        Object.entries(flags).map(([flag, spec]) => [
          flag,
          { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) },
        ]),
      ),
      allowPositionals: command.positionals !== 'none',
      strict: true,
    })
  } catch (error) {
    throw new InputError(`${command.name}: ${(error as Error).message.split('\n')[0]}`)
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>
  if (values.help === true) {
    io.stdout(commandHelp(command))
    return 0
  }
  return runCommand(command, values, parsed.positionals, io)
}

async function runCommand(
  command: Command,
  values: Record<string, string | boolean | string[] | undefined>,
  positionals: string[],
  io: Io,
): Promise<number> {
  const format = (values.format as string | undefined) ?? 'text'
  if (!FORMATS.includes(format)) throw new InputError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`)
  const failOn = values['fail-on'] as string | undefined
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) {
    throw new InputError(`--fail-on must be one of ${FAIL_ON.join(', ')}, got '${failOn}'`)
  }
  const root = resolveRoot(command, positionals)
  const policy = await loadPolicy({ root, file: values.policy as string | undefined, rules: allRules })
  if (failOn !== undefined) policy.failOn = failOn as FailOn
  const baseline = typeof values.baseline === 'string' ? readBaseline(values.baseline) : undefined

  const result: CommandResult = await command.run({
    root,
    flags: values,
    positionals: command.positionals === 'dir' ? [] : positionals,
    policy,
    readStdin: io.readStdin,
    readStdinBytes: io.readStdinBytes ?? (async () => Buffer.from(await io.readStdin(), 'utf8')),
  })
  const outcome = finalizeFindings(result.findings, { root, policy, baseline })
  if (typeof values['write-baseline'] === 'string') writeBaseline(values['write-baseline'], outcome.findings)
  const passed = outcome.passed && result.verdict !== false
  const report = buildReport({ command: command.name, passed, summary: outcome.summary, findings: outcome.findings, extra: result.extra })
  if (!(values.quiet === true && passed)) {
    const rendered = renderReport(report, format as OutputFormat, {
      rules: allRules,
      root,
      color: io.isTty && format === 'text' && values.output === undefined && !process.env.NO_COLOR,
      preamble: result.text,
    })
    const output = command.name === 'sbom' ? undefined : (values.output as string | undefined)
    if (output !== undefined) writeFileAtomic(output, rendered)
    else io.stdout(rendered)
  }
  return passed ? 0 : 1
}

function resolveRoot(command: Command, positionals: string[]): string {
  if (command.positionals !== 'dir') return process.cwd()
  if (positionals.length > 1) throw new InputError(`${command.name} takes one directory, got ${positionals.length} arguments`)
  const root = resolve(positionals[0] ?? '.')
  if (!existsSync(root)) throw new InputError(`no such directory: ${positionals[0] ?? '.'}`)
  if (!statSync(root).isDirectory()) throw new InputError(`not a directory: ${positionals[0]}`)
  return root
}

function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length))
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`)
  return [
    'pipeguard: CI governance and supply-chain checks for GitHub Actions',
    '',
    'usage: pipeguard <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    `common options:\n${flagHelp(COMMON_FLAGS)}`,
    'exit codes: 0 passed, 1 findings at or above --fail-on, 2 usage, policy or input error',
    "run 'pipeguard <command> --help' for a command's options",
    '',
  ].join('\n')
}

function commandHelp(command: Command): string {
  const own = Object.keys(command.flags).length > 0 ? `options:\n${flagHelp(command.flags)}\n` : ''
  return `usage: pipeguard ${command.usage}\n\n${command.summary}\n\n${own}common options:\n${flagHelp(COMMON_FLAGS)}`
}

function flagHelp(flags: Record<string, FlagSpec>): string {
  const entries = Object.entries(flags).map(([flag, spec]) => {
    const left = `${spec.short ? `-${spec.short}, ` : ''}--${flag}${spec.value ? ` ${spec.value}` : ''}`
    return [left, spec.description] as const
  })
  const width = Math.max(...entries.map(([left]) => left.length))
  return entries.map(([left, description]) => `  ${left.padEnd(width)}  ${description}\n`).join('')
}
