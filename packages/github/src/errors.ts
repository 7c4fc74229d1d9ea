/** Why a GitHub question could not be answered. */
export type GitHubErrorKind = 'not-found' | 'unauthorized' | 'rate-limited' | 'server' | 'timeout' | 'network' | 'invalid-response'

/**
 * A GitHub question that could not be answered. Callers must treat it as "unknown", never as a pass: a check
 * that depends on it fails closed. The message never contains the token.
 */
export class GitHubError extends Error {
  constructor(
    readonly kind: GitHubErrorKind,
    message: string,
    readonly status: number | undefined = undefined,
  ) {
    super(message)
    this.name = 'GitHubError'
  }
}
