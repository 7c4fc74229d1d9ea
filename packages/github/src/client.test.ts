import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultFakeWorld, fakeSha, startFakeGitHub, type FakeGitHub } from '@pipeguard/test-kit'
import { createGitHubClient, type GitHubClientOptions } from './client.js'
import { GitHubError } from './errors.js'
import { compareCommits, getRepository, listTags, refCommit, resolveBranch, resolveTag } from './git.js'

let server: FakeGitHub
let cacheDir: string
beforeEach(async () => {
  server = await startFakeGitHub(defaultFakeWorld())
  cacheDir = mkdtempSync(join(tmpdir(), 'pipeguard-gh-cache-'))
})
afterEach(async () => {
  await server.close()
  rmSync(cacheDir, { recursive: true, force: true })
})

const client = (options: GitHubClientOptions = {}) => createGitHubClient({ baseUrl: server.url, env: {}, backoffMs: 5, ...options })

describe('createGitHubClient', () => {
  it('takes the base URL from GITHUB_API_URL and sends the token only as a bearer header', async () => {
    const github = createGitHubClient({ env: { GITHUB_API_URL: `${server.url}/`, GITHUB_TOKEN: 'secret-token' } })
    expect(github.baseUrl).toBe(server.url)
    await github.get('/repos/actions/checkout')
    expect(server.requests[0]!.authorization).toBe('Bearer secret-token')
    expect(server.requests[0]!.path).toBe('/repos/actions/checkout')
  })

  it('works under a GitHub Enterprise Server base URL with a path (/api/v3), pagination included', async () => {
    const ghes = await startFakeGitHub(defaultFakeWorld(), { pathPrefix: '/api/v3' })
    try {
      const github = createGitHubClient({ env: { GITHUB_API_URL: `${ghes.url}/api/v3` } })
      expect(await resolveTag(github, 'actions', 'checkout', 'v4.2.2')).toMatchObject({ commit: fakeSha('checkout-6') })
      expect(await github.list('/repos/actions/checkout/tags?per_page=2')).toHaveLength(7)
      expect(ghes.requests.every((request) => request.path.startsWith('/api/v3/repos/'))).toBe(true)
    } finally {
      await ghes.close()
    }
  })

  it('asks each URL once per run, even for concurrent callers', async () => {
    const github = client()
    await Promise.all([github.get('/repos/actions/checkout'), github.get('/repos/actions/checkout'), github.find('/repos/nobody/nothing')])
    await github.find('/repos/nobody/nothing')
    expect(server.requests).toHaveLength(2)
    expect(github.stats).toMatchObject({ requests: 2, memoryHits: 2 })
  })

  it('serves fresh disk-cache answers without a request and revalidates stale ones with If-None-Match', async () => {
    await client({ cacheDir }).get('/repos/actions/checkout')
    const second = client({ cacheDir })
    await second.get('/repos/actions/checkout')
    expect(second.stats.requests).toBe(0)
    expect(second.stats.diskHits).toBe(1)
    const stale = client({ cacheDir, maxAgeSeconds: 0 })
    expect(await stale.get<{ default_branch: string }>('/repos/actions/checkout')).toMatchObject({ default_branch: 'main' })
    expect(server.requests[1]).toMatchObject({ status: 304 })
    expect(server.requests[1]!.ifNoneMatch).toMatch(/^"/)
    expect(stale.stats.notModified).toBe(1)
  })

  it('keeps the disk cache apart per token and never writes the token', async () => {
    await client({ cacheDir, token: 'token-a' }).get('/repos/actions/checkout')
    const other = client({ cacheDir, token: 'token-b' })
    await other.get('/repos/actions/checkout')
    expect(other.stats.requests).toBe(1)
    const same = client({ cacheDir, token: 'token-a' })
    await same.get('/repos/actions/checkout')
    expect(same.stats.requests).toBe(0)
    for (const name of readdirSync(cacheDir)) expect(readFileSync(join(cacheDir, name), 'utf8')).not.toContain('token-')
  })

  it('retries 500s with backoff and then succeeds', async () => {
    server.fault({ kind: 'status', status: 502, times: 2 })
    const github = client()
    expect(await getRepository(github, 'actions', 'checkout')).toMatchObject({ defaultBranch: 'main', archived: false })
    expect(github.stats).toMatchObject({ requests: 3, retries: 2 })
  })

  it('fails with a server error after the last retry', async () => {
    server.fault({ kind: 'status', status: 500, times: 10 })
    await expect(client({ retries: 2 }).get('/repos/actions/checkout')).rejects.toMatchObject({
      kind: 'server',
      message: expect.stringContaining('after 3 attempts'),
    })
  })

  it('times out a hanging response and retries it', async () => {
    server.fault({ kind: 'hang', times: 1 })
    const github = client({ timeoutMs: 300 })
    expect(await github.get('/repos/actions/cache')).toMatchObject({ default_branch: 'main' })
    expect(github.stats.retries).toBe(1)
  })

  it('reports a timeout when every attempt hangs', async () => {
    server.fault({ kind: 'hang', times: 5 })
    await expect(client({ timeoutMs: 200, retries: 1 }).get('/repos/actions/cache')).rejects.toMatchObject({ kind: 'timeout' })
  })

  it('waits for a rate limit that resets soon', async () => {
    server.fault({ kind: 'rate-limit', resetInSeconds: 1, times: 1, retryAfter: true })
    const github = client()
    const started = Date.now()
    await github.get('/repos/actions/cache')
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(github.stats.rateLimitWaits).toBe(1)
  })

  it('fails closed with a clear message when the rate limit resets later than it may wait', async () => {
    server.fault({ kind: 'rate-limit', resetInSeconds: 3600, times: 1 })
    const error = await client()
      .get('/repos/actions/cache')
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GitHubError)
    expect(error).toMatchObject({ kind: 'rate-limited', status: 403 })
    expect((error as Error).message).toMatch(/rate limit exhausted .* resets at \d{4}-.*set GITHUB_TOKEN/)
  })

  it('never puts the token in an error message', async () => {
    server.requireToken = 'right'
    const error = (await createGitHubClient({ baseUrl: server.url, token: 'wrong-secret', env: {} })
      .get('/repos/actions/cache')
      .catch((caught: unknown) => caught)) as GitHubError
    expect(error.kind).toBe('unauthorized')
    expect(error.message).not.toContain('wrong-secret')
  })
})

describe('git questions', () => {
  it('peels annotated and nested annotated tags to their commit', async () => {
    const github = client()
    expect(await resolveTag(github, 'actions', 'checkout', 'v4.2.2')).toEqual({ commit: fakeSha('checkout-6'), objects: [] })
    expect((await resolveTag(github, 'actions', 'checkout', 'v4.1.0'))!.objects).toHaveLength(1)
    const nested = await resolveTag(github, 'actions', 'checkout', 'v4.2.0')
    expect(nested).toMatchObject({ commit: fakeSha('checkout-5') })
    expect(nested!.objects).toHaveLength(2)
    expect(await resolveTag(github, 'actions', 'checkout', 'v9')).toBeUndefined()
  })

  it('resolves a tag or a branch to its commit in one request, nested annotated tags peeled by the commits API', async () => {
    const github = client()
    expect(await refCommit(github, 'actions', 'checkout', 'tag', 'v4.2.2')).toBe(fakeSha('checkout-6'))
    expect(await refCommit(github, 'actions', 'checkout', 'tag', 'v4.1.0')).toBe(fakeSha('checkout-4'))
    expect(await refCommit(github, 'actions', 'checkout', 'tag', 'v4.2.0')).toBe(fakeSha('checkout-5'))
    expect(await refCommit(github, 'actions', 'checkout', 'tag', 'main')).toBeUndefined()
    expect(await refCommit(github, 'actions', 'checkout', 'branch', 'releases/v3')).toBe(fakeSha('checkout-v3-maint'))
    expect(await refCommit(github, 'actions', 'checkout', 'branch', 'v4')).toBeUndefined()
    // a name that is both: each kind answers its own commit
    expect(await refCommit(github, 'confusing', 'action', 'tag', 'v2')).toBe(fakeSha('confused-2'))
    expect(await refCommit(github, 'confusing', 'action', 'branch', 'v2')).toBe(fakeSha('confused-branch-v2'))
    expect(server.requests.map((request) => [request.path.replace(/^\/repos\/[^/]+\/[^/]+/, ''), request.status])).toEqual([
      ['/commits/tags/v4.2.2', 200],
      ['/commits/tags/v4.1.0', 200],
      ['/commits/tags/v4.2.0', 200],
      ['/commits/tags/main', 422],
      ['/commits/heads/releases/v3', 200],
      ['/commits/heads/v4', 422],
      ['/commits/tags/v2', 200],
      ['/commits/heads/v2', 200],
    ])
    expect(github.stats.requests).toBe(8)
    // asked again in the same run: from memory
    expect(await refCommit(github, 'actions', 'checkout', 'tag', 'v4.2.0')).toBe(fakeSha('checkout-5'))
    expect(github.stats.requests).toBe(8)
  })

  it('answers the commits API as GitHub does: a bare name is the tag before the branch; the sha media type is plain text', async () => {
    const bare = await fetch(`${server.url}/repos/confusing/action/commits/v2`, { headers: { accept: 'application/vnd.github.sha' } })
    expect(bare.headers.get('content-type')).toContain('vnd.github.sha')
    expect(await bare.text()).toBe(fakeSha('confused-2'))
    const json = (await (await fetch(`${server.url}/repos/confusing/action/commits/heads/v2`)).json()) as { sha: string }
    expect(json.sha).toBe(fakeSha('confused-branch-v2'))
    const missing = await fetch(`${server.url}/repos/confusing/action/commits/nothing`)
    expect(missing.status).toBe(422)
  })

  it('keeps sha answers in the disk cache apart from JSON answers of the same URL', async () => {
    const first = client({ cacheDir })
    expect(await refCommit(first, 'actions', 'cache', 'tag', 'v4')).toBe(fakeSha('cache-3'))
    expect(await first.find<{ sha: string }>('/repos/actions/cache/commits/tags/v4')).toMatchObject({ sha: fakeSha('cache-3') })
    expect(first.stats.requests).toBe(2)
    const second = client({ cacheDir })
    expect(await refCommit(second, 'actions', 'cache', 'tag', 'v4')).toBe(fakeSha('cache-3'))
    expect(await refCommit(second, 'actions', 'cache', 'tag', 'v404')).toBeUndefined()
    expect(second.stats).toMatchObject({ requests: 1, diskHits: 1 })
  })

  it('resolves branches and compares commits', async () => {
    const github = client()
    expect(await resolveBranch(github, 'actions', 'checkout', 'main')).toBe(fakeSha('checkout-6'))
    expect(await compareCommits(github, 'actions', 'checkout', 'main', fakeSha('checkout-2'))).toBe('behind')
    expect(await compareCommits(github, 'actions', 'checkout', 'main', fakeSha('checkout-fork-evil'))).toBe('diverged')
    expect(await compareCommits(github, 'actions', 'checkout', 'main', fakeSha('nowhere'))).toBeUndefined()
  })

  it('follows Link pagination of lists', async () => {
    const github = client()
    const tags = await github.list<{ name: string }>('/repos/actions/checkout/tags?per_page=3')
    expect(tags!.map((tag) => tag.name)).toHaveLength(7)
    expect(server.requests).toHaveLength(3)
    expect((await listTags(github, 'actions', 'checkout')).find((tag) => tag.name === 'v4')?.commit).toBe(fakeSha('checkout-6'))
  })
})
