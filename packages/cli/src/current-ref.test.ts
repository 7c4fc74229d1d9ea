import { afterEach, describe, expect, it } from '@jest/globals'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { currentRef } from './current-ref.js'

let repository: TempRepository | undefined
afterEach(() => repository?.remove())

describe('currentRef', () => {
  it('reads the branch of .git/HEAD, and nothing on a detached HEAD', () => {
    repository = tempRepository({ '.git/HEAD': 'ref: refs/heads/feature/$(id)\n' })
    expect(currentRef(repository.root, {})).toEqual({ kind: 'branch', name: 'feature/$(id)', source: '.git/HEAD' })
    repository.write('.git/HEAD', `${'a'.repeat(40)}\n`)
    expect(currentRef(repository.root, {})).toBeUndefined()
  })

  it("follows a worktree's .git file", () => {
    repository = tempRepository({ '.git': 'gitdir: meta/worktrees/x\n', 'meta/worktrees/x/HEAD': 'ref: refs/heads/wt\n' })
    expect(currentRef(repository.root, {})?.name).toBe('wt')
  })

  it('prefers the event payload on an Actions runner', () => {
    repository = tempRepository({ '.git/HEAD': 'ref: refs/heads/main\n', 'event.json': '{"pull_request":{"head":{"ref":"fork-branch"}}}' })
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: `${repository.root}/event.json` }
    expect(currentRef(repository.root, env)).toMatchObject({ kind: 'branch', name: 'fork-branch' })
  })

  it('finds nothing outside a git checkout', () => {
    repository = tempRepository({})
    expect(currentRef(repository.root, {})).toBeUndefined()
  })
})
