import { activeRule, failsAt, FILE_START, makeFinding, type Finding, type Policy, type RuleMeta } from '@pipeguard/policy'
import type { NameVerdict } from '../engine.js'
import { splitRef } from '../subject.js'

export const ambiguousRefnameMeta: RuleMeta = {
  id: 'ambiguous-refname',
  engine: 'refname',
  level: 'warning',
  summary: 'Name that exists both as a branch and as a tag in the repository (online)',
  help: 'Delete or rename one of the two refs. Until then, refer to it by its full name (refs/heads/x or refs/tags/x): git and actions resolve a short name to the tag first.',
  examples: {
    bad: 'pipeguard refname --repo octo/app v1.2.0   # a branch v1.2.0 and a tag v1.2.0 both exist',
    good: 'pipeguard refname --repo octo/app release/1.2   # only a branch of that name exists',
  },
}

/** Where the repository's refs are looked up (the GitHub API in the CLI and the action, a map in tests). */
export interface RefLookup {
  branchExists(name: string): Promise<boolean>
  tagExists(name: string): Promise<boolean>
}

/**
 * Adds an `ambiguous-refname` finding to each valid name that exists both as a branch and as a tag. A lookup that
 * fails throws (the caller reports it): a check that cannot decide must not pass silently.
 */
export async function checkAmbiguousRefnames(verdicts: readonly NameVerdict[], policy: Policy, lookup: RefLookup): Promise<Finding[]> {
  const rule = activeRule(policy, ambiguousRefnameMeta)
  if (rule === undefined) return []
  const findings: Finding[] = []
  for (const verdict of verdicts) {
    if (!verdict.valid) continue
    const short = verdict.kind === 'ref' ? splitRef(verdict.name)?.name : verdict.name
    if (short === undefined) continue
    const [branch, tag] = await Promise.all([lookup.branchExists(short), lookup.tagExists(short)])
    if (!(branch && tag)) continue
    const finding = makeFinding({
      ruleId: ambiguousRefnameMeta.id,
      level: rule.level,
      message: `'${short}' is both a branch and a tag in the repository: git and actions/checkout resolve the short name to the tag, so a job may build other code than the branch; delete or rename one, or use refs/heads/${short}`,
      path: '',
      span: FILE_START,
      snippet: `${verdict.kind}:${verdict.name}:ambiguous`,
    })
    verdict.findings = [...verdict.findings, finding]
    if (failsAt(rule.level, 'warning')) verdict.safe = false
    findings.push(finding)
  }
  return findings
}
