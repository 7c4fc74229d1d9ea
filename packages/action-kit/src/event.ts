import { readFileSync } from 'node:fs'
import { InputError } from '@pipeguard/policy'

/** The event the workflow runs on, as the runner wrote it: GITHUB_EVENT_NAME and the JSON at GITHUB_EVENT_PATH. */
export interface RunnerEvent {
  name: string | undefined
  payload: unknown
}

/**
 * Reads the event payload file. Values attackers choose (branch names, titles) are read from here rather than from
 * `${{ }}` expressions interpolated into inputs. A missing or unreadable file is an input error: the action cannot decide.
 */
export function readEvent(env: NodeJS.ProcessEnv = process.env): RunnerEvent {
  const path = env.GITHUB_EVENT_PATH
  if (path === undefined || path === '') {
    throw new InputError(
      'GITHUB_EVENT_PATH is not set: run this action in a GitHub Actions job (it reads the event payload the runner writes)',
    )
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`cannot read the event payload: ${(error as Error).message}`, { file: path })
  }
  try {
    return { name: env.GITHUB_EVENT_NAME || undefined, payload: JSON.parse(text) as unknown }
  } catch (error) {
    throw new InputError(`the event payload is not JSON: ${(error as Error).message}`, { file: path })
  }
}
