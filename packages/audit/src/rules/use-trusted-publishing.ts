import { scalarOf, type Job, type Step } from '@pipeguard/workflow'
import { wordsOf } from '../cached.js'
import type { AuditRule } from '../rule.js'
import { sourceRange } from '../script-location.js'
import { unitSteps } from '../steps.js'

const PYPI = [
  'https://upload.pypi.org/legacy/',
  'https://test.pypi.org/legacy/',
  'https://upload.pypi.org/legacy',
  'https://test.pypi.org/legacy',
]

/** Publishing commands of registries that support trusted publishing (OIDC). */
const COMMANDS =
  /\b(?:(?:bunx\s+|npx\s+)?(?:npm|pnpm|yarn(?:\s+npm)?|bun)\s+publish|cargo\s+publish|twine\s+upload|uv\s+publish|poetry\s+publish|gem\s+push|hatch\s+publish|flit\s+publish)\b[^\n;&|]*/g

function hasIdToken(job: Job | undefined): boolean {
  return job?.permissions?.scopes.get('id-token')?.level === 'write' || job?.permissions?.shorthand === 'write-all'
}

const PUBLISH_ACTIONS = new Set(['pypa/gh-action-pypi-publish', 'rubygems/release-gem', 'rubygems/configure-rubygems-credentials'])

function actionFinding(step: Step, slug: string): string | undefined {
  const input = (name: string): string | undefined => scalarOf(step.with, name)?.value.trim()
  if (slug === 'pypa/gh-action-pypi-publish') {
    const url = input('repository-url') ?? input('repository_url')
    if (input('password') !== undefined && (url === undefined || PYPI.includes(url))) return 'publishes to PyPI with a password (API token)'
  } else if (slug === 'rubygems/release-gem') {
    if (input('setup-trusted-publisher') === 'false') return 'publishes to RubyGems with trusted publishing turned off'
  } else if (slug === 'rubygems/configure-rubygems-credentials') {
    const server = input('gem-server')
    if (input('api-token') !== undefined && (server === undefined || /^https:\/\/rubygems\.org\/?$/.test(server)))
      return 'configures RubyGems with an API token'
  }
  return undefined
}

// Every COMMANDS match holds publish, upload or gem ... push (the source may still have line continuations).
const PUBLISH_WORDS = /publish|upload|\bgem[\s\\]+push/

export const useTrustedPublishing: AuditRule = {
  meta: {
    id: 'use-trusted-publishing',
    engine: 'audit',
    level: 'note',
    persona: 'regular',
    summary: 'A package is published with a long-lived token where trusted publishing (OIDC) is available',
    help: 'PyPI, npm, crates.io and RubyGems accept short-lived OIDC credentials from GitHub Actions ("trusted publishing"): configure the publisher on the registry, grant the job `id-token: write`, and drop the stored token, which can leak and never expires.',
    examples: {
      bad: 'on: release\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          password: ${{ secrets.PYPI_TOKEN }}\n',
      good: 'on: release\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n',
    },
  },
  check(unit, context) {
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) {
      const { step, job, slug } = steps[index]!
      const what = slug === undefined || !PUBLISH_ACTIONS.has(slug) ? undefined : actionFinding(step, slug)
      if (what !== undefined) {
        context.report({
          start: step.uses!.node.start,
          end: step.uses!.node.end,
          message: `this step ${what}; use trusted publishing (OIDC) instead: configure it on the registry, grant id-token: write and remove the token.`,
        })
        continue
      }
      if (step.run === undefined || unit.kind === 'action' || hasIdToken(job) || !PUBLISH_WORDS.test(wordsOf(unit.file, step.run))) continue
      const script = step.run.value.replace(/\\\r?\n\s*/g, ' ')
      for (const match of script.matchAll(COMMANDS)) {
        if (/--dry-run|\s-n\b/.test(match[0])) continue
        const range =
          script === step.run.value
            ? sourceRange(unit.file, step.run, match.index, match.index + match[0].length)
            : { start: step.run.start, end: step.run.end }
        context.report({
          ...range,
          message: `\`${match[0].trim().split(/\s+/).slice(0, 3).join(' ')}\` publishes with a stored token in a job without id-token: write; the registry supports trusted publishing (OIDC): configure it, grant id-token: write and drop the token.`,
        })
      }
    }
  },
}
