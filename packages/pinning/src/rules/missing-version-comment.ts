import { makeFinding, type Finding } from '@pipeguard/policy'
import { commentAfter } from '@pipeguard/workflow'
import { versionOfComment } from '../comment.js'
import { usesReferences } from '../references.js'
import type { OfflineRule } from '../rule.js'

export const missingVersionComment: OfflineRule = {
  meta: {
    id: 'missing-version-comment',
    engine: 'pinning',
    level: 'warning',
    summary: 'A SHA-pinned action has no comment naming the version it is',
    help: 'Add the tag the SHA points to as a comment, `@<sha> # v4.2.2`, so reviewers see what runs and Dependabot/Renovate can update it. `pipeguard pin --fix` writes it.',
    options: {
      pattern: {
        type: 'string',
        default: '^([\\w.-]+[/-])?v?\\d+(\\.\\d+)*([-+][0-9A-Za-z.-]+)?$',
        description: 'A regular expression the version in the comment must match; e.g. `^v?\\d+\\.\\d+\\.\\d+$` to require a full version.',
        'x-expect': 'a regular expression',
      },
    },
    examples: {
      bad: 'steps:\n  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n',
      good: 'steps:\n  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n',
    },
  },
  check({ repository }, rule) {
    let pattern: RegExp
    try {
      pattern = new RegExp(String(rule.options.pattern))
    } catch {
      pattern = /^v?\d/
    }
    const findings: Finding[] = []
    const references = usesReferences(repository)
    for (let index = 0; index < references.length; index++) {
      const { ref, node, file, pinned } = references[index]!
      if (!pinned) continue
      const comment = commentAfter(file, node)
      const version = comment === undefined ? undefined : versionOfComment(comment.text)
      if (version !== undefined && pattern.test(version)) continue
      const message =
        version === undefined
          ? `${ref.owner}/${ref.repo} is pinned to ${ref.ref!.slice(0, 12)}… without a version comment; add the tag it points to (\`# v1.2.3\`) so people can see what runs`
          : `the version comment '${version}' of ${ref.owner}/${ref.repo} does not match the required pattern ${pattern.source}`
      findings.push(
        makeFinding({
          ruleId: 'missing-version-comment',
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
