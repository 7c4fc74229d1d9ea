import { GitHubError } from './errors.js'
import type { GitHubClient } from './client.js'

/** Questions about a repository's refs, each answered with as few REST calls as the API allows. */

export interface RepositoryInfo {
  fullName: string
  defaultBranch: string
  archived: boolean
  fork: boolean
}

/** A tag peeled to its commit: `objects` lists every tag object passed on the way (annotated, possibly nested). */
export interface ResolvedTag {
  commit: string
  objects: string[]
}

export interface Release {
  tag: string
  publishedAt: string | undefined
  prerelease: boolean
  draft: boolean
}

export type CompareStatus = 'identical' | 'behind' | 'ahead' | 'diverged'

/** Nested annotated tags deeper than this are treated as a broken ref rather than followed forever. */
const MAX_TAG_DEPTH = 10

const segment = (value: string): string => value.split('/').map(encodeURIComponent).join('/')
const repoPath = (owner: string, repo: string): string => `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`

/** Repository metadata (default branch, archived); undefined when it does not exist or is not visible. */
export async function getRepository(client: GitHubClient, owner: string, repo: string): Promise<RepositoryInfo | undefined> {
  const body = await client.find<{ full_name?: string; default_branch?: string; archived?: boolean; fork?: boolean }>(repoPath(owner, repo))
  if (body === undefined) return undefined
  if (typeof body.default_branch !== 'string')
    throw new GitHubError('invalid-response', `${owner}/${repo}: the repository answer has no default_branch`)
  return {
    fullName: body.full_name ?? `${owner}/${repo}`,
    defaultBranch: body.default_branch,
    archived: body.archived === true,
    fork: body.fork === true,
  }
}

interface GitRef {
  ref?: string
  object?: { type?: string; sha?: string }
}

/**
 * The commit a tag points to, peeling annotated tags through any depth of tag objects (as the runner does), or
 * undefined when there is no such tag. One call for a lightweight tag, one more per tag object.
 */
export async function resolveTag(client: GitHubClient, owner: string, repo: string, tag: string): Promise<ResolvedTag | undefined> {
  const ref = await exactRef(client, owner, repo, `tags/${tag}`)
  if (ref === undefined) return undefined
  const objects: string[] = []
  let object = ref.object
  while (object?.type === 'tag') {
    if (objects.length >= MAX_TAG_DEPTH)
      throw new GitHubError('invalid-response', `${owner}/${repo}: tag ${tag} is nested deeper than ${MAX_TAG_DEPTH} tag objects`)
    objects.push(object.sha!)
    const body = await client.get<{ object?: { type?: string; sha?: string } }>(`${repoPath(owner, repo)}/git/tags/${object.sha}`)
    object = body.object
  }
  if (object?.type !== 'commit' || typeof object.sha !== 'string') {
    throw new GitHubError('invalid-response', `${owner}/${repo}: tag ${tag} points to a ${object?.type ?? 'missing'} object, not a commit`)
  }
  return { commit: object.sha, objects }
}

export type RefKind = 'tag' | 'branch'

/**
 * The commit a tag or a branch of this name points to, or undefined when the repository has no such tag (branch).
 * ONE call whatever the tag's depth: `GET /commits/tags/<name>` (`heads/<name>`) with the `sha` media type answers
 * the commit SHA, annotated tags peeled through every tag object by GitHub itself (the git `<ref>^{commit}` rule).
 * GitHub answers 422 for a name that is no ref.
 */
export async function refCommit(
  client: GitHubClient,
  owner: string,
  repo: string,
  kind: RefKind,
  name: string,
): Promise<string | undefined> {
  const sha = await client.find<string>(`${repoPath(owner, repo)}/commits/${kind === 'tag' ? 'tags' : 'heads'}/${segment(name)}`, {
    accept: 'application/vnd.github.sha',
    absent: [422],
  })
  if (sha === undefined) return undefined
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha))
    throw new GitHubError('invalid-response', `${owner}/${repo}: ${kind} ${name} did not resolve to a commit SHA`)
  return sha
}

/** The commit at the tip of a branch, or undefined when there is no such branch. One call. */
export async function resolveBranch(client: GitHubClient, owner: string, repo: string, branch: string): Promise<string | undefined> {
  const ref = await exactRef(client, owner, repo, `heads/${branch}`)
  if (ref === undefined) return undefined
  if (ref.object?.type !== 'commit' || typeof ref.object.sha !== 'string')
    throw new GitHubError('invalid-response', `${owner}/${repo}: branch ${branch} has no commit`)
  return ref.object.sha
}

/** `git/ref/...` answers a prefix match with a list when the exact ref is missing: only an exact ref counts. */
async function exactRef(client: GitHubClient, owner: string, repo: string, name: string): Promise<GitRef | undefined> {
  const body = await client.find<GitRef | GitRef[]>(`${repoPath(owner, repo)}/git/ref/${segment(name)}`)
  if (body === undefined || Array.isArray(body)) return undefined
  return body.ref === `refs/${name}` ? body : undefined
}

/** Whether a commit exists in the repository's network (forks included: existence alone proves nothing). */
export async function commitExists(client: GitHubClient, owner: string, repo: string, sha: string): Promise<boolean> {
  return (await client.find(`${repoPath(owner, repo)}/git/commits/${sha}`)) !== undefined
}

/**
 * How `head` relates to `base`: `behind` or `identical` mean head is reachable from base. Undefined when either
 * side is unknown to the repository (a commit that exists nowhere, or only in a fork's network GitHub will not compare).
 */
export async function compareCommits(
  client: GitHubClient,
  owner: string,
  repo: string,
  base: string,
  head: string,
): Promise<CompareStatus | undefined> {
  const body = await client.find<{ status?: string }>(`${repoPath(owner, repo)}/compare/${segment(base)}...${segment(head)}?per_page=1`)
  if (body === undefined) return undefined
  const status = body.status
  if (status === 'identical' || status === 'behind' || status === 'ahead' || status === 'diverged') return status
  throw new GitHubError('invalid-response', `${owner}/${repo}: compare ${base}...${head} returned no status`)
}

/** Branch tips (first pages only: `maxPages` of 100). */
export async function listBranches(
  client: GitHubClient,
  owner: string,
  repo: string,
  maxPages = 1,
): Promise<{ name: string; commit: string }[]> {
  const body = await client.list<{ name?: string; commit?: { sha?: string } }>(`${repoPath(owner, repo)}/branches?per_page=100`, maxPages)
  return (body ?? []).flatMap((branch) =>
    typeof branch.name === 'string' && typeof branch.commit?.sha === 'string' ? [{ name: branch.name, commit: branch.commit.sha }] : [],
  )
}

/** Tags with the commits they point to, already peeled by GitHub (first pages only). */
export async function listTags(
  client: GitHubClient,
  owner: string,
  repo: string,
  maxPages = 1,
): Promise<{ name: string; commit: string }[]> {
  const body = await client.list<{ name?: string; commit?: { sha?: string } }>(`${repoPath(owner, repo)}/tags?per_page=100`, maxPages)
  return (body ?? []).flatMap((tag) =>
    typeof tag.name === 'string' && typeof tag.commit?.sha === 'string' ? [{ name: tag.name, commit: tag.commit.sha }] : [],
  )
}

/** Releases, newest first as GitHub lists them (first page of 100). */
export async function listReleases(client: GitHubClient, owner: string, repo: string): Promise<Release[]> {
  const body = await client.list<{ tag_name?: string; published_at?: string | null; prerelease?: boolean; draft?: boolean }>(
    `${repoPath(owner, repo)}/releases?per_page=100`,
    1,
  )
  return (body ?? []).flatMap((release) =>
    typeof release.tag_name === 'string'
      ? [
          {
            tag: release.tag_name,
            publishedAt: release.published_at ?? undefined,
            prerelease: release.prerelease === true,
            draft: release.draft === true,
          },
        ]
      : [],
  )
}

/** A file's text at a ref (the contents API), or undefined when the repository has no such file there. */
export async function getFileText(
  client: GitHubClient,
  owner: string,
  repo: string,
  path: string,
  ref: string,
): Promise<string | undefined> {
  const body = await client.find<{ type?: string; encoding?: string; content?: string }>(
    `${repoPath(owner, repo)}/contents/${segment(path)}?ref=${encodeURIComponent(ref)}`,
  )
  if (body === undefined || Array.isArray(body) || body.type !== 'file') return undefined
  if (body.encoding !== 'base64' || typeof body.content !== 'string') {
    throw new GitHubError('invalid-response', `${owner}/${repo}: ${path}@${ref} did not come back as base64 content`)
  }
  return Buffer.from(body.content, 'base64').toString('utf8')
}
