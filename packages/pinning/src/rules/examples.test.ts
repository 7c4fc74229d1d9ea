import { afterEach, describe, expect, it } from '@jest/globals'
import { defaultPolicy } from '@pipeguard/policy'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { runPinCheck } from '../engine.js'
import { offlineRules } from './index.js'

let repository: TempRepository | undefined
afterEach(() => repository?.remove())

/** A documented example as a whole workflow: `steps:` snippets go into a job, `jobs:` snippets get a trigger. */
function asWorkflow(example: string): string {
  if (example.startsWith('jobs:')) return `on: push\n${example}`
  const indented = example.replace(/^/gm, '    ').replace(/ +$/gm, '')
  return `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n${indented}`
}

const documented = offlineRules.filter((rule) => rule.meta.examples !== undefined && !rule.meta.examples.bad.startsWith('#'))

describe('documented examples of the offline pinning rules', () => {
  it.each(documented.map((rule) => [rule.meta.id, rule] as const))(
    '%s: the bad example is reported and the good one is not',
    (id, rule) => {
      const findingsOf = (example: string): string[] => {
        repository?.remove()
        repository = tempRepository({ '.github/workflows/example.yml': asWorkflow(example) })
        return runPinCheck(loadRepository(repository.root), defaultPolicy())
          .findings.filter((finding) => finding.ruleId === id)
          .map((finding) => finding.message)
      }
      expect(findingsOf(rule.meta.examples!.bad).length).toBeGreaterThan(0)
      expect(findingsOf(rule.meta.examples!.good)).toEqual([])
    },
  )
})
