import { docsUrl, type Level, type RuleMeta } from '@pipeguard/policy'
import type { Report } from './report.js'

const SARIF_LEVEL: Record<Level, string> = { error: 'error', warning: 'warning', note: 'note' }

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, the rules that produced findings (with help text and a
 * docs link), results with physical locations and `partialFingerprints` so alerts survive line moves.
 */
export function renderSarif(report: Report, rules: readonly RuleMeta[]): string {
  const byId = new Map(rules.map((rule) => [rule.id, rule]))
  const used = [...new Set(report.findings.map((finding) => finding.ruleId))].sort()
  const ruleIndex = new Map(used.map((id, index) => [id, index]))
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pipeguard',
            semanticVersion: report.version,
            informationUri: 'https://github.com/pipeguard/pipeguard',
            rules: used.map((id) => {
              const meta = byId.get(id)
              return {
                id,
                name: id,
                shortDescription: { text: meta?.summary ?? id },
                fullDescription: { text: meta?.summary ?? id },
                help: { text: meta?.help ?? '', markdown: meta?.help ?? '' },
                helpUri: docsUrl(id),
                defaultConfiguration: { level: meta !== undefined && meta.level !== 'off' ? SARIF_LEVEL[meta.level] : 'warning' },
                properties: { tags: [meta?.engine ?? 'pipeguard'] },
              }
            }),
          },
        },
        automationDetails: { id: `pipeguard/${report.command}/` },
        results: report.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId)!,
          level: SARIF_LEVEL[finding.level],
          message: { text: finding.message },
          locations:
            finding.path === ''
              ? []
              : [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: finding.path, uriBaseId: '%SRCROOT%' },
                      region: {
                        startLine: finding.line,
                        startColumn: finding.column,
                        endLine: Math.max(finding.endLine, finding.line),
                        endColumn: finding.endLine > finding.line ? finding.endColumn : Math.max(finding.endColumn, finding.column + 1),
                      },
                    },
                  },
                ],
          partialFingerprints: { 'pipeguard/v1': finding.fingerprint },
        })),
      },
    ],
  }
  return `${JSON.stringify(sarif, null, 2)}\n`
}
