import { expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultPolicy } from '@pipeguard/policy'
import { runGovernance } from '@pipeguard/governance'
import { corpusPath, describeCorpus, readManifest } from '@pipeguard/test-kit'
import { loadRepository, repositoryFindings } from '@pipeguard/workflow'

describeCorpus('governance over the real workflow corpus', () => {
  const manifest = readManifest(readFileSync(corpusPath('workflows', 'MANIFEST.tsv'), 'utf8'))

  it('never crashes, and the inventory counts match MANIFEST.tsv for every repository', () => {
    expect(manifest.length).toBe(60)
    for (const row of manifest) {
      const folder = join(corpusPath('workflows'), row.repo!.replace('/', '__'))
      const repository = loadRepository(folder)
      const { inventory, findings } = runGovernance(repository, defaultPolicy())
      const unreadableWorkflows = repository.unreadable.filter((file) => file.role === 'workflow').length
      expect({ repo: row.repo, workflows: inventory.length + unreadableWorkflows }).toEqual({
        repo: row.repo,
        workflows: Number(row.workflow_files),
      })
      expect({
        repo: row.repo,
        actions: repository.actions.length + repository.unreadable.filter((file) => file.role === 'action').length,
      }).toEqual({
        repo: row.repo,
        actions: Number(row.action_files),
      })
      expect(inventory.reduce((sum, entry) => sum + entry.bytes, 0)).toBeLessThanOrEqual(Number(row.total_bytes))
      for (const finding of [...findings, ...repositoryFindings(repository, defaultPolicy())]) {
        expect(finding.line).toBeGreaterThanOrEqual(1)
        expect(finding.column).toBeGreaterThanOrEqual(1)
      }
    }
  })

  it("finds the corpus's known near-duplicates and oversized workflows", () => {
    const loki = runGovernance(loadRepository(join(corpusPath('workflows'), 'grafana__loki')), defaultPolicy()).findings
    expect(loki.filter((finding) => finding.ruleId === 'workflow-duplicate').map((finding) => finding.path)).toContain(
      '.github/workflows/patch-release-pr.yml',
    )
    const python = runGovernance(
      loadRepository(join(corpusPath('workflows'), 'open-telemetry__opentelemetry-python')),
      defaultPolicy(),
    ).findings
    expect(python.find((finding) => finding.ruleId === 'workflow-size' && finding.path === '.github/workflows/test.yml')?.message).toMatch(
      /^the workflow has 8337 lines/,
    )
  })
})
