import { readFileSync } from 'node:fs'
import { getExecOutput } from '@actions/exec'

/**
 * Files changed by the pull request of this run (relative paths), from `git diff --name-only base...HEAD`.
 * Undefined when the event is not a pull request or git cannot answer: the caller then reports every finding,
 * since a check that cannot narrow its scope must not pass silently.
 */
export async function changedFiles(root: string, env: NodeJS.ProcessEnv = process.env): Promise<Set<string> | undefined> {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  if (!['pull_request', 'pull_request_target'].includes(eventName) || env.GITHUB_EVENT_PATH === undefined) return undefined
  let base: unknown
  try {
    base = (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { base?: { sha?: unknown } } }).pull_request?.base
      ?.sha
  } catch {
    return undefined
  }
  if (typeof base !== 'string' || !/^[0-9a-f]{40}$/.test(base)) return undefined
  const result = await getExecOutput('git', ['diff', '--name-only', '-z', `${base}...HEAD`], {
    cwd: root,
    ignoreReturnCode: true,
    silent: true,
  })
  if (result.exitCode !== 0) return undefined
  return new Set(result.stdout.split('\0').filter((path) => path !== ''))
}
