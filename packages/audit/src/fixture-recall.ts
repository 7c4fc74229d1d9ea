/**
 * How the labelled fixtures' expectations (zizmor, poutine and actionlint ids) map to pipeguard audits, for the
 * recall measurement. zizmor ids are pipeguard's own; the others are mapped here. Ids that map to nothing are
 * checks pipeguard does elsewhere (pin-check) or not at all, and are left out of recall.
 */
export const POUTINE_IDS: Record<string, string> = {
  injection: 'template-injection',
  untrusted_checkout_exec: 'untrusted-checkout',
  pr_runs_on_self_hosted: 'self-hosted-runner',
  job_all_secrets: 'overprovisioned-secrets',
  default_permissions_on_risky_events: 'excessive-permissions',
  if_always_true: 'unsound-condition',
}

/** actionlint rule kinds that are security audits here; `expression` only for its untrusted-input fixtures. */
export function actionlintId(kind: string, file: string): string | undefined {
  if (kind === 'expression') return /untrusted/.test(file) ? 'template-injection' : undefined
  if (kind === 'credentials') return 'hardcoded-container-credentials'
  if (kind === 'if-cond') return 'unsound-condition'
  return undefined
}

/** The pipeguard audit ids a fixture row expects (empty for clean or unmapped rows). */
export function expectedAudits(file: string, expected: string, implemented: ReadonlySet<string>): string[] {
  const ids = expected
    .split(/\s/)[0]!
    .split(',')
    .filter((id) => id !== '' && id !== 'none')
  const mapped = ids.map((id) => {
    if (file.startsWith('poutine/')) return POUTINE_IDS[id]
    if (file.startsWith('actionlint/')) return actionlintId(id, file)
    return id
  })
  return [...new Set(mapped.filter((id): id is string => id !== undefined && implemented.has(id)))]
}
