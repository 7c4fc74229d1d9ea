import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'
import { activeRule, type Policy } from '@pipeguard/policy'
import { listReleases, listTags, refCommit, type GitHubClient, type Release } from '@pipeguard/github'
import {
  applyEdits,
  commentAfter,
  editFile,
  isFullSha,
  unifiedDiff,
  type Repository,
  type SourceFile,
  type TextEdit,
} from '@pipeguard/workflow'
import { endsLine, looksLikeVersion, tagPrefix, versionOfComment } from './comment.js'
import { mapLimited } from './pool.js'
import { requirementFor } from './pin-policy.js'
import { usesReferences, type UsesReference } from './references.js'
import { missingVersionComment } from './rules/missing-version-comment.js'
import { unpinnedUses } from './rules/unpinned-uses.js'

/** One rewritten `uses:` (DESIGN's `changes` entry of `pin --fix`). */
export interface PinChange {
  path: string
  line: number
  from: string
  to: string
}

/** A reference the fix left as it was, and why. */
export interface FixSkip {
  path: string
  line: number
  uses: string
  reason: string
}

export interface FixOptions {
  client: GitHubClient
  /** Move SHA pins with a version comment to the newest release of the same major (respecting `min-age`). */
  update?: boolean
  /** Write the files (default true); false computes the changes and the diff only. */
  write?: boolean
  /** Today, for `min-age` (tests). */
  now?: Date
  concurrency?: number
}

export interface FixResult {
  changes: PinChange[]
  skipped: FixSkip[]
  /** Unified diff of every changed file. */
  diff: string
  /** Files written. */
  files: string[]
}

/** Tags per page of the listing `listTags` asks for (one page). */
const TAG_PAGE = 100

interface Target {
  sha: string
  tag: string
}

/**
 * Pins every `uses:` that `unpinned-uses` would report to `@<sha> # <tag>`, changing no other byte of the file
 * (edits replace only the ref and add or update the comment after it), and writes each file atomically. A branch
 * ref is moved to the latest release only when the policy sets `fix-branches: latest-release`. Idempotent: pinned
 * references ask no question and make no edit.
 */
export async function fixPins(repository: Repository, policy: Policy, options: FixOptions): Promise<FixResult> {
  const rule = activeRule(policy, unpinnedUses.meta)
  const policies = (rule?.options.policies ?? { '*': 'hash-pin' }) as Record<string, string>
  const allow = (rule?.options.allow ?? []) as string[]
  const fixBranches = rule?.options['fix-branches'] === 'latest-release'
  const minAgeDays = Number(rule?.options['min-age'] ?? 0)
  const now = options.now ?? new Date()
  const client = options.client

  // The comment is the tag as written (`# v4`), unless the policy's missing-version-comment pattern wants more: then
  // the most specific tag at the same commit that matches it (`# v4.2.2`), from one tag listing per repository.
  const commentRule = activeRule(policy, missingVersionComment.meta)
  let commentPattern: RegExp | undefined
  try {
    commentPattern = commentRule === undefined ? undefined : new RegExp(String(commentRule.options.pattern))
  } catch {
    commentPattern = undefined
  }
  const tagLists = new Map<string, Promise<{ name: string; commit: string }[]>>()
  const tagsOf = (owner: string, repo: string): Promise<{ name: string; commit: string }[]> => {
    const key = `${owner}/${repo}`.toLowerCase()
    if (!tagLists.has(key)) tagLists.set(key, listTags(client, owner, repo))
    return tagLists.get(key)!
  }
  // A version-like tag the comment pattern rejects (`v2.x`, or `v4` when full versions are required) needs the other
  // tag names at its commit: the tag listing (GitHub peels each tag to its commit) answers both questions at once.
  const wantsFullerName = (tag: string): boolean => commentPattern !== undefined && !commentPattern.test(tag) && /(?:^|[/-])v?\d/.test(tag)
  function commentFor(tags: { name: string; commit: string }[], commit: string, tag: string): string {
    const matching = tags.filter((candidate) => candidate.commit === commit && commentPattern!.test(candidate.name))
    matching.sort((a, b) => b.name.split('.').length - a.name.split('.').length || b.name.length - a.name.length)
    return matching[0]?.name ?? tag
  }
  /** The commit of a tag: from the listing when it is already asked for, else one commits-API request (peeled by GitHub). */
  async function tagCommit(owner: string, repo: string, tag: string): Promise<{ commit: string; comment: string } | undefined> {
    if (wantsFullerName(tag)) {
      const tags = await tagsOf(owner, repo)
      const listed = tags.find((candidate) => candidate.name === tag)
      if (listed !== undefined) return { commit: listed.commit, comment: commentFor(tags, listed.commit, tag) }
      // a listing shorter than its page holds every tag: the name is no tag (a branch, as `v2.x` often is)
      if (tags.length < TAG_PAGE) return undefined
      // beyond the listing's first page: ask for the tag itself
      const commit = await refCommit(client, owner, repo, 'tag', tag)
      return commit === undefined ? undefined : { commit, comment: commentFor(tags, commit, tag) }
    }
    const commit = await refCommit(client, owner, repo, 'tag', tag)
    return commit === undefined ? undefined : { commit, comment: tag }
  }

  const wanted = usesReferences(repository).filter(({ ref, file, node }) => {
    if (ref.ref === undefined) return false
    if (isFullSha(ref.ref)) return options.update === true && versionOfComment(commentAfter(file, node)?.text ?? '') !== undefined
    const requirement = requirementFor(ref, policies, allow)
    return requirement === 'hash-pin' || (requirement === 'ref-pin' && !looksLikeVersion(ref.ref))
  })

  const releases = new Map<string, Promise<Release[]>>()
  const releasesOf = (owner: string, repo: string): Promise<Release[]> => {
    const key = `${owner}/${repo}`.toLowerCase()
    if (!releases.has(key)) releases.set(key, listReleases(client, owner, repo))
    return releases.get(key)!
  }
  const newestRelease = async (
    owner: string,
    repo: string,
    major: number | undefined,
    current: string | undefined,
  ): Promise<string | undefined> => {
    const cutoff = now.getTime() - minAgeDays * 86_400_000
    // monorepos tag each action apart (`get-vault-secrets/v1.3.2`): stay with the same action
    const prefix = current === undefined ? undefined : tagPrefix(current)
    const candidates = (await releasesOf(owner, repo)).filter((release) => {
      if (release.draft || release.prerelease) return false
      if (prefix !== undefined && tagPrefix(release.tag) !== prefix) return false
      if (minAgeDays > 0 && (release.publishedAt === undefined || Date.parse(release.publishedAt) > cutoff)) return false
      const version = semver.coerce(release.tag)
      if (version === null || semver.prerelease(release.tag.replace(/^v/, '')) !== null) return false
      return major === undefined || version.major === major
    })
    candidates.sort((a, b) => semver.rcompare(semver.coerce(a.tag)!, semver.coerce(b.tag)!))
    const best = candidates[0]?.tag
    if (best === undefined || current === undefined) return best
    const currentVersion = semver.coerce(current)
    return currentVersion !== null && semver.gt(semver.coerce(best)!, currentVersion) ? best : undefined
  }

  // One question per unique (repository, ref, comment): the same ref in many files is resolved once.
  const keyOf = ({ ref, file, node }: UsesReference): string =>
    `${ref.owner}/${ref.repo}@${ref.ref}#${isFullSha(ref.ref) ? versionOfComment(commentAfter(file, node)?.text ?? '') : ''}`.toLowerCase()
  const unique = new Map<string, UsesReference>()
  for (const reference of wanted) if (!unique.has(keyOf(reference))) unique.set(keyOf(reference), reference)
  const targets = new Map<string, Target | string>()
  await mapLimited([...unique.entries()], options.concurrency ?? 8, async ([key, reference]) => {
    targets.set(key, await targetOf(reference))
  })

  async function targetOf({ ref, file, node }: UsesReference): Promise<Target | string> {
    const { owner, repo } = ref
    const name = `${owner}/${repo}`
    if (isFullSha(ref.ref)) {
      const version = versionOfComment(commentAfter(file, node)?.text ?? '')!
      const newer = await newestRelease(owner, repo, semver.coerce(version)?.major, version)
      if (newer === undefined) return 'already on the newest release of its major version'
      const commit = await refCommit(client, owner, repo, 'tag', newer)
      return commit === undefined ? `release ${newer} of ${name} has no tag` : { sha: commit, tag: newer }
    }
    const current = ref.ref!
    // The runner takes a tag before a branch of the same name: ask for the tag first. One request answers it.
    const tag = await tagCommit(owner, repo, current)
    if (tag !== undefined) {
      if (options.update === true) {
        const newer = await newestRelease(owner, repo, semver.coerce(current)?.major, current)
        const newerCommit = newer === undefined ? undefined : await refCommit(client, owner, repo, 'tag', newer)
        if (newer !== undefined && newerCommit !== undefined) return { sha: newerCommit, tag: newer }
      }
      return { sha: tag.commit, tag: tag.comment }
    }
    // Not a tag, so the runner would take a branch of that name, if any: the fix pins no branch, so whether it
    // exists is asked only when the policy wants branches moved to a release (verification reports missing refs).
    if (!fixBranches)
      return `${current} is not a tag of ${name}, so it names a branch (or nothing); pin a release by hand, or set unpinned-uses.fix-branches: latest-release in the policy`
    const branch = await refCommit(client, owner, repo, 'branch', current)
    if (branch === undefined) return `${name} has no tag or branch named ${current}`
    const latest = await newestRelease(owner, repo, undefined, undefined)
    if (latest === undefined) return `${current} is a branch and ${name} has no release to pin instead`
    const latestCommit = await refCommit(client, owner, repo, 'tag', latest)
    return latestCommit === undefined ? `release ${latest} of ${name} has no tag` : { sha: latestCommit, tag: latest }
  }

  const result: FixResult = { changes: [], skipped: [], diff: '', files: [] }
  const editsByFile = new Map<SourceFile, TextEdit[]>()
  const seen = new Set<string>()
  for (const reference of wanted) {
    const { file, node, ref } = reference
    const where = `${file.path}:${node.start}`
    if (seen.has(where)) continue // an aliased node is listed once per alias
    seen.add(where)
    const line = file.position(node.start).line
    const target = targets.get(keyOf(reference))!
    if (typeof target === 'string') {
      result.skipped.push({ path: file.path, line, uses: ref.raw, reason: target })
      continue
    }
    const edits = pinEdits(file, reference, target)
    if (edits === undefined) {
      result.skipped.push({
        path: file.path,
        line,
        uses: ref.raw,
        reason: 'the ref is written with escapes pipeguard will not rewrite; pin it by hand',
      })
      continue
    }
    if (edits.length === 0) continue
    editsByFile.set(file, [...(editsByFile.get(file) ?? []), ...edits])
    result.changes.push({
      path: file.path,
      line,
      from: ref.raw,
      to: `${ref.raw.slice(0, ref.raw.lastIndexOf('@') + 1)}${target.sha} # ${target.tag}`,
    })
  }
  const diffs: string[] = []
  const written = new Set<string>()
  for (const [file, edits] of editsByFile) {
    // Edit the file a symbolic link points to (discovery keeps links inside the root), never replace the link.
    const absolute = realpathSync(join(repository.root, file.path))
    if (written.has(absolute)) continue
    written.add(absolute)
    const updated = options.write === false ? applyEdits(file.text, edits) : editFile(absolute, file.text, edits)
    if (updated === undefined || updated === file.text) continue
    if (options.write !== false) result.files.push(file.path)
    diffs.push(unifiedDiff(file.path, file.text, updated))
  }
  result.diff = diffs.join('')
  return result
}

/** The edits that pin one reference: the ref after `@`, and the version comment. Undefined when the source is not the plain ref. */
function pinEdits(file: SourceFile, { node, ref }: UsesReference, target: Target): TextEdit[] | undefined {
  const source = file.text.slice(node.start, node.end)
  const at = source.lastIndexOf(`@${ref.ref}`)
  if (at === -1) return undefined
  const refStart = node.start + at + 1
  const edits: TextEdit[] = []
  if (ref.ref !== target.sha) edits.push({ start: refStart, end: refStart + ref.ref!.length, text: target.sha })
  if (endsLine(file, node)) {
    const comment = commentAfter(file, node)
    const version = comment === undefined ? undefined : versionOfComment(comment.text)
    if (comment !== undefined && version !== undefined) {
      if (version !== target.tag) {
        const index = comment.start + comment.text.indexOf(version)
        edits.push({ start: index, end: index + version.length, text: target.tag })
      }
    } else edits.push({ start: node.end, end: node.end, text: ` # ${target.tag}` })
  }
  return edits
}
