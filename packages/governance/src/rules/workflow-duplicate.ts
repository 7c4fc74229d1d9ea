import { makeFinding, type Finding } from '@pipeguard/policy'
import { isMap, isScalar, type Workflow, type YamlNode } from '@pipeguard/workflow'
import type { GovernanceRule } from '../rule.js'

export const workflowDuplicate: GovernanceRule = {
  meta: {
    id: 'workflow-duplicate',
    engine: 'governance',
    level: 'warning',
    summary: 'Two workflows whose jobs and steps are nearly the same',
    help: 'Consolidate the pair into one reusable workflow (on: workflow_call) with inputs for what differs, and call it from both places.',
    options: {
      threshold: {
        type: 'number',
        minimum: 0.5,
        maximum: 1,
        default: 0.85,
        'x-expect': 'a number from 0.5 to 1',
        description: 'Structural similarity (weighted Jaccard over triggers, jobs and steps) from which a pair is reported.',
      },
      'min-steps': {
        type: 'integer',
        minimum: 1,
        default: 4,
        'x-expect': 'a positive integer',
        description: 'Workflows with fewer steps are not compared: small workflows look alike by nature.',
      },
    },
    examples: {
      bad: '# .github/workflows/deploy-production.yml and .github/workflows/GL-deploy-production.yml\n# with the same jobs and steps but a different environment name',
      good: '# .github/workflows/deploy.yml (on: workflow_call, inputs: environment) called by both pipelines',
    },
  },
  check(repository, rule) {
    const threshold = rule.options.threshold as number
    const minSteps = rule.options['min-steps'] as number
    const profiles = repository.workflows.map(profileOf).filter((profile) => profile.steps >= minSteps)
    const findings: Finding[] = []
    for (let i = 0; i < profiles.length; i++) {
      for (let j = i + 1; j < profiles.length; j++) {
        const a = profiles[i]!
        const b = profiles[j]!
        // Cheap bound: weighted Jaccard can't exceed the ratio of total weights.
        if (Math.min(a.weight, b.weight) / Math.max(a.weight, b.weight) < threshold) continue
        const similarity = weightedJaccard(a.tokens, b.tokens)
        if (similarity < threshold) continue
        findings.push(duplicateFinding(a, b, similarity, rule.level))
      }
    }
    return findings
  },
}

interface Profile {
  workflow: Workflow
  tokens: Map<string, number>
  weight: number
  steps: number
}

function profileOf(workflow: Workflow): Profile {
  const tokens = new Map<string, number>()
  const add = (token: string): void => {
    tokens.set(token, (tokens.get(token) ?? 0) + 1)
  }
  for (const trigger of workflow.triggers) add(`on ${trigger.event}`)
  let steps = 0
  for (const job of workflow.jobs) {
    add(`runs-on ${flatten(job.runsOn)}`)
    if (job.uses !== undefined) add(`calls ${job.uses.ref.raw.replace(/@.*$/, '')}`)
    for (const step of job.steps) {
      steps++
      if (step.uses !== undefined) add(`uses ${step.uses.ref.raw.replace(/@.*$/, '')}`)
      for (const pair of step.with?.pairs ?? []) add(`with ${pair.key.value}=${flatten(pair.value)}`)
      if (step.run !== undefined) {
        for (const line of step.run.value.split('\n')) {
          const normalized = line.trim().replace(/\s+/g, ' ')
          if (normalized !== '' && !normalized.startsWith('#')) add(`run ${normalized}`)
        }
      }
      if (isMap(step.env)) for (const pair of step.env.pairs) add(`env ${pair.key.value}=${flatten(pair.value)}`)
    }
  }
  let weight = 0
  for (const count of tokens.values()) weight += count
  return { workflow, tokens, weight, steps }
}

function flatten(node: YamlNode | null | undefined): string {
  if (node === null || node === undefined) return ''
  if (isScalar(node)) return node.value
  return node.kind === 'seq' ? node.items.map(flatten).join(',') : node.pairs.map((pair) => `${pair.key.value}:${flatten(pair.value)}`).join(',')
}

function weightedJaccard(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0
  let total = 0
  for (const [token, count] of a) {
    const other = b.get(token) ?? 0
    shared += Math.min(count, other)
    total += Math.max(count, other)
  }
  for (const [token, count] of b) if (!a.has(token)) total += count
  return total === 0 ? 0 : shared / total
}

/** The tokens one side has more of than the other, most frequent first. */
function surplus(a: Map<string, number>, b: Map<string, number>): string[] {
  const extra: [string, number][] = []
  for (const [token, count] of a) {
    const difference = count - (b.get(token) ?? 0)
    if (difference > 0) extra.push([token, difference])
  }
  return extra.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([token]) => token)
}

function duplicateFinding(a: Profile, b: Profile, similarity: number, level: Finding['level']): Finding {
  const onlyA = surplus(a.tokens, b.tokens)
  const onlyB = surplus(b.tokens, a.tokens)
  const show = (tokens: string[]): string =>
    tokens.length === 0 ? 'nothing' : tokens.slice(0, 3).map((token) => `'${token.length > 60 ? `${token.slice(0, 57)}...` : token}'`).join(', ') + (tokens.length > 3 ? ` and ${tokens.length - 3} more` : '')
  const percent = Math.floor(similarity * 100)
  const message =
    `near-duplicate of ${a.workflow.file.path} (${percent}% structurally similar over triggers, jobs and steps); ` +
    `only here: ${show(onlyB)}; only there: ${show(onlyA)}. ` +
    'Consolidate both into one reusable workflow (on: workflow_call) with inputs for what differs'
  const anchor = b.workflow.name ?? b.workflow.on?.key
  return makeFinding({
    ruleId: 'workflow-duplicate',
    level,
    message,
    path: b.workflow.file.path,
    span: anchor === undefined ? { line: 1, column: 1, endLine: 1, endColumn: 1 } : b.workflow.file.span(anchor.start, anchor.end),
    snippet: `duplicate of ${a.workflow.file.path}`,
  })
}
