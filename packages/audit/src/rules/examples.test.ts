import { describe, expect, it } from '@jest/globals'
import { auditFiles } from '../__fixtures__/audit-files.js'
import { auditRuleList } from './index.js'

/** Every audit's documented bad example is reported and its good example is not: the docs cannot drift. */
describe('documented examples', () => {
  for (const rule of auditRuleList) {
    const { id } = rule.meta
    const place = (text: string): Record<string, string> =>
      text.startsWith('version: 2') ? { '.github/dependabot.yml': text } : { '.github/workflows/example.yml': text }
    const configure = (policy: { persona: string; rules: Record<string, { level?: 'error'; options: Record<string, unknown> }> }): void => {
      policy.persona = 'pedantic'
      if (id === 'forbidden-uses') policy.rules[id] = { options: { allow: ['actions/*'] } }
    }
    it(`${id}: reports the bad example`, async () => {
      const { findings } = auditFiles(place(rule.meta.examples!.bad), configure)
      expect(findings.filter((finding) => finding.ruleId === id).length).toBeGreaterThan(0)
    })
    it(`${id}: accepts the good example`, async () => {
      const { findings } = auditFiles(place(rule.meta.examples!.good), configure)
      expect(findings.filter((finding) => finding.ruleId === id).map((finding) => finding.message)).toEqual([])
    })
  }
})
