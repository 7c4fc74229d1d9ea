import { ruleCatalog, type RuleMeta } from '@pipeguard/policy'

/**
 * Every rule a policy may configure and reports describe: the generated catalog (kept equal to the engines'
 * own metadata by `pnpm generate` and its check in `pnpm test`), so that a command loads only its own engine.
 */
export const allRules: readonly RuleMeta[] = ruleCatalog
