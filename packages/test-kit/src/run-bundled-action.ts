import { readFileSync } from 'node:fs'
import { runProcess, type ProcessResult } from './run-process.js'
import type { TempRepository } from './temp-repository.js'

export interface ActionRun extends ProcessResult {
  /** The step outputs the action wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>
  /** What it wrote to GITHUB_STEP_SUMMARY. */
  summary: string
}

/**
 * Runs a bundled action the way the runner does: `node dist/index.js` in the workspace, with INPUT_* variables
 * and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files (under `runner/` in the workspace), and reads them back.
 * `nodeArgs` go to node before the script (a test's tracing flags; the runner passes none).
 */
export async function runBundledAction(
  action: string,
  workspace: TempRepository,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<ActionRun> {
  const output = workspace.write('runner/output', '')
  const summary = workspace.write('runner/summary', '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: workspace.root,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    ...extraEnv,
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const result = await runProcess(process.execPath, [...nodeArgs, action], { env, cwd: workspace.root })
  const outputs: Record<string, string> = {}
  for (const match of readFileSync(output, 'utf8').matchAll(/^(.+?)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm))
    outputs[match[1]!] = match[3]!
  return { ...result, outputs, summary: readFileSync(summary, 'utf8') }
}
