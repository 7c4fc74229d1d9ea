import { isMap, isScalar, isSeq, valueOf, type YamlNode } from '@pipeguard/workflow'
import { findExpressions } from '../cached.js'
import type { AuditRule } from '../rule.js'

/** Events on which code from outside the repository (a fork's pull request) can run. */
const OUTSIDE_CODE = new Set(['pull_request', 'pull_request_target', 'issue_comment', 'workflow_run'])

function hasSelfHostedLabel(node: YamlNode | null | undefined): boolean {
  if (isScalar(node)) return node.value.toLowerCase() === 'self-hosted'
  if (!isSeq(node)) return false
  for (let index = 0; index < node.items.length; index++) {
    const item = node.items[index]!
    if (isScalar(item) && item.value.toLowerCase() === 'self-hosted') return true
  }
  return false
}

function labelsOf(node: YamlNode | null | undefined): string[] {
  if (isScalar(node)) return [node.value]
  if (isSeq(node)) return node.items.flatMap((item) => (isScalar(item) ? [item.value] : []))
  return []
}

function excluded(matrix: YamlNode | null | undefined, key: string, value: string): boolean {
  const exclude = valueOf(matrix, 'exclude')
  if (!isSeq(exclude)) return false
  return exclude.items.some((item) => {
    if (!isMap(item) || item.pairs.length !== 1) return false
    const label = valueOf(item, key)
    return isScalar(label) && label.value === value
  })
}

export const selfHostedRunner: AuditRule = {
  meta: {
    id: 'self-hosted-runner',
    engine: 'audit',
    level: 'note',
    persona: 'regular',
    summary: 'A job runs on a self-hosted runner',
    help: "Self-hosted runners are not wiped between jobs: a job that runs untrusted code (a fork's pull request) can persist on the machine and read later jobs' secrets. Use GitHub-hosted or ephemeral (just-in-time) runners for pull requests, and require approval for fork workflows.",
    examples: {
      bad: 'on: pull_request\njobs:\n  test:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: make test\n',
      good: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    const outside = unit.workflow.triggers.some((trigger) => OUTSIDE_CODE.has(trigger.event))
    const level = outside ? 'warning' : 'note'
    const why = outside
      ? "and this workflow runs on pull requests, so a fork's code may run on it and persist"
      : 'which keeps state between jobs'
    const jobs = unit.workflow.jobs
    for (let jobIndex = 0; jobIndex < jobs.length; jobIndex++) {
      const job = jobs[jobIndex]!
      const runsOn = job.runsOn
      if (runsOn === undefined) continue
      if (hasSelfHostedLabel(isMap(runsOn) ? valueOf(runsOn, 'labels') : runsOn)) {
        context.report({
          start: runsOn.start,
          end: runsOn.end,
          level,
          message: `job '${job.id}' runs on a self-hosted runner, ${why}. Prefer GitHub-hosted or ephemeral runners.`,
        })
        continue
      }
      if (isMap(runsOn) && valueOf(runsOn, 'group') !== undefined) {
        context.report({
          start: runsOn.start,
          end: runsOn.end,
          level: 'note',
          message: `job '${job.id}' runs in a runner group, usually self-hosted runners, ${why}. Prefer ephemeral runners.`,
        })
        continue
      }
      if (!isScalar(runsOn)) continue
      const expressions = findExpressions(unit.file, runsOn)
      if (expressions.length === 0) continue
      const matrix = valueOf(job.strategy, 'matrix')
      for (const expression of expressions) {
        const key = /^matrix\.([\w-]+)$/.exec(expression.text)?.[1]
        if (key === undefined) continue
        const values = [...labelsOf(valueOf(matrix, key))]
        const include = valueOf(matrix, 'include')
        if (isSeq(include)) for (const item of include.items) values.push(...labelsOf(valueOf(item, key)))
        if (values.some((value) => value.toLowerCase() === 'self-hosted' && !excluded(matrix, key, value))) {
          context.report({
            start: expression.start,
            end: expression.end,
            level,
            message: `job '${job.id}' runs on a self-hosted runner in one of its matrix entries (matrix.${key}), ${why}.`,
          })
        }
      }
    }
  },
}
