/** A parsed `uses:` value of a step or a job. */
export type UsesRef =
  | {
      /** `owner/repo@ref` or `owner/repo/path@ref`: an action or reusable workflow in another repository. */
      kind: 'repository'
      raw: string
      owner: string
      repo: string
      /** The subdirectory or workflow file inside the repository, without a leading slash. */
      path: string | undefined
      /** The ref after `@`; undefined when the value has no `@` (which GitHub rejects). */
      ref: string | undefined
      /** `owner/repo`, lowercased for comparisons (GitHub names are case-insensitive). */
      slug: string
    }
  | {
      /** `./path`: a file in the checked-out workspace. */
      kind: 'local'
      raw: string
      path: string
    }
  | {
      /** `$/path`: the same repository at the same commit as the calling workflow. */
      kind: 'same-repository'
      raw: string
      path: string
    }
  | {
      /** `docker://image[:tag][@digest]` */
      kind: 'docker'
      raw: string
      image: string
      tag: string | undefined
      digest: string | undefined
    }
  | {
      /** Anything else, e.g. an expression: reported by rules that care, never guessed at. */
      kind: 'unknown'
      raw: string
    }

const FULL_SHA = /^[0-9a-f]{40}$/

/** True for a full 40-hex commit SHA (lowercase, as git prints it; GitHub accepts only that as a pin). */
export function isFullSha(ref: string | undefined): boolean {
  return ref !== undefined && FULL_SHA.test(ref)
}

export function parseUses(value: string): UsesRef {
  const raw = value.trim()
  if (raw.startsWith('docker://')) return { kind: 'docker', raw, ...parseImage(raw.slice('docker://'.length)) }
  if (raw.startsWith('./') || raw === '.') return { kind: 'local', raw, path: raw.replace(/^\.\/?/, '') }
  if (raw.startsWith('$/')) return { kind: 'same-repository', raw, path: raw.slice(2) }
  const at = raw.lastIndexOf('@')
  const target = at === -1 ? raw : raw.slice(0, at)
  const ref = at === -1 ? undefined : raw.slice(at + 1)
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)(?:\/(.+))?$/.exec(target)
  if (match === null || raw.includes('${{')) return { kind: 'unknown', raw }
  const owner = match[1]!
  const repo = match[2]!
  return { kind: 'repository', raw, owner, repo, path: match[3], ref: ref === '' ? undefined : ref, slug: `${owner}/${repo}`.toLowerCase() }
}

/** Splits `registry/name:tag@sha256:digest` into image, tag and digest. */
export function parseImage(reference: string): { image: string; tag: string | undefined; digest: string | undefined } {
  const at = reference.indexOf('@')
  const digest = at === -1 ? undefined : reference.slice(at + 1)
  const name = at === -1 ? reference : reference.slice(0, at)
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  // A colon before the last slash belongs to a registry port (localhost:5000/image), not a tag.
  const hasTag = colon > slash
  return { image: hasTag ? name.slice(0, colon) : name, tag: hasTag ? name.slice(colon + 1) : undefined, digest }
}

/** `owner/repo` of a repository reference, lowercased for comparisons (GitHub names are case-insensitive). */
export function repositorySlug(ref: UsesRef): string | undefined {
  return ref.kind === 'repository' ? ref.slug : undefined
}
