export { createGitHubClient, DEFAULT_API_URL, type GitHubClient, type GitHubClientOptions, type GitHubStats } from './client.js'
export { GitHubError, type GitHubErrorKind } from './errors.js'
export {
  commitExists,
  compareCommits,
  getFileText,
  getRepository,
  listBranches,
  listReleases,
  listTags,
  refCommit,
  resolveBranch,
  resolveTag,
  type CompareStatus,
  type RefKind,
  type Release,
  type RepositoryInfo,
  type ResolvedTag,
} from './git.js'
