import type { GitHubClient } from '@pipeguard/github'
import type { Finding, Policy } from '@pipeguard/policy'
import { loadRepository, repositoryFindings, repositoryOptions, type Repository } from '@pipeguard/workflow'
import { runPinCheck } from './engine.js'
import { fixPins, type FixSkip, type PinChange } from './fix.js'
import { verifyPins } from './verify.js'

export interface PinRunOptions {
  /** Undefined runs offline: no fix, no verification (and the summary says so). */
  client?: GitHubClient
  fix?: boolean
  update?: boolean
}

export interface PinVerification {
  skipped: boolean
  /** Unique (repository, ref) questions asked. */
  references?: number
  requests?: number
  /** Answers from the disk cache or 304 revalidations. */
  cached?: number
}

export interface PinRunResult {
  /** invalid-workflow findings, the offline rules and the verification, at the policy's levels. */
  findings: Finding[]
  changes: PinChange[] | undefined
  skipped: FixSkip[]
  diff: string
  verification: PinVerification
  /** What a person reads before the findings: the diff, what was not pinned, and what was (not) verified. */
  text: string
  /** Markdown for a job summary. */
  markdown: string
}

/**
 * The whole `pin` run shared by the CLI and the action: optionally fix, then check offline, then verify online.
 * GitHub errors propagate (a pin that cannot be verified is never a pass).
 */
export async function runPin(root: string, policy: Policy, options: PinRunOptions = {}): Promise<PinRunResult> {
  const load = (): Repository => loadRepository(root, repositoryOptions(policy))
  let repository = load()
  const client = options.client
  const text: string[] = []
  const markdown: string[] = []
  let changes: PinChange[] | undefined
  let skipped: FixSkip[] = []
  let diff = ''
  if (options.fix === true) {
    if (client === undefined) throw new Error('fix needs a GitHub client')
    const fixed = await fixPins(repository, policy, { client, update: options.update === true })
    changes = fixed.changes
    skipped = fixed.skipped
    diff = fixed.diff
    text.push(diff === '' ? 'pin --fix: nothing to change\n' : diff)
    for (const skip of skipped) text.push(`not pinned: ${skip.path}:${skip.line} ${skip.uses}: ${skip.reason}\n`)
    markdown.push(`### Pinned ${changes.length} reference(s)\n`)
    if (diff !== '') markdown.push('```diff\n' + diff + '```\n')
    if (skipped.length > 0)
      markdown.push(skipped.map((skip) => `- not pinned: \`${skip.path}:${skip.line}\` \`${skip.uses}\`: ${skip.reason}`).join('\n') + '\n')
    if (fixed.files.length > 0) repository = load()
  }
  const findings = [...repositoryFindings(repository, policy), ...runPinCheck(repository, policy).findings]
  let verification: PinVerification
  if (client === undefined) {
    verification = { skipped: true }
    const line = 'verification skipped (offline): ref-version-mismatch, impostor-commit, ref-confusion and archived-uses were not checked'
    text.push(`${line}\n`)
    markdown.push(`_${line}._\n`)
  } else {
    const verified = await verifyPins(repository, policy, client)
    findings.push(...verified.findings)
    verification = {
      skipped: false,
      references: verified.questions,
      requests: client.stats.requests,
      cached: client.stats.diskHits + client.stats.notModified,
    }
    const line = `verified ${verified.questions} unique references against ${client.baseUrl} with ${client.stats.requests} requests${client.authenticated ? '' : ' (no token: anonymous rate limit)'}`
    text.push(`${line}\n`)
    markdown.push(`_${line}._\n`)
  }
  return { findings, changes, skipped, diff, verification, text: text.join(''), markdown: markdown.join('\n') }
}
