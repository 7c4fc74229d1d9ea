import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '@pipeguard/policy'

/** A cached answer: the body, its ETag for conditional requests, and when it was stored (ms since epoch). */
export interface CachedAnswer {
  url: string
  etag: string | undefined
  storedAt: number
  status: number
  body: unknown
  /** The `Link: rel="next"` URL of a paged list. */
  next?: string
}

/**
 * One JSON file per URL under `folder`. The name hashes the URL with a scope (a hash of the token): what one token
 * could read is never served to a run with another token or none, and the token itself is never stored.
 */
export interface DiskCache {
  read(url: string): CachedAnswer | undefined
  write(answer: CachedAnswer): void
}

export function diskCache(folder: string, token: string | undefined): DiskCache {
  const scope = token === undefined ? 'anonymous' : createHash('sha256').update(`pipeguard token ${token}`).digest('hex')
  const fileOf = (url: string): string => join(folder, `${createHash('sha256').update(`${scope}\0${url}`).digest('hex').slice(0, 40)}.json`)
  return {
    read(url) {
      try {
        const answer = JSON.parse(readFileSync(fileOf(url), 'utf8')) as CachedAnswer
        return answer.url === url ? answer : undefined
      } catch {
        return undefined
      }
    },
    write(answer) {
      mkdirSync(folder, { recursive: true })
      writeFileAtomic(fileOf(answer.url), `${JSON.stringify(answer)}\n`)
    },
  }
}
