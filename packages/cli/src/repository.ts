import type { Finding, Policy } from '@pipeguard/policy'
import { loadRepository, repositoryFindings, repositoryOptions, type Repository } from '@pipeguard/workflow'

/** The repository model of the scanned root, and the `invalid-workflow` findings for files it could not model. */
export function readRepository(root: string, policy: Policy): { repository: Repository; findings: Finding[] } {
  const repository = loadRepository(root, repositoryOptions(policy))
  return { repository, findings: repositoryFindings(repository, policy) }
}
