import { isMap, isScalar, isSeq, scalarOf, valueOf, type Workflow, repositorySlug } from '@pipeguard/workflow'
import { CACHE_ACTIONS } from '../known-actions.js'
import type { AuditRule } from '../rule.js'
import { jobSteps } from '../steps.js'

/** A workflow that builds releases: on release, or on push of tags only. */
export function releaseTrigger(workflow: Workflow): string | undefined {
  for (const trigger of workflow.triggers) {
    if (trigger.event === 'release') return 'release'
    if (trigger.event === 'push' && isMap(trigger.config)) {
      const tags = valueOf(trigger.config, 'tags')
      const branches = valueOf(trigger.config, 'branches') ?? valueOf(trigger.config, 'branches-ignore')
      if (tags !== undefined && branches === undefined) return 'push of tags'
    }
  }
  return undefined
}

const KNOWN_CACHES = new Map(Object.entries(CACHE_ACTIONS))

export const cachePoisoning: AuditRule = {
  meta: {
    id: 'cache-poisoning',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'A release workflow restores a cache that other workflows can write',
    help: 'Caches are shared across workflows of a repository: a pull_request or a compromised job can plant a poisoned entry that the release build then restores and ships. Do not restore caches in release/publish workflows: remove the caching step or turn caching off (e.g. `cache: false`, `lookup-only: true`).',
    examples: {
      bad: 'on: release\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n      - run: npm publish\n',
      good: 'on: release\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n      - run: npm ci && npm publish\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    const release = releaseTrigger(unit.workflow)
    if (release === undefined) return
    const jobs = unit.workflow.jobs
    for (let jobIndex = 0; jobIndex < jobs.length; jobIndex++) {
      const job = jobs[jobIndex]!
      for (const step of jobSteps(job)) {
        const ref = step.uses?.ref
        if (ref === undefined || ref.kind !== 'repository') continue
        const slug = `${repositorySlug(ref)}${ref.path === undefined ? '' : `/${ref.path.toLowerCase()}`}`
        // actions/cache/save and other sub-actions are not the action itself: only exact paths count.
        const known = KNOWN_CACHES.get(slug)
        if (known === undefined) continue
        if (known.optIn !== undefined) {
          const value = scalarOf(step.with, known.optIn.input)?.value.trim()
          if (value === undefined || value === '' || value === 'false') continue
          if (known.optIn.values.length > 0 && !known.optIn.values.includes(value.toLowerCase()) && !value.includes('${{')) continue
          if (known.optIn.pattern !== undefined && !known.optIn.pattern.test(value)) continue
        }
        if (known.optOut !== undefined) {
          const value = scalarOf(step.with, known.optOut.input)?.value.trim().toLowerCase()
          if (value !== undefined && known.optOut.values.includes(value)) continue
        }
        context.report({
          start: step.uses!.node.start,
          end: step.uses!.node.end,
          message: `${step.uses!.ref.raw.split('@')[0]} restores a cache in a workflow that runs on ${release}: a cache entry written by another workflow (a pull request, say) ends up in the release. Turn caching off in release builds.`,
        })
      }
    }
  },
}

void isScalar
void isSeq
