import { afterEach, describe, expect, it } from '@jest/globals'
import { lstatSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createGitHubClient } from '@pipeguard/github'
import { defaultPolicy, type Policy } from '@pipeguard/policy'
import {
  corpusPath,
  describeCorpus,
  fakeSha,
  runProcess,
  startFakeGitHub,
  tempRepository,
  type FakeGitHub,
  type FakeWorld,
  type TempRepository,
} from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { runPinCheck } from './engine.js'
import { fixPins } from './fix.js'

let server: FakeGitHub | undefined
let repository: TempRepository | undefined
afterEach(async () => {
  repository?.remove()
  repository = undefined
  await server?.close()
  server = undefined
})

async function fix(files: Record<string, string>, options: { update?: boolean; policy?: Policy; now?: Date; world?: FakeWorld } = {}) {
  server ??= await startFakeGitHub(options.world)
  repository ??= tempRepository(files)
  const client = createGitHubClient({ baseUrl: server.url, env: {}, backoffMs: 1 })
  const result = await fixPins(loadRepository(repository.root), options.policy ?? defaultPolicy(), {
    client,
    update: options.update,
    now: options.now,
  })
  return { result, client, read: (path: string) => readFileSync(join(repository!.root, path), 'utf8') }
}

const workflow = (...lines: string[]): string => ['on: push', 'jobs:', '  a:', '    runs-on: x', '    steps:', ...lines, ''].join('\n')
const V422 = fakeSha('checkout-6')

describe('fixPins', () => {
  it('pins tags to their commit with the tag as a comment, keeping quotes, comments and flow mappings intact', async () => {
    const { result, read } = await fix({
      '.github/workflows/ci.yml': workflow(
        '      - uses: actions/checkout@v4',
        "      - uses: 'actions/checkout@v4.1.0'   # keep this note",
        '      - {uses: actions/cache@v4, with: {path: x}}',
        `      - uses: actions/checkout@${V422} # v4.2.2`,
      ),
    })
    expect(read('.github/workflows/ci.yml')).toBe(
      workflow(
        `      - uses: actions/checkout@${V422} # v4`,
        `      - uses: 'actions/checkout@${fakeSha('checkout-4')}' # v4.1.0   # keep this note`,
        `      - {uses: actions/cache@${fakeSha('cache-3')}, with: {path: x}}`,
        `      - uses: actions/checkout@${V422} # v4.2.2`,
      ),
    )
    expect(result.changes).toEqual([
      { path: '.github/workflows/ci.yml', line: 6, from: 'actions/checkout@v4', to: `actions/checkout@${V422} # v4` },
      {
        path: '.github/workflows/ci.yml',
        line: 7,
        from: 'actions/checkout@v4.1.0',
        to: `actions/checkout@${fakeSha('checkout-4')} # v4.1.0`,
      },
      { path: '.github/workflows/ci.yml', line: 8, from: 'actions/cache@v4', to: `actions/cache@${fakeSha('cache-3')} # v4` },
    ])
    expect(result.diff).toContain(`+      - uses: actions/checkout@${V422} # v4\n`)
  })

  it('asks one request per unique (repository, ref): nested annotated tags peeled, the tag taken before a branch of the same name', async () => {
    const { result, client } = await fix({
      '.github/workflows/ci.yml': workflow(
        '      - uses: actions/checkout@v4.2.0',
        '      - uses: confusing/action@v2',
        '      - uses: actions/checkout@v4.2.0',
        '      - uses: actions/checkout@main',
      ),
      '.github/workflows/other.yml': workflow('      - uses: confusing/action@v2', '      - uses: actions/cache@v4'),
    })
    expect(result.changes.map((change) => change.to)).toEqual([
      `actions/checkout@${fakeSha('checkout-5')} # v4.2.0`,
      `confusing/action@${fakeSha('confused-2')} # v2`,
      `actions/checkout@${fakeSha('checkout-5')} # v4.2.0`,
      `confusing/action@${fakeSha('confused-2')} # v2`,
      `actions/cache@${fakeSha('cache-3')} # v4`,
    ])
    expect(result.skipped.map((skip) => skip.uses)).toEqual(['actions/checkout@main'])
    // four pairs: checkout@v4.2.0 (a tag object inside a tag object), confusing/action@v2, checkout@main, cache@v4
    expect(server!.requests.map((request) => request.path).sort()).toEqual([
      '/repos/actions/cache/commits/tags/v4',
      '/repos/actions/checkout/commits/tags/main',
      '/repos/actions/checkout/commits/tags/v4.2.0',
      '/repos/confusing/action/commits/tags/v2',
    ])
    expect(client.stats.requests).toBe(4)
  })

  it('is idempotent: a second run asks nothing and changes nothing', async () => {
    const files = { '.github/workflows/ci.yml': workflow('      - uses: actions/checkout@v4', '      - uses: actions/cache@v4') }
    await fix(files)
    const before = readFileSync(join(repository!.root, '.github/workflows/ci.yml'), 'utf8')
    const second = await fix(files)
    expect(second.result.changes).toEqual([])
    expect(second.client.stats.requests).toBe(0)
    expect(second.read('.github/workflows/ci.yml')).toBe(before)
  })

  it('leaves branches alone unless the policy asks for the latest release', async () => {
    const files = { '.github/workflows/ci.yml': workflow('      - uses: actions/checkout@main') }
    const skipped = await fix(files)
    expect(skipped.result.changes).toEqual([])
    expect(skipped.result.skipped[0]!.reason).toContain('is not a tag of actions/checkout, so it names a branch')
    // the tag question alone: the fix pins no branch, so it does not ask whether the branch exists
    expect(skipped.client.stats.requests).toBe(1)
    const policy = defaultPolicy()
    policy.rules['unpinned-uses'] = { options: { 'fix-branches': 'latest-release' } }
    const pinned = await fix(files, { policy })
    expect(pinned.read('.github/workflows/ci.yml')).toContain(`actions/checkout@${V422} # v4.2.2`)
  })

  it('updates within the same major, respecting min-age', async () => {
    const files = {
      '.github/workflows/ci.yml': workflow(
        `      - uses: actions/checkout@${fakeSha('checkout-3')} # v4.0.0`,
        '      - uses: actions/checkout@v3.6.0',
      ),
    }
    const policy = defaultPolicy()
    policy.rules['unpinned-uses'] = { options: { 'min-age': 7 } }
    const { read } = await fix(files, { update: true, policy, now: new Date('2026-11-22T00:00:00Z') })
    // v4.2.2 was published two days before "now": the cooldown picks v4.2.0; v3 has nothing newer than v3.6.0
    expect(read('.github/workflows/ci.yml')).toBe(
      workflow(
        `      - uses: actions/checkout@${fakeSha('checkout-5')} # v4.2.0`,
        `      - uses: actions/checkout@${fakeSha('checkout-v3-maint')} # v3.6.0`,
      ),
    )
  })

  it('writes the most specific tag at the same commit when the policy requires full versions in comments', async () => {
    const policy = defaultPolicy()
    policy.rules['missing-version-comment'] = { options: { pattern: '^v\\d+\\.\\d+\\.\\d+$' } }
    const { read, client } = await fix(
      { '.github/workflows/ci.yml': workflow('      - uses: actions/checkout@v4', '      - uses: actions/checkout@v4.2.2') },
      { policy },
    )
    expect(read('.github/workflows/ci.yml')).toBe(
      workflow(`      - uses: actions/checkout@${V422} # v4.2.2`, `      - uses: actions/checkout@${V422} # v4.2.2`),
    )
    // v4 does not satisfy the pattern: the tag listing answers its commit and its fuller name at once; v4.2.2 is one
    // commits-API request: two requests for two (repository, ref) pairs
    expect(client.stats.requests).toBe(2)
  })

  it('answers a version-like name the comment pattern rejects from the tag listing alone: a tag, or a branch when a complete listing lacks it', async () => {
    const tags: Record<string, string> = { 'v2.3.1': fakeSha('gql-2'), 'v3.0.0': fakeSha('gql-3') }
    const world: FakeWorld = {
      repositories: [
        { owner: 'octo', repo: 'graphql', branches: { main: [fakeSha('gql-2'), fakeSha('gql-3')], 'v2.x': [fakeSha('gql-2')] }, tags },
      ],
    }
    const files = { '.github/workflows/ci.yml': workflow('      - uses: octo/graphql@v2.x', '      - uses: confusing/action@v2') }
    const first = await fix(files, { world, policy: defaultPolicy() })
    expect(first.result.skipped.map((skip) => skip.uses)).toEqual(['octo/graphql@v2.x', 'confusing/action@v2'])
    expect(first.client.stats.requests).toBe(2) // octo/graphql: the listing; confusing/action (not in this world): the tag
    await server!.close()
    server = undefined
    repository!.remove()
    repository = undefined
    // more tags than the listing's page: the listing cannot say "no such tag", so the tag itself is asked
    for (let index = 0; index < 120; index++) tags[`v1.0.${index}`] = fakeSha(`gql-old-${index}`)
    const crowded = await fix({ '.github/workflows/ci.yml': workflow('      - uses: octo/graphql@v2.x') }, { world })
    expect(crowded.result.skipped.map((skip) => skip.uses)).toEqual(['octo/graphql@v2.x'])
    expect(server!.requests.map((request) => request.path)).toEqual([
      '/repos/octo/graphql/tags?per_page=100',
      '/repos/octo/graphql/commits/tags/v2.x',
    ])
  })

  it('takes the tag of a name that is both a tag and a branch from the listing too', async () => {
    const policy = defaultPolicy()
    policy.rules['missing-version-comment'] = { options: { pattern: '^v\\d+\\.\\d+\\.\\d+$' } }
    const { read, client } = await fix({ '.github/workflows/ci.yml': workflow('      - uses: confusing/action@v2') }, { policy })
    expect(read('.github/workflows/ci.yml')).toBe(workflow(`      - uses: confusing/action@${fakeSha('confused-2')} # v2.0.0`))
    expect(client.stats.requests).toBe(1)
  })

  it('edits the target of a symbolic link and keeps the link', async () => {
    repository = tempRepository({ 'shared/ci.yml': workflow('      - uses: actions/checkout@v4') })
    repository.link('.github/workflows/ci.yml', '../../shared/ci.yml')
    const { read } = await fix({})
    expect(read('shared/ci.yml')).toBe(workflow(`      - uses: actions/checkout@${V422} # v4`))
    expect(lstatSync(join(repository.root, '.github/workflows/ci.yml')).isSymbolicLink()).toBe(true)
  })

  it('keeps CRLF line endings', async () => {
    const { read } = await fix({ '.github/workflows/ci.yml': workflow('      - uses: actions/checkout@v4').replace(/\n/g, '\r\n') })
    expect(read('.github/workflows/ci.yml')).toBe(workflow(`      - uses: actions/checkout@${V422} # v4`).replace(/\n/g, '\r\n'))
  })
})

/** Every line is unchanged, or is the same line with `@ref` replaced by `@sha` and ` # ref` after the value. */
function expectOnlyRefsChanged(before: string, after: string): number {
  const a = before.split('\n')
  const b = after.split('\n')
  expect(b).toHaveLength(a.length)
  let changed = 0
  a.forEach((line, index) => {
    const now = b[index]!
    if (now === line) return
    changed++
    const match = /@([0-9a-f]{40})/.exec(now)
    expect(match).not.toBeNull()
    const at = match!.index
    const refMatch = /^@([^\s'"]+)/.exec(line.slice(at))!
    const ref = refMatch[1]!
    const rest = line.slice(at + 1 + ref.length)
    const quote = /^['"]/.test(rest) ? rest[0]! : ''
    const expected = [
      `${line.slice(0, at)}@${match![1]}${rest}`,
      `${line.slice(0, at)}@${match![1]}${quote} # ${ref}${rest.slice(quote.length)}`,
    ]
    expect(expected).toContain(now)
  })
  return changed
}

describeCorpus('fix mode over real workflows', () => {
  const files = [
    'actions__runner/.github/workflows/build.yml',
    'eslint__eslint/.github/workflows/ci.yml',
    'grafana__loki/.github/workflows/minor-release-pr.yml',
    'pulumi__pulumi/.github/workflows/ci.yml',
    'python__typeshed/.github/workflows/daily.yml',
    'microsoft__semantic-kernel/.github/workflows/dotnet-integration-tests.yml',
  ]
  it.each(files)('%s: byte-identical except the refs, then clean and idempotent', async (path) => {
    const original = readFileSync(corpusPath('workflows', path), 'utf8')
    const target = '.github/workflows/under-test.yml'
    const policy = defaultPolicy()
    policy.rules['unpinned-uses'] = { options: { 'fix-branches': 'latest-release' } }
    const world: FakeWorld = { repositories: [], synthesize: true }
    const first = await fix({ [target]: original }, { world, policy })
    const after = first.read(target)
    expect(first.result.changes.length).toBeGreaterThan(0)
    expect(expectOnlyRefsChanged(original, after)).toBe(new Set(first.result.changes.map((change) => change.line)).size)
    // the printed diff is a patch git applies to the original, giving the fixed file
    const patched = tempRepository({ [target]: original, 'fix.diff': first.result.diff })
    try {
      const applied = await runProcess('git', ['apply', '--unidiff-zero', 'fix.diff'], { cwd: patched.root })
      expect(applied.stderr).toBe('')
      expect(readFileSync(join(patched.root, target), 'utf8')).toBe(after)
    } finally {
      patched.remove()
    }
    const remaining = runPinCheck(loadRepository(repository!.root), policy).findings.filter((finding) => finding.ruleId === 'unpinned-uses')
    // what is left is exactly what the fix skipped and said why (a branch of a repository without releases)
    expect(remaining.map((finding) => finding.line)).toEqual(first.result.skipped.map((skip) => skip.line))
    const second = await fix({}, { world, policy })
    expect(second.result.changes).toEqual([])
    expect(second.read(target)).toBe(after)
    // CRLF variant of the same real file
    repository!.remove()
    repository = undefined
    const crlf = original.replace(/\r?\n/g, '\r\n')
    const third = await fix({ [target]: crlf }, { world, policy })
    expect(third.read(target)).toBe(after.replace(/\r?\n/g, '\r\n'))
  })
})
