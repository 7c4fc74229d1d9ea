import { makeFinding, type Finding } from '@pipeguard/policy'
import { looksLikeVersion } from '../comment.js'
import { PIN_REQUIREMENTS, requirementFor } from '../pin-policy.js'
import { usesReferences } from '../references.js'
import type { OfflineRule } from '../rule.js'

export const unpinnedUses: OfflineRule = {
  meta: {
    id: 'unpinned-uses',
    engine: 'pinning',
    level: 'error',
    summary: 'An action or reusable workflow is referenced by a tag or branch instead of a full commit SHA',
    help: 'Pin to the full 40-character commit SHA and keep the tag in a comment: `uses: actions/checkout@<sha> # v4.2.2`. `pipeguard pin --fix` does it for you.',
    options: {
      policies: {
        type: 'object',
        additionalProperties: { enum: [...PIN_REQUIREMENTS] },
        default: { '*': 'hash-pin' },
        description:
          'Per pattern (`owner/repo/path`, `owner/repo`, `owner/*`, `*`): hash-pin (a full SHA), ref-pin (a tag is enough) or any.',
        'x-expect': 'a map from a pattern to hash-pin, ref-pin or any',
      },
      allow: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description: 'Patterns that may use a tag (ref-pin); branches are still reported.',
        'x-expect': 'a list of patterns such as actions/*',
      },
      'fix-branches': {
        enum: ['skip', 'latest-release'],
        default: 'skip',
        description: 'What `pin --fix` does with a branch ref: leave it (reported), or pin the latest release of the repository.',
        'x-expect': 'skip or latest-release',
      },
      'follow-remote': {
        type: 'boolean',
        default: true,
        description:
          'When verifying online, read the action.yml of each SHA-pinned action at its commit and report composite actions whose own steps use mutable refs.',
        'x-expect': 'true or false',
      },
      'min-age': {
        type: 'integer',
        minimum: 0,
        default: 0,
        description: '`pin --update` only moves to releases published at least this many days ago (a release cooldown).',
        'x-expect': 'a number of days',
      },
    },
    examples: {
      bad: 'steps:\n  - uses: actions/checkout@v4\n  - uses: someone/tool@main\n',
      good: 'steps:\n  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n  - uses: someone/tool@0123456789abcdef0123456789abcdef01234567 # v1.0.0\n',
    },
  },
  check({ repository }, rule) {
    const policies = (rule.options.policies ?? {}) as Record<string, string>
    const allow = (rule.options.allow ?? []) as string[]
    const findings: Finding[] = []
    const references = usesReferences(repository)
    for (let index = 0; index < references.length; index++) {
      const reference = references[index]!
      const { ref, node, file } = reference
      if (reference.pinned) continue
      const requirement = requirementFor(ref, policies, allow)
      if (requirement === 'any') continue
      const name = `${ref.owner}/${ref.repo}${ref.path ? `/${ref.path}` : ''}`
      const what = reference.where === 'job' ? 'reusable workflow' : 'action'
      let message: string
      if (ref.ref === undefined) message = `${name} has no @ref; GitHub rejects it. Pin a full commit SHA: ${name}@<sha> # <tag>`
      else if (/^[0-9a-fA-F]{7,40}$/.test(ref.ref) && !looksLikeVersion(ref.ref)) {
        message = `${name}@${ref.ref} is not a full lowercase 40-character SHA, so it is resolved as a mutable ref name; use the full commit SHA`
      } else if (!looksLikeVersion(ref.ref)) {
        message = `${what} ${name}@${ref.ref} follows a branch (or a non-version ref), which anyone with push access can move; pin the full commit SHA of a release: ${name}@<sha> # <tag>`
      } else if (requirement === 'ref-pin') continue
      else
        message = `${what} ${name}@${ref.ref} is pinned to a tag, which can be moved to other code; pin the full commit SHA it points to: ${name}@<sha> # ${ref.ref} (run pipeguard pin --fix)`
      findings.push(
        makeFinding({
          ruleId: 'unpinned-uses',
          level: rule.level,
          message,
          path: file.path,
          span: file.span(node.start, node.end),
          snippet: ref.raw,
        }),
      )
    }
    return findings
  },
}
