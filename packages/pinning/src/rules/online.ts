import type { RuleMeta } from '@pipeguard/policy'

/** Rules decided by asking GitHub (`pipeguard pin` without --offline); their logic is in verify.ts. */

export const refVersionMismatch: RuleMeta = {
  id: 'ref-version-mismatch',
  engine: 'pinning',
  level: 'error',
  summary: "A SHA pin's version comment names a tag that points to a different commit",
  help: 'Make the comment and the SHA agree: pin the SHA the tag points to (`pipeguard pin --fix --update` rewrites both), or correct the comment.',
  examples: {
    bad: 'steps:\n  - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.2.2  (that SHA is v4.1.1)\n',
    good: 'steps:\n  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n',
  },
}

export const impostorCommit: RuleMeta = {
  id: 'impostor-commit',
  engine: 'pinning',
  level: 'error',
  summary: 'A pinned SHA is not reachable from any branch or tag of the named repository (it may come from a fork)',
  help: "GitHub serves a fork's commits under the parent's name, so `owner/repo@<sha>` can run code the owner never published. Pin a SHA that a tag or branch of the repository points to.",
  examples: {
    bad: 'steps:\n  - uses: actions/checkout@<sha of a commit pushed only to a fork>\n',
    good: 'steps:\n  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n',
  },
}

export const refConfusion: RuleMeta = {
  id: 'ref-confusion',
  engine: 'pinning',
  level: 'warning',
  summary: 'A ref names both a tag and a branch of the repository',
  help: 'The runner takes the tag, but whoever can push the branch can make reviewers believe otherwise; pin a full commit SHA.',
  examples: {
    bad: 'steps:\n  - uses: some/action@v2   # v2 is a tag and a branch\n',
    good: 'steps:\n  - uses: some/action@0123456789abcdef0123456789abcdef01234567 # v2.0.0\n',
  },
}

export const archivedUses: RuleMeta = {
  id: 'archived-uses',
  engine: 'pinning',
  level: 'note',
  summary: "The action's repository is archived and gets no more fixes",
  help: 'Replace the action with a maintained one, or fork it into your organisation and pin the fork.',
  examples: {
    bad: 'steps:\n  - uses: actions/create-release@0cb9c9b65d5d1901c1f53e5e66eaf4afd303e70e # v1.1.4 (archived)\n',
    good: 'steps:\n  - uses: softprops/action-gh-release@c062e08bd532815e2082a85e87e3ef29c3e6d191 # v2.0.8\n',
  },
}

export const onlineRules: readonly RuleMeta[] = [refVersionMismatch, impostorCommit, refConfusion, archivedUses]
