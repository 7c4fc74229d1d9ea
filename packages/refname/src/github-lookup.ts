import { resolveBranch, resolveTag, type GitHubClient } from '@pipeguard/github'
import { InputError } from '@pipeguard/policy'
import type { RefLookup } from './rules/ambiguous-refname.js'

/** Looks refs up in a GitHub repository (`OWNER/NAME`) through the REST API, exact names only. */
export function githubRefLookup(client: GitHubClient, repository: string): RefLookup {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repository)
  if (match === null) throw new InputError(`the repository must be OWNER/NAME, got '${repository}'`)
  const owner = match[1] as string
  const name = match[2] as string
  return {
    branchExists: async (branch) => (await resolveBranch(client, owner, name, branch)) !== undefined,
    tagExists: async (tag) => (await resolveTag(client, owner, name, tag)) !== undefined,
  }
}
