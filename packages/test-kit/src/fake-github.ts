import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A deterministic fake commit or object SHA for a label. */
export function fakeSha(label: string): string {
  return createHash('sha1').update(label).digest('hex')
}

/** An annotated tag: a chain of `depth` tag objects (nested annotated tags when > 1) ending at a commit. */
export interface FakeAnnotatedTag {
  commit: string
  depth: number
}

export interface FakeRepository {
  owner: string
  repo: string
  defaultBranch?: string
  archived?: boolean
  /** Each branch's history, oldest commit first; the last one is the tip. */
  branches: Record<string, string[]>
  /** Tag name to a commit (a lightweight tag) or an annotated tag. */
  tags?: Record<string, string | FakeAnnotatedTag>
  releases?: { tag: string; publishedAt: string; prerelease?: boolean }[]
  /** Commits that exist only in a fork: GitHub serves them under this repository's name, but no ref reaches them. */
  forkCommits?: string[]
  /** Files served by the contents API (the same at every ref), e.g. `action.yml` of a composite action. */
  files?: Record<string, string>
}

export interface FakeWorld {
  repositories: FakeRepository[]
  /**
   * Answer for any repository not listed: a ref that looks like a version is a lightweight tag, any other ref a
   * branch, each at a commit derived from the name (for benchmarks over real workflows).
   */
  synthesize?: boolean
}

export type FakeFault =
  | { kind: 'status'; status: number; times: number; match?: RegExp }
  | { kind: 'rate-limit'; resetInSeconds: number; times: number; match?: RegExp; retryAfter?: boolean }
  | { kind: 'hang'; times: number; match?: RegExp }

export interface FakeRequest {
  method: string
  path: string
  authorization: string | undefined
  ifNoneMatch: string | undefined
  status: number
}

export interface FakeGitHub {
  /** Base URL, e.g. http://127.0.0.1:PORT (use as GITHUB_API_URL / --api-url). */
  url: string
  world: FakeWorld
  /** Every request received, in order. */
  requests: FakeRequest[]
  /** Queues a fault for the next matching requests. */
  fault(fault: FakeFault): void
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  requireToken: string | undefined
  close(): Promise<void>
}

/** The small world the pinning tests use: every kind of ref the issue lists. */
export function defaultFakeWorld(): FakeWorld {
  const history = (label: string, count: number): string[] => Array.from({ length: count }, (_, index) => fakeSha(`${label}-${index + 1}`))
  const checkout = history('checkout', 6)
  const cache = history('cache', 3)
  const old = history('old', 2)
  const confused = history('confused', 3)
  return {
    repositories: [
      {
        owner: 'actions',
        repo: 'checkout',
        branches: { main: checkout, 'releases/v3': [...checkout.slice(0, 2), fakeSha('checkout-v3-maint')] },
        tags: {
          'v3.6.0': fakeSha('checkout-v3-maint'),
          v3: fakeSha('checkout-v3-maint'),
          'v4.0.0': checkout[2]!,
          'v4.1.0': { commit: checkout[3]!, depth: 1 },
          'v4.2.0': { commit: checkout[4]!, depth: 2 },
          'v4.2.2': checkout[5]!,
          v4: { commit: checkout[5]!, depth: 1 },
        },
        releases: [
          { tag: 'v4.2.2', publishedAt: '2026-11-20T00:00:00Z' },
          { tag: 'v4.2.0', publishedAt: '2026-06-01T00:00:00Z' },
          { tag: 'v4.1.0', publishedAt: '2026-03-01T00:00:00Z' },
          { tag: 'v4.0.0', publishedAt: '2025-12-01T00:00:00Z' },
          { tag: 'v3.6.0', publishedAt: '2025-10-01T00:00:00Z' },
        ],
        forkCommits: [fakeSha('checkout-fork-evil')],
      },
      {
        owner: 'actions',
        repo: 'cache',
        branches: { main: cache },
        tags: { 'v4.1.2': cache[2]!, v4: cache[2]! },
        releases: [{ tag: 'v4.1.2', publishedAt: '2026-01-01T00:00:00Z' }],
      },
      { owner: 'old-org', repo: 'abandoned-action', archived: true, branches: { master: old }, tags: { 'v1.0.0': old[1]!, v1: old[1]! } },
      {
        owner: 'confusing',
        repo: 'action',
        branches: { main: confused, v2: [confused[0]!, fakeSha('confused-branch-v2')] },
        tags: { v2: confused[1]!, 'v2.0.0': confused[1]! },
      },
      {
        owner: 'composite',
        repo: 'setup',
        branches: { main: [fakeSha('composite-1')] },
        tags: { 'v1.0.0': fakeSha('composite-1'), v1: fakeSha('composite-1') },
        files: {
          'action.yml': [
            'name: setup',
            'runs:',
            '  using: composite',
            '  steps:',
            '    - uses: actions/checkout@v4',
            `    - uses: actions/cache@${fakeSha('cache-3')} # v4.1.2`,
            `    - uses: composite/setup/inner@${fakeSha('composite-1')} # v1.0.0`,
            '',
          ].join('\n'),
          'inner/action.yaml': 'name: inner\nruns:\n  using: composite\n  steps:\n    - uses: someone/tool@main\n',
          'clean/action.yml': `name: clean\nruns:\n  using: composite\n  steps:\n    - uses: actions/cache@${fakeSha('cache-3')} # v4.1.2\n`,
          'node/action.yml': 'name: node\nruns:\n  using: node24\n  main: index.js\n',
        },
      },
    ],
  }
}

/** Starts a fake GitHub REST API on 127.0.0.1 (a real HTTP server): refs, tags, compare, releases, ETags, faults. */
export async function startFakeGitHub(world: FakeWorld = defaultFakeWorld(), options: { pathPrefix?: string } = {}): Promise<FakeGitHub> {
  // GitHub Enterprise Server serves the REST API under /api/v3.
  const prefix = options.pathPrefix ?? ''
  const faults: FakeFault[] = []
  const requests: FakeRequest[] = []
  const hanging = new Set<ServerResponse>()
  const fake: FakeGitHub = {
    url: '',
    world,
    requests,
    requireToken: undefined,
    fault: (fault) => faults.push(fault),
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    const path = url.pathname + url.search
    const record: FakeRequest = {
      method: request.method ?? 'GET',
      path,
      authorization: request.headers.authorization,
      ifNoneMatch: request.headers['if-none-match'] as string | undefined,
      status: 0,
    }
    requests.push(record)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status
      // a raw body (the `sha` media type) is sent as text, anything else as JSON
      const raw = typeof body === 'object' && body !== null && RAW in body ? String((body as { [RAW]: string })[RAW]) : undefined
      const text = raw ?? JSON.stringify(body)
      const etag = `"${createHash('sha1').update(text).digest('hex')}"`
      if (status === 200 && record.ifNoneMatch === etag) {
        record.status = 304
        response.writeHead(304, { etag, ...headers }).end()
        return
      }
      const type = raw === undefined ? 'application/json' : 'application/vnd.github.sha'
      response.writeHead(status, { 'content-type': type, ...(status === 200 ? { etag } : {}), ...headers }).end(text)
    }
    const faultIndex = faults.findIndex((fault) => fault.match === undefined || fault.match.test(path))
    if (faultIndex !== -1) {
      const fault = faults[faultIndex]!
      if (--fault.times <= 0) faults.splice(faultIndex, 1)
      if (fault.kind === 'hang') {
        record.status = -1
        hanging.add(response)
        response.writeHead(200, { 'content-type': 'application/json' })
        response.write('{')
        return
      }
      if (fault.kind === 'status') return send(fault.status, { message: `injected ${fault.status}` })
      const reset = Math.ceil(Date.now() / 1000) + fault.resetInSeconds
      return send(
        403,
        { message: 'API rate limit exceeded' },
        {
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
          ...(fault.retryAfter ? { 'retry-after': String(fault.resetInSeconds) } : {}),
        },
      )
    }
    if (fake.requireToken !== undefined && request.headers.authorization !== `Bearer ${fake.requireToken}`) {
      return send(401, { message: 'Bad credentials' })
    }
    if (prefix !== '' && !url.pathname.startsWith(`${prefix}/`)) return send(404, { message: 'Not Found' })
    const answer = route(
      world,
      new URL(url.pathname.slice(prefix.length) + url.search, 'http://fake'),
      String(request.headers.accept ?? ''),
    )
    if (answer === undefined) return send(404, { message: 'Not Found' })
    if (answer.status !== undefined) return send(answer.status, answer.body)
    const { body, link } = answer
    send(200, body, link ? { link: link.replace('BASE', fake.url + prefix) } : {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

interface Routed {
  body: unknown
  link?: string
  /** Another status than 200 (an answer that is not a 404). */
  status?: number
}

const RAW = Symbol('raw body')

function route(world: FakeWorld, url: URL, accept: string): Routed | undefined {
  const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname)
  if (match === null) return undefined
  const repository = repositoryOf(world, decodeURIComponent(match[1]!), decodeURIComponent(match[2]!))
  if (repository === undefined) return undefined
  const rest = match[3] ?? ''
  const base = `/repos/${repository.owner}/${repository.repo}`
  const defaultBranch = repository.defaultBranch ?? Object.keys(repository.branches)[0]!
  const tags = repository.tags ?? {}
  const tagObjects = tagObjectsOf(repository)
  if (rest === '') {
    return {
      body: {
        full_name: `${repository.owner}/${repository.repo}`,
        default_branch: defaultBranch,
        archived: repository.archived === true,
        fork: false,
      },
    }
  }
  let found: RegExpExecArray | null
  if ((found = /^\/git\/ref\/(tags|heads)\/(.+)$/.exec(rest))) {
    const name = decodeURIComponent(found[2]!)
    if (found[1] === 'heads') {
      const history = repository.branches[name]
      return history ? { body: { ref: `refs/heads/${name}`, object: { type: 'commit', sha: history[history.length - 1] } } } : undefined
    }
    const tag = tags[name]
    if (tag === undefined) return undefined
    const object = typeof tag === 'string' ? { type: 'commit', sha: tag } : { type: 'tag', sha: tagObjectSha(repository, name, tag.depth) }
    return { body: { ref: `refs/tags/${name}`, object } }
  }
  if ((found = /^\/git\/tags\/([0-9a-f]{40})$/.exec(rest))) {
    const object = tagObjects.get(found[1]!)
    return object ? { body: { sha: found[1], tag: object.name, object: object.target } } : undefined
  }
  if ((found = /^\/git\/commits\/([0-9a-f]{40})$/.exec(rest))) {
    return knownCommits(repository).has(found[1]!) ? { body: { sha: found[1] } } : undefined
  }
  if ((found = /^\/commits\/(.+)$/.exec(rest))) {
    // GitHub resolves the ref as git rev-parse does (refs/<name>, then refs/tags/<name>, then refs/heads/<name>: tag
    // before branch) and peels annotated tags to their commit; a name that is no ref is a 422.
    const name = found[1]!.split('/').map(decodeURIComponent).join('/')
    const sha = resolveName(repository, name)
    if (sha === undefined) return { status: 422, body: { message: `No commit found for SHA: ${name}` } }
    return { body: accept.includes('vnd.github.sha') ? { [RAW]: sha } : { sha, commit: { message: `commit ${sha}` }, parents: [] } }
  }
  if ((found = /^\/compare\/(.+?)\.\.\.(.+)$/.exec(rest))) {
    const from = commitOf(repository, decodeURIComponent(found[1]!))
    const to = commitOf(repository, decodeURIComponent(found[2]!))
    if (from === undefined || to === undefined) return undefined
    return { body: { status: compare(repository, from, to) } }
  }
  if ((found = /^\/contents\/(.+)$/.exec(rest))) {
    const ref = url.searchParams.get('ref')
    const content = repository.files?.[decodeURIComponent(found[1]!)]
    if (content === undefined || (ref !== null && commitOf(repository, ref) === undefined)) return undefined
    return { body: { type: 'file', encoding: 'base64', path: found[1], content: Buffer.from(content).toString('base64') } }
  }
  const listed = (items: unknown[]): Routed => {
    const perPage = Number(url.searchParams.get('per_page') ?? 30)
    const page = Number(url.searchParams.get('page') ?? 1)
    const slice = items.slice((page - 1) * perPage, page * perPage)
    const more = page * perPage < items.length
    return { body: slice, ...(more ? { link: `<BASE${base}${rest}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : {}) }
  }
  if (rest === '/branches')
    return listed(Object.entries(repository.branches).map(([name, history]) => ({ name, commit: { sha: history[history.length - 1] } })))
  if (rest === '/tags')
    return listed(Object.entries(tags).map(([name, tag]) => ({ name, commit: { sha: typeof tag === 'string' ? tag : tag.commit } })))
  if (rest === '/releases') {
    return listed(
      (repository.releases ?? []).map((release) => ({
        tag_name: release.tag,
        published_at: release.publishedAt,
        prerelease: release.prerelease === true,
        draft: false,
      })),
    )
  }
  return undefined
}

const synthesized = new Map<string, FakeRepository>()

function repositoryOf(world: FakeWorld, owner: string, repo: string): FakeRepository | undefined {
  const listed = world.repositories.find(
    (candidate) => candidate.owner.toLowerCase() === owner.toLowerCase() && candidate.repo.toLowerCase() === repo.toLowerCase(),
  )
  if (listed !== undefined || world.synthesize !== true) return listed
  const key = `${owner}/${repo}`.toLowerCase()
  let repository = synthesized.get(key)
  if (repository === undefined) {
    repository = { owner, repo, defaultBranch: 'main', branches: {}, tags: {} }
    // Any version-like tag and any branch exist on demand.
    repository.tags = new Proxy<Record<string, string>>(
      {},
      { get: (_, name) => (typeof name === 'string' && /^v?\d/.test(name) ? fakeSha(`${key}@${name}`) : undefined) },
    )
    repository.branches = new Proxy<Record<string, string[]>>(
      { main: [fakeSha(`${key}@main`)] },
      {
        // a branch literally named `tags/...` would be found by rev-parse after the tag: the synthesized world has none
        get: (target, name) =>
          typeof name === 'string' && !/^v?\d/.test(name) && !/^(?:refs|tags|heads)\//.test(name)
            ? [fakeSha(`${key}@${name}`)]
            : target[name as string],
      },
    )
    synthesized.set(key, repository)
  }
  return repository
}

function tagObjectSha(repository: FakeRepository, name: string, level: number): string {
  return fakeSha(`${repository.owner}/${repository.repo} tag object ${name} ${level}`)
}

function tagObjectsOf(repository: FakeRepository): Map<string, { name: string; target: { type: string; sha: string } }> {
  const objects = new Map<string, { name: string; target: { type: string; sha: string } }>()
  for (const [name, tag] of Object.entries(repository.tags ?? {})) {
    if (typeof tag === 'string') continue
    for (let level = tag.depth; level >= 1; level--) {
      const target = level === 1 ? { type: 'commit', sha: tag.commit } : { type: 'tag', sha: tagObjectSha(repository, name, level - 1) }
      objects.set(tagObjectSha(repository, name, level), { name, target })
    }
  }
  return objects
}

function knownCommits(repository: FakeRepository): Set<string> {
  const commits = new Set<string>(repository.forkCommits ?? [])
  for (const history of Object.values(repository.branches)) history.forEach((sha) => commits.add(sha))
  for (const tag of Object.values(repository.tags ?? {})) commits.add(typeof tag === 'string' ? tag : tag.commit)
  return commits
}

function commitOf(repository: FakeRepository, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/.test(ref)) return knownCommits(repository).has(ref) ? ref : undefined
  const tag = repository.tags?.[ref]
  if (tag !== undefined) return typeof tag === 'string' ? tag : tag.commit
  const history = repository.branches[ref]
  return history?.[history.length - 1]
}

/** The commit a rev-parse style name resolves to: a full SHA, `refs/...`, `tags/<t>`, `heads/<b>`, or a bare name (tag first). */
function resolveName(repository: FakeRepository, name: string): string | undefined {
  if (/^[0-9a-f]{40}$/.test(name)) return knownCommits(repository).has(name) ? name : undefined
  const exact = (full: string): string | undefined => {
    if (full.startsWith('refs/tags/')) {
      const tag = repository.tags?.[full.slice('refs/tags/'.length)]
      return tag === undefined ? undefined : typeof tag === 'string' ? tag : tag.commit
    }
    if (full.startsWith('refs/heads/')) {
      const history = repository.branches[full.slice('refs/heads/'.length)]
      return history?.[history.length - 1]
    }
    return undefined
  }
  for (const full of [name.startsWith('refs/') ? name : `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`]) {
    const sha = exact(full)
    if (sha !== undefined) return sha
  }
  return undefined
}

/** Ancestors of a commit including itself: along every branch history it appears in. */
function ancestorsOf(repository: FakeRepository, sha: string): Set<string> {
  const result = new Set<string>([sha])
  for (const history of Object.values(repository.branches)) {
    const index = history.indexOf(sha)
    if (index !== -1) history.slice(0, index).forEach((commit) => result.add(commit))
  }
  return result
}

function compare(repository: FakeRepository, base: string, head: string): string {
  if (base === head) return 'identical'
  if (ancestorsOf(repository, base).has(head)) return 'behind'
  if (ancestorsOf(repository, head).has(base)) return 'ahead'
  return 'diverged'
}
