import { diskCache, type DiskCache } from './disk-cache.js'
import { GitHubError } from './errors.js'

export const DEFAULT_API_URL = 'https://api.github.com'

export interface GitHubClientOptions {
  /** REST API base URL; default `GITHUB_API_URL` (set on Actions runners and GHES), else api.github.com. */
  baseUrl?: string
  /** Default `GITHUB_TOKEN`; anonymous when empty (60 requests an hour on github.com). */
  token?: string
  /** A folder for the on-disk cache (ETags, conditional requests); none when undefined. */
  cacheDir?: string
  /** How long an on-disk answer is used without asking GitHub again; older answers are revalidated (default 1 hour). */
  maxAgeSeconds?: number
  /** Per attempt, headers and body together (default 15 s). */
  timeoutMs?: number
  /** Further attempts after a 5xx, a timeout or a network error (default 3). */
  retries?: number
  /** First backoff delay, doubled at each retry (default 500 ms). */
  backoffMs?: number
  /** Wait for a rate-limit reset when it comes within this time; otherwise fail (default 60 s). */
  maxRateLimitWaitMs?: number
  /** Environment to read defaults from (default process.env). */
  env?: Record<string, string | undefined>
}

/** What a run cost: `requests` counts HTTP requests sent, retries included; 304s are counted apart. */
export interface GitHubStats {
  requests: number
  notModified: number
  memoryHits: number
  diskHits: number
  retries: number
  rateLimitWaits: number
}

export interface GitHubClient {
  readonly baseUrl: string
  readonly authenticated: boolean
  readonly stats: GitHubStats
  /** GET a path (`/repos/o/r`); a 404 is a `not-found` GitHubError. */
  get<T>(path: string): Promise<T>
  /** GET a path; undefined for 404 (and `options.absent`). Any other failure throws a GitHubError. */
  find<T>(path: string, options?: RequestOptions): Promise<T | undefined>
  /** GET every page of a list (following `Link: rel="next"`), at most `maxPages` pages; undefined for 404. */
  list<T>(path: string, maxPages?: number): Promise<T[] | undefined>
}

/** How to ask: a media type other than JSON (its answer is the body as text), and statuses that mean "no such thing". */
export interface RequestOptions {
  /** e.g. `application/vnd.github.sha`: the answer's body is then the response text, trimmed. */
  accept?: string
  /** Statuses answered as undefined by `find` besides 404 (the commits API says 422 for a ref that does not exist). */
  absent?: number[]
}

interface Answer {
  status: number
  body: unknown
  next: string | undefined
}

/**
 * A REST-only GitHub client (GHES serves the same): one in-memory answer per URL per run (concurrent callers share
 * the request), an optional on-disk cache with ETags, retries with backoff, and rate-limit handling that waits for
 * a short reset and otherwise fails with a clear message. The token is sent only in the Authorization header.
 */
export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const env = options.env ?? process.env
  const baseUrl = (options.baseUrl ?? nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_API_URL).replace(/\/+$/, '')
  try {
    const parsed = new URL(baseUrl)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol')
  } catch {
    throw new GitHubError('invalid-response', `the GitHub API URL '${baseUrl}' is not an http(s) URL`)
  }
  const token = options.token ?? nonEmpty(env.GITHUB_TOKEN)
  const cache: DiskCache | undefined = options.cacheDir === undefined ? undefined : diskCache(options.cacheDir, token)
  const maxAgeMs = (options.maxAgeSeconds ?? 3600) * 1000
  const timeoutMs = options.timeoutMs ?? 15_000
  const retries = options.retries ?? 3
  const backoffMs = options.backoffMs ?? 500
  const maxWaitMs = options.maxRateLimitWaitMs ?? 60_000
  const stats: GitHubStats = { requests: 0, notModified: 0, memoryHits: 0, diskHits: 0, retries: 0, rateLimitWaits: 0 }
  const memory = new Map<string, Promise<Answer>>()

  const headers = (etag: string | undefined, accept: string | undefined): Record<string, string> => ({
    accept: accept ?? 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'pipeguard',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(etag ? { 'if-none-match': etag } : {}),
  })

  const fetchAnswer = async (url: string, request: RequestOptions): Promise<Answer> => {
    // the media type changes the answer: it is part of the cache key
    const key = request.accept === undefined ? url : `${url}\n${request.accept}`
    const cached = cache?.read(key)
    if (cached !== undefined && Date.now() - cached.storedAt < maxAgeMs) {
      stats.diskHits++
      return { status: cached.status, body: cached.body, next: cached.next }
    }
    let rateLimitWaits = 0
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) stats.retries++
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), timeoutMs)
      let retryable: string
      try {
        stats.requests++
        const response = await fetch(url, { headers: headers(cached?.etag, request.accept), signal: controller.signal, redirect: 'follow' })
        const text = await response.text()
        if (response.status === 304 && cached !== undefined) {
          stats.notModified++
          cache?.write({ ...cached, storedAt: Date.now() })
          return { status: cached.status, body: cached.body, next: cached.next }
        }
        if (response.status === 200 || response.status === 404 || request.absent?.includes(response.status) === true) {
          const body = response.status !== 200 ? null : request.accept === undefined ? parseJson(text, url) : text.trim()
          const next = nextLink(response.headers.get('link'))
          cache?.write({
            url: key,
            etag: response.headers.get('etag') ?? undefined,
            storedAt: Date.now(),
            status: response.status,
            body,
            ...(next ? { next } : {}),
          })
          return { status: response.status, body, next }
        }
        if (response.status === 401) {
          throw new GitHubError('unauthorized', `GitHub rejected the token (401) for ${describe(url, baseUrl)}; check GITHUB_TOKEN`, 401)
        }
        if (response.status === 403 || response.status === 429) {
          const wait = rateLimitWait(response.headers)
          if (wait === undefined) {
            throw new GitHubError(
              'unauthorized',
              `GitHub refused ${describe(url, baseUrl)} (${response.status}): ${messageOf(text)}`,
              response.status,
            )
          }
          if (wait > maxWaitMs || rateLimitWaits >= 2) {
            const reset = new Date(Date.now() + wait).toISOString()
            throw new GitHubError(
              'rate-limited',
              `GitHub API rate limit exhausted (${response.status}) at ${describe(url, baseUrl)}; it resets at ${reset}` +
                (token ? '' : '; set GITHUB_TOKEN to get a higher limit') +
                ', or run with --offline to skip verification',
              response.status,
            )
          }
          rateLimitWaits++
          stats.rateLimitWaits++
          attempt--
          await sleep(wait)
          continue
        }
        if (response.status >= 500) retryable = `GitHub answered ${response.status} for ${describe(url, baseUrl)}`
        else
          throw new GitHubError(
            'invalid-response',
            `GitHub answered ${response.status} for ${describe(url, baseUrl)}: ${messageOf(text)}`,
            response.status,
          )
      } catch (error) {
        if (error instanceof GitHubError && error.kind !== 'server') throw error
        retryable = controller.signal.aborted
          ? `GitHub did not answer ${describe(url, baseUrl)} within ${timeoutMs} ms`
          : `cannot reach ${describe(url, baseUrl)}: ${(error as Error).message}`
      } finally {
        clearTimeout(timer)
      }
      if (attempt >= retries) {
        const kind = retryable.includes('did not answer') ? 'timeout' : retryable.startsWith('GitHub answered') ? 'server' : 'network'
        throw new GitHubError(kind, `${retryable} (after ${attempt + 1} attempts)`)
      }
      await sleep(backoffMs * 2 ** attempt)
    }
  }

  const answer = (path: string, request: RequestOptions = {}): Promise<Answer> => {
    const url = path.startsWith('http://') || path.startsWith('https://') ? path : `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`
    const key = request.accept === undefined ? url : `${url}\n${request.accept}`
    const known = memory.get(key)
    if (known !== undefined) {
      stats.memoryHits++
      return known
    }
    const pending = fetchAnswer(url, request)
    memory.set(key, pending)
    return pending
  }

  const find = async <T>(path: string, request: RequestOptions = {}): Promise<T | undefined> => {
    const result = await answer(path, request)
    return result.status !== 200 ? undefined : (result.body as T)
  }

  return {
    baseUrl,
    authenticated: token !== undefined,
    stats,
    find,
    async get<T>(path: string): Promise<T> {
      const result = await answer(path)
      if (result.status === 404) throw new GitHubError('not-found', `${path} does not exist on ${baseUrl} (404)`, 404)
      return result.body as T
    },
    async list<T>(path: string, maxPages = 10): Promise<T[] | undefined> {
      const items: T[] = []
      let next: string | undefined = path
      for (let page = 0; next !== undefined && page < maxPages; page++) {
        const result: Answer = await answer(next)
        if (result.status === 404) return page === 0 ? undefined : items
        if (!Array.isArray(result.body)) throw new GitHubError('invalid-response', `${path} did not return a list`)
        items.push(...(result.body as T[]))
        next = result.next
      }
      return items
    },
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new GitHubError('invalid-response', `GitHub returned a body that is not JSON for ${url}`)
  }
}

function nextLink(link: string | null): string | undefined {
  if (link === null) return undefined
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part)
    if (match) return match[1]
  }
  return undefined
}

/** Milliseconds to wait before the rate limit lets us ask again, or undefined when the 403 is not a rate limit. */
function rateLimitWait(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after')
  if (retryAfter !== null && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'))
    return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) + 1000 : 60_000
  }
  return undefined
}

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown }
    if (typeof body.message === 'string') return body.message
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200).trim() || '(empty body)'
}

function describe(url: string, baseUrl: string): string {
  return url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
