import { afterEach, describe, expect, it } from '@jest/globals'
import { defaultPolicy } from '@pipeguard/policy'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { runAudit } from './engine.js'
import { auditRuleList } from './rules/index.js'

const cooldownBad = auditRuleList.find((rule) => rule.meta.id === 'dependabot-cooldown')!.meta.examples!.bad

let repositories: TempRepository[] = []
afterEach(() => {
  for (const repository of repositories) repository.remove()
  repositories = []
})

function cooldownFindings(repository: TempRepository): string[] {
  return runAudit(loadRepository(repository.root), defaultPolicy())
    .findings.filter((finding) => finding.ruleId === 'dependabot-cooldown')
    .map((finding) => finding.path)
}

describe('the Dependabot configuration', () => {
  it('is audited from .github/dependabot.yml or .yaml', () => {
    for (const name of ['.github/dependabot.yml', '.github/dependabot.yaml']) {
      const repository = tempRepository({ [name]: cooldownBad })
      repositories.push(repository)
      expect(cooldownFindings(repository)).toEqual([name])
    }
  })

  it('is read through a symbolic link that stays inside the repository, as workflows are', () => {
    const repository = tempRepository({ 'config/dependabot.yml': cooldownBad })
    repositories.push(repository)
    repository.link('.github/dependabot.yml', '../config/dependabot.yml')
    expect(cooldownFindings(repository)).toEqual(['.github/dependabot.yml'])
  })

  it('is not read through a symbolic link that leads out of the repository', () => {
    const outside = tempRepository({ 'dependabot.yml': cooldownBad })
    const repository = tempRepository()
    repositories.push(outside, repository)
    repository.link('.github/dependabot.yml', `${outside.root}/dependabot.yml`)
    expect(cooldownFindings(repository)).toEqual([])
  })
})
