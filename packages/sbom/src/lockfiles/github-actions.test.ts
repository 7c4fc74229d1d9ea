import { afterEach, describe, expect, it } from '@jest/globals'
import { isFullSha, loadRepository } from '@pipeguard/workflow'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { readWorkflowActions } from './github-actions.js'

let repository: TempRepository | undefined
afterEach(() => repository?.remove())

describe('readWorkflowActions', () => {
  it("records a commit exactly for the refs the workflow package's isFullSha calls pinned", () => {
    const refs = [
      '0123456789abcdef0123456789abcdef01234567',
      '0123456789ABCDEF0123456789abcdef01234567',
      '0123456789abcdef0123456789abcdef0123456',
      '0123456789abcdef0123456789abcdef012345678',
      'g123456789abcdef0123456789abcdef01234567',
      'v4',
      'main',
    ]
    const steps = refs.map((ref, index) => `      - uses: owner/action${index}@${ref}\n`).join('')
    repository = tempRepository({ '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps}` })
    const graph = readWorkflowActions(loadRepository(repository.root))
    const pinned = refs.map((ref, index) => {
      const pkg = graph.packages.find((candidate) => candidate.name === `action${index}`)!
      return [ref, pkg.properties.some(([name, value]) => name === 'pipeguard:git-commit' && value === ref)]
    })
    expect(pinned).toEqual(refs.map((ref) => [ref, isFullSha(ref)]))
    expect(pinned.filter(([, commit]) => commit)).toHaveLength(1)
  })
})
