import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createGitHubClient, GitHubError } from '@pipeguard/github'
import { defaultPolicy } from '@pipeguard/policy'
import { fakeSha, startFakeGitHub, tempRepository, type FakeGitHub, type TempRepository } from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { verifyPins } from './verify.js'

let server: FakeGitHub
let repository: TempRepository
beforeEach(async () => {
  server = await startFakeGitHub()
})
afterEach(async () => {
  repository?.remove()
  await server.close()
})

const steps = (...uses: string[]): string =>
  `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n${uses.map((use) => `      - uses: ${use}\n`).join('')}`

async function verify(...uses: string[]) {
  repository?.remove()
  repository = tempRepository({ '.github/workflows/ci.yml': steps(...uses) })
  const client = createGitHubClient({ baseUrl: server.url, env: {}, backoffMs: 1 })
  const result = await verifyPins(loadRepository(repository.root), defaultPolicy(), client)
  return { ...result, client, brief: result.findings.map((finding) => `${finding.ruleId}:${finding.line}`) }
}

describe('verifyPins', () => {
  it('accepts SHA pins whose comment tag points to them, lightweight, annotated and nested annotated', async () => {
    const { brief } = await verify(
      `actions/checkout@${fakeSha('checkout-6')} # v4.2.2`,
      `actions/checkout@${fakeSha('checkout-4')} # v4.1.0`,
      `actions/checkout@${fakeSha('checkout-5')} # v4.2.0`,
    )
    expect(brief).toEqual([])
  })

  it('reports a comment that names another commit, or a tag that does not exist', async () => {
    const { findings } = await verify(
      `actions/checkout@${fakeSha('checkout-5')} # v4.2.2`,
      `actions/checkout@${fakeSha('checkout-6')} # v9.9.9`,
    )
    expect(findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['ref-version-mismatch', 6],
      ['ref-version-mismatch', 7],
    ])
    expect(findings[0]!.message).toContain(`actions/checkout@v4.2.2 is ${fakeSha('checkout-6')}`)
    const major = await verify(`actions/cache@${fakeSha('cache-1')} # v4`)
    expect(major.findings[0]!.message).toContain('v4 is a major tag that moves with each release')
  })

  it('reports a commit that only a fork has as an impostor, and accepts commits on the default or a release branch', async () => {
    const { brief } = await verify(
      `actions/checkout@${fakeSha('checkout-fork-evil')}`,
      `actions/checkout@${fakeSha('checkout-2')}`,
      `actions/checkout@${fakeSha('checkout-v3-maint')}`,
      `actions/checkout@${fakeSha('never-existed')}`,
    )
    expect(brief).toEqual(['impostor-commit:6', 'impostor-commit:9'])
  })

  it('spends a bounded number of requests on an impostor commit', async () => {
    const { brief, client } = await verify(`actions/checkout@${fakeSha('checkout-fork-evil')}`)
    expect(brief).toEqual(['impostor-commit:6'])
    // repository, tag and branch listings, compare with the default branch, then one compare per distinct commit
    // of the other refs, at most four (releases/v3 = v3 = v3.6.0; v4.2.2 = v4 = the tip of main)
    const compared = server.requests.filter((request) => request.path.includes('/compare/'))
    expect(compared.map((request) => request.path.split('/compare/')[1]!.split('...')[0])).toEqual([
      'main',
      'releases/v3',
      'v4.0.0',
      'v4.1.0',
      'v4.2.0',
    ])
    // plus action.yml and action.yaml at that commit (is it a composite action?)
    expect(client.stats.requests).toBe(10)
  })

  it('reports a ref that is both a tag and a branch, and an archived repository', async () => {
    const { brief } = await verify(
      'confusing/action@v2',
      'confusing/action@v2.0.0',
      `old-org/abandoned-action@${fakeSha('old-2')} # v1.0.0`,
    )
    expect(brief).toEqual(['ref-confusion:6', 'archived-uses:8'])
  })

  it('asks each question once however many steps repeat it', async () => {
    const uses = Array.from({ length: 20 }, () => `actions/checkout@${fakeSha('checkout-6')} # v4.2.2`)
    const { client, findings } = await verify(...uses)
    expect(findings).toEqual([])
    // the repository (archived?), the tag, and action.yml / action.yaml (is it composite?): four requests for twenty steps
    expect(client.stats.requests).toBe(4)
  })

  it('looks inside SHA-pinned composite actions, nested ones included, for mutable refs', async () => {
    const sha = fakeSha('composite-1')
    const { findings } = await verify(
      `composite/setup@${sha} # v1.0.0`,
      `composite/setup/clean@${sha} # v1.0.0`,
      `composite/setup/node@${sha} # v1.0.0`,
    )
    expect(findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toEqual(['unpinned-uses:6'])
    expect(findings[0]!.message).toBe(
      'composite/setup is pinned, but it is a composite action that runs actions/checkout@v4, someone/tool@main (through composite/setup/inner): mutable refs that the pin does not freeze; ask its maintainers to pin them, or use an action that does',
    )
  })

  it('fails closed when GitHub cannot answer', async () => {
    server.fault({ kind: 'rate-limit', resetInSeconds: 7200, times: 100 })
    await expect(verify(`actions/checkout@${fakeSha('checkout-6')} # v4.2.2`)).rejects.toBeInstanceOf(GitHubError)
  })
})
