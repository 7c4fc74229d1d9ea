import { activeRule, compareFindings, makeFinding, type Finding, type Level, type Policy, type RuleMeta } from '@pipeguard/policy'
import { compareCommits, getRepository, listBranches, listTags, refCommit, type GitHubClient, type RepositoryInfo } from '@pipeguard/github'
import { commentAfter, isFullSha, type Repository } from '@pipeguard/workflow'
import { versionOfComment } from './comment.js'
import { mapLimited } from './pool.js'
import { usesReferences, type UsesReference } from './references.js'
import { remoteCompositeFindings } from './remote-composite.js'
import { archivedUses, impostorCommit, refConfusion, refVersionMismatch } from './rules/online.js'
import { unpinnedUses } from './rules/unpinned-uses.js'

/** Compare calls spent on one SHA after the cheap checks; beyond this the SHA is reported rather than searched. */
const MAX_COMPARES = 4

export interface VerifyResult {
  findings: Finding[]
  /** Unique (repository, ref) questions answered. */
  questions: number
}

interface Question {
  owner: string
  repo: string
  ref: string
  version: string | undefined
  references: UsesReference[]
}

type Verdict = { rule: RuleMeta; message: string }

/**
 * Asks GitHub about every repository `uses:`: archived repositories, refs that are both a tag and a branch, SHA
 * pins whose comment names another commit, and SHAs no branch or tag reaches (impostor commits). Cheap questions
 * first (is the SHA the comment tag's commit, a tag or branch tip?), then a bounded number of compares. Throws a
 * GitHubError when a question cannot be answered: an unverifiable pin is never a pass.
 */
export async function verifyPins(repository: Repository, policy: Policy, client: GitHubClient, concurrency = 8): Promise<VerifyResult> {
  const levels = new Map<string, Level>()
  for (const meta of [refVersionMismatch, impostorCommit, refConfusion, archivedUses]) {
    const active = activeRule(policy, meta)
    if (active !== undefined) levels.set(meta.id, active.level)
  }
  const unpinnedRule = activeRule(policy, unpinnedUses.meta)
  const followRemote = unpinnedRule !== undefined && unpinnedRule.options['follow-remote'] !== false
  if (levels.size === 0 && !followRemote) return { findings: [], questions: 0 }
  const questions = new Map<string, Question>()
  for (const reference of usesReferences(repository)) {
    const { ref } = reference
    if (ref.ref === undefined) continue
    const comment = isFullSha(ref.ref) ? commentAfter(reference.file, reference.node) : undefined
    const version = comment === undefined ? undefined : versionOfComment(comment.text)
    const key = `${ref.owner}/${ref.repo}@${ref.ref}#${version ?? ''}`.toLowerCase()
    const question = questions.get(key) ?? { owner: ref.owner, repo: ref.repo, ref: ref.ref, version, references: [] }
    question.references.push(reference)
    questions.set(key, question)
  }
  const repositories = new Map<string, Promise<RepositoryInfo | undefined>>()
  const infoOf = (owner: string, repo: string): Promise<RepositoryInfo | undefined> => {
    const key = `${owner}/${repo}`.toLowerCase()
    let pending = repositories.get(key)
    if (pending === undefined) {
      pending = getRepository(client, owner, repo)
      repositories.set(key, pending)
    }
    return pending
  }
  const verdicts = await mapLimited([...questions.values()], concurrency, async (question) =>
    verdictsOf(client, question, await infoOf(question.owner, question.repo), levels),
  )
  const findings: Finding[] = []
  ;[...questions.values()].forEach((question, index) => {
    for (const verdict of verdicts[index]!) {
      const level = levels.get(verdict.rule.id)
      if (level === undefined) continue
      for (const { file, node, ref } of question.references) {
        findings.push(
          makeFinding({
            ruleId: verdict.rule.id,
            level,
            message: verdict.message,
            path: file.path,
            span: file.span(node.start, node.end),
            snippet: ref.raw,
          }),
        )
      }
    }
  })
  if (followRemote) findings.push(...(await remoteCompositeFindings(client, usesReferences(repository), unpinnedRule, concurrency)))
  return { findings: findings.sort(compareFindings), questions: questions.size }
}

async function verdictsOf(
  client: GitHubClient,
  question: Question,
  info: RepositoryInfo | undefined,
  levels: Map<string, Level>,
): Promise<Verdict[]> {
  const { owner, repo, ref, version } = question
  const name = `${owner}/${repo}`
  if (info === undefined) {
    return [
      {
        rule: impostorCommit,
        message: `${name} does not exist or is not visible with this token, so ${name}@${ref} cannot be verified; check the name, or pass a token that can read it`,
      },
    ]
  }
  const verdicts: Verdict[] = []
  if (info.archived && levels.has(archivedUses.id))
    verdicts.push({
      rule: archivedUses,
      message: `${name} is archived: it gets no more fixes, security ones included; move to a maintained action`,
    })
  if (!isFullSha(ref)) {
    if (!levels.has(refConfusion.id)) return verdicts
    // one request each, annotated tags peeled by GitHub: a name that is both needs both questions
    const [tag, branch] = await Promise.all([refCommit(client, owner, repo, 'tag', ref), refCommit(client, owner, repo, 'branch', ref)])
    if (tag !== undefined && branch !== undefined) {
      verdicts.push({
        rule: refConfusion,
        message: `${name}@${ref} names both a tag (${tag.slice(0, 12)}) and a branch (${branch.slice(0, 12)}); the runner takes the tag, but readers cannot tell; pin a full commit SHA`,
      })
    } else if (tag === undefined && branch === undefined) {
      verdicts.push({
        rule: refVersionMismatch,
        message: `${name} has no tag or branch named ${ref}; the workflow will fail to resolve it`,
      })
    }
    return verdicts
  }
  const sha = ref
  if (version !== undefined) {
    const tagCommit = await refCommit(client, owner, repo, 'tag', version)
    if (tagCommit === undefined) {
      verdicts.push({
        rule: refVersionMismatch,
        message: `the comment says ${version}, but ${name} has no tag ${version}; write the tag that ${sha.slice(0, 12)} is (or re-pin with pipeguard pin --fix --update)`,
      })
    } else if (tagCommit !== sha) {
      verdicts.push({
        rule: refVersionMismatch,
        message:
          `the comment says ${version}, but ${name}@${version} is ${tagCommit}, not ${sha}; re-pin to the tag's commit or correct the comment` +
          (/^(?:.*[/-])?v?\d+$/.test(version)
            ? ` (${version} is a major tag that moves with each release: a full version in the comment does not drift)`
            : ''),
      })
    } else return verdicts // the SHA is a tag's commit: reachable, not an impostor
  }
  if (!levels.has(impostorCommit.id)) return verdicts
  if (!(await reachable(client, owner, repo, sha, info.defaultBranch))) {
    verdicts.push({
      rule: impostorCommit,
      message: `${sha} is not reachable from any branch or tag of ${name} that was checked (the default branch ${info.defaultBranch}, branch and tag tips, recent tags): it may be a commit from a fork served under ${name}'s name; pin a SHA from a release of ${name}`,
    })
  }
  return verdicts
}

/** Cheapest first: tag and branch tips (one listing each per repository), the default branch (one compare), then a few compares. */
async function reachable(client: GitHubClient, owner: string, repo: string, sha: string, defaultBranch: string): Promise<boolean> {
  // Tag and branch tips: one listing each, shared by every SHA of the repository.
  const [tags, branches] = await Promise.all([listTags(client, owner, repo), listBranches(client, owner, repo)])
  if (tags.some((tag) => tag.commit === sha) || branches.some((branch) => branch.commit === sha)) return true
  const onDefault = await compareCommits(client, owner, repo, defaultBranch, sha)
  if (onDefault === 'identical' || onDefault === 'behind') return true
  if (onDefault === undefined) return false // GitHub does not know the commit in this repository's network at all
  // One compare per distinct commit: release branches first, then tags (GitHub lists the newest first).
  const defaultTip = branches.find((branch) => branch.name === defaultBranch)?.commit
  const seen = new Set(defaultTip === undefined ? [] : [defaultTip])
  const candidates: string[] = []
  for (const ref of [...branches.filter((branch) => branch.name !== defaultBranch), ...tags]) {
    if (seen.has(ref.commit)) continue
    seen.add(ref.commit)
    candidates.push(ref.name)
  }
  for (const base of candidates.slice(0, MAX_COMPARES)) {
    const status = await compareCommits(client, owner, repo, base, sha)
    if (status === 'identical' || status === 'behind') return true
  }
  return false
}
