import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { refFromEvent, type EventRef } from '@pipeguard/refname'

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * The ref `pipeguard check` judges: on an Actions runner the event's ref from the payload file, elsewhere the branch
 * `.git/HEAD` names (a worktree's `.git` file is followed). Undefined on a detached HEAD or outside a git checkout.
 */
export function currentRef(root: string, env: NodeJS.ProcessEnv = process.env): EventRef | undefined {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_EVENT_PATH) {
    const payload = readText(env.GITHUB_EVENT_PATH)
    if (payload !== undefined) {
      try {
        return refFromEvent(env.GITHUB_EVENT_NAME || undefined, JSON.parse(payload) as unknown)
      } catch {
        // Not JSON: fall back to the checkout's HEAD below.
      }
    }
  }
  let gitDir = join(root, '.git')
  try {
    if (statSync(gitDir).isFile()) {
      const pointer = /^gitdir: (.+)$/m.exec(readText(gitDir) ?? '')
      if (pointer === null) return undefined
      gitDir = resolve(root, pointer[1]!.trim())
    }
  } catch {
    return undefined
  }
  const head = /^ref: refs\/heads\/(.+)$/m.exec(readText(join(gitDir, 'HEAD')) ?? '')
  return head === null ? undefined : { kind: 'branch', name: head[1]!, source: '.git/HEAD' }
}
