import type { Finding, Policy } from '@pipeguard/policy'

/** A flag of one command, as node:util parseArgs takes it. */
export interface FlagSpec {
  type: 'string' | 'boolean'
  multiple?: boolean
  short?: string
  description: string
  /** Placeholder in --help, e.g. FILE. */
  value?: string
}

/** What a command sees: its parsed flags, positionals, the scanned root and the loaded policy. */
export interface CommandContext {
  /** The scanned directory, absolute; the current directory when the command takes none. */
  root: string
  flags: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
  policy: Policy
  /** Reads all of standard input. */
  readStdin(): Promise<string>
  /** Reads all of standard input as bytes (names that are not UTF-8 must reach the check as they are). */
  readStdinBytes(): Promise<Buffer>
}

/** What a command returns; the shared runner applies the policy and prints it in the chosen format. */
export interface CommandResult {
  findings: Finding[]
  /** Top-level fields beside DESIGN's (`inventory`, `names`, `sbom`, `changes`, ...). */
  extra?: Record<string, unknown>
  /** Text printed before the findings in text format (a diff, an inventory table). */
  text?: string
  /** For verdict commands: false fails the run whatever the findings. */
  verdict?: boolean
}

export interface Command {
  name: string
  summary: string
  /** Usage line after `pipeguard`, e.g. `governance [dir] [--inventory]`. */
  usage: string
  /** `dir`: an optional directory positional (default `.`); `any`: free positionals (names). */
  positionals: 'dir' | 'any' | 'none'
  flags: Record<string, FlagSpec>
  run(context: CommandContext): Promise<CommandResult>
}
