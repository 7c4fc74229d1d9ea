import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from '@jest/globals'
import { defaultPolicy, type Finding, type Policy } from '@pipeguard/policy'
import { corpusPath, describeCorpus, readManifest, tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { auditRules, runAudit } from './engine.js'
import { expectedAudits } from './fixture-recall.js'

const implemented = new Set(auditRules.map((rule) => rule.id))
const repositories: TempRepository[] = []

/** Where a fixture goes in a repository: action files as action.yml, Dependabot files as .github/dependabot.yml. */
function placement(file: string): string {
  if (/dependabot\.ya?ml$/.test(file)) return '.github/dependabot.yml'
  if (/action\.ya?ml$/.test(file)) return 'action.yml'
  return `.github/workflows/${file.replace(/^.*\//, '')}`
}

async function audit(file: string, policy: Policy, zizmorIgnores: boolean): Promise<Finding[]> {
  const repository = tempRepository({ [placement(file)]: readFileSync(corpusPath('audit-fixtures', file)) })
  repositories.push(repository)
  return runAudit(loadRepository(repository.root), policy, { zizmorIgnores }).findings
}

/** zizmor's own tests select personas and configs per fixture; this is the pipeguard equivalent. */
function fixturePolicy(file: string): Policy {
  const policy = defaultPolicy()
  policy.persona = 'pedantic'
  // zizmor's forbidden-uses test configures a list; an allow list of actions/* flags the pypa action in it.
  if (file.includes('forbidden-uses')) policy.rules['forbidden-uses'] = { options: { allow: ['actions/*'] } }
  return policy
}

afterAll(() => repositories.forEach((repository) => repository.remove()))

describeCorpus('audit fixtures of zizmor, poutine and actionlint', () => {
  const rows = readManifest(readFileSync(corpusPath('audit-fixtures', 'MANIFEST.tsv'), 'utf8'))

  it('finds at least 95% of the expected (fixture, audit) pairs among the audits pipeguard implements', async () => {
    let expected = 0
    const missed: string[] = []
    for (const row of rows) {
      const ids = expectedAudits(row.file!, row.expected!, implemented)
      if (ids.length === 0) continue
      const found = new Set((await audit(row.file!, fixturePolicy(row.file!), false)).map((finding) => finding.ruleId))
      for (const id of ids) {
        expected++
        if (!found.has(id)) missed.push(`${row.file}: ${id}`)
      }
    }
    const recall = (expected - missed.length) / expected
    console.log(
      `audit recall: ${expected - missed.length}/${expected} = ${(recall * 100).toFixed(1)}%${missed.length > 0 ? `; missed: ${missed.join('; ')}` : ''}`,
    )
    expect(expected).toBeGreaterThan(60)
    expect(recall).toBeGreaterThanOrEqual(0.95)
  })

  it('reports nothing on the fixtures their projects expect to be clean', async () => {
    const clean = rows.filter((row) => row.expected!.startsWith('none'))
    expect(clean.length).toBeGreaterThanOrEqual(10)
    for (const row of clean) {
      const findings = await audit(row.file!, defaultPolicy(), true)
      expect({ file: row.file, findings: findings.map((finding) => `${finding.line}: ${finding.ruleId} ${finding.message}`) }).toEqual({
        file: row.file,
        findings: [],
      })
    }
  })
})

describeCorpus('audits over the real workflow corpus', () => {
  it('audits all 60 repositories without throwing, every finding inside its file', () => {
    const base = corpusPath('workflows')
    let findings = 0
    for (const name of readdirSync(base).filter((entry) => entry !== 'MANIFEST.tsv')) {
      const repository = loadRepository(join(base, name))
      const lines = new Map([...repository.workflows, ...repository.actions].map((unit) => [unit.file.path, unit.file.lineCount]))
      for (const finding of runAudit(repository, defaultPolicy()).findings) {
        findings++
        expect(finding.line).toBeGreaterThanOrEqual(1)
        expect(finding.line).toBeLessThanOrEqual(lines.get(finding.path) ?? 0)
        expect(finding.endLine).toBeGreaterThanOrEqual(finding.line)
      }
    }
    expect(findings).toBeGreaterThan(1000)
  })
})
