import { defaultPolicy, type Finding, type Policy } from '@pipeguard/policy'
import { tempRepository } from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { runAudit, type AuditOptions, type AuditResult } from '../engine.js'

/** Writes the files to a temporary repository, audits it, removes it. */
export function auditFiles(
  files: Record<string, string>,
  configure: (policy: Policy) => void = () => {},
  options: AuditOptions = {},
): AuditResult {
  const repository = tempRepository(files)
  try {
    const policy = defaultPolicy()
    configure(policy)
    return runAudit(loadRepository(repository.root), policy, options)
  } finally {
    repository.remove()
  }
}

/** Audits one workflow file. */
export function auditWorkflow(text: string, configure?: (policy: Policy) => void): Finding[] {
  return auditFiles({ '.github/workflows/ci.yml': text }, configure).findings
}

/** `line ruleId level` of each finding of one audit, for compact assertions. */
export function summary(findings: Finding[], ruleId: string): string[] {
  return findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.line} ${finding.level}`)
}
