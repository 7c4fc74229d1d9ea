import { makeFinding, type Finding } from '@pipeguard/policy'
import { isMap, isScalar, type Workflow, type YamlNode } from '@pipeguard/workflow'
import { excludedBy, excludeOption } from '../exclude.js'
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
        default: 0.8,
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
      exclude: excludeOption(
        'Workflow paths not compared (e.g. a generated family such as .github/workflows/__*.yml, alike by construction).',
      ),
    },
    examples: {
      bad: '# .github/workflows/deploy-production.yml and .github/workflows/GL-deploy-production.yml\n# with the same jobs and steps but a different environment name',
      good: '# .github/workflows/deploy.yml (on: workflow_call, inputs: environment) called by both pipelines',
    },
  },
  check(repository, rule) {
    const threshold = rule.options.threshold as number
    const minSteps = rule.options['min-steps'] as number
    const excluded = excludedBy(rule.options.exclude)
    const interner = new Map<string, number>()
    const profiles = repository.workflows
      .filter((workflow) => !excluded(workflow.file.path))
      .map((workflow) => profileOf(workflow, interner))
      .filter((profile) => profile.steps >= minSteps)
    const findings: Finding[] = []
    for (let i = 0; i < profiles.length; i++) {
      for (let j = i + 1; j < profiles.length; j++) {
        const a = profiles[i]!
        const b = profiles[j]!
        // Cheap bound: weighted Jaccard can't exceed the ratio of total weights.
        if (Math.min(a.weight, b.weight) / Math.max(a.weight, b.weight) < threshold) continue
        const similarity = weightedJaccard(a, b)
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
  /** Token ids in ascending order and their counts, for a fast merge-join. */
  ids: Int32Array
  counts: Int32Array
  weight: number
  steps: number
}

function profileOf(workflow: Workflow, interner: Map<string, number>): Profile {
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
      for (const pair of step.with?.pairs ?? []) {
        add(`input ${pair.key.value}`)
        add(`with ${pair.key.value}=${flatten(pair.value)}`)
      }
      if (step.run !== undefined) {
        for (const line of step.run.value.split('\n')) {
          const trimmed = line.trim()
          const normalized = /\s\s|\t/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed
          if (normalized === '' || normalized.startsWith('#')) continue
          // The command word alone is structure; the whole line is the value. A line that differs only in its
          // arguments still shares the structure, so near-duplicates with changed values stay near.
          const space = normalized.indexOf(' ')
          add(`command ${space === -1 ? normalized : normalized.slice(0, space)}`)
          add(`run ${normalized}`)
        }
      }
      if (isMap(step.env)) {
        for (const pair of step.env.pairs) {
          add(`variable ${pair.key.value}`)
          add(`env ${pair.key.value}=${flatten(pair.value)}`)
        }
      }
    }
  }
  let weight = 0
  const entries: [number, number][] = []
  for (const [token, count] of tokens) {
    weight += count
    let id = interner.get(token)
    if (id === undefined) {
      id = interner.size
      interner.set(token, id)
    }
    entries.push([id, count])
  }
  entries.sort((x, y) => x[0] - y[0])
  return {
    workflow,
    tokens,
    ids: Int32Array.from(entries, (entry) => entry[0]),
    counts: Int32Array.from(entries, (entry) => entry[1]),
    weight,
    steps,
  }
}

function flatten(node: YamlNode | null | undefined): string {
  if (node === null || node === undefined) return ''
  if (isScalar(node)) return node.value
  return node.kind === 'seq'
    ? node.items.map(flatten).join(',')
    : node.pairs.map((pair) => `${pair.key.value}:${flatten(pair.value)}`).join(',')
}

/** Sum of minimum counts over sum of maximum counts: Jaccard similarity of the two token multisets. */
function weightedJaccard(a: Profile, b: Profile): number {
  let shared = 0
  let i = 0
  let j = 0
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!
    const y = b.ids[j]!
    if (x === y) {
      shared += Math.min(a.counts[i++]!, b.counts[j++]!)
    } else if (x < y) i++
    else j++
  }
  const total = a.weight + b.weight - shared
  return total === 0 ? 0 : shared / total
}

/** The tokens one side has more of than the other, most frequent first. */
function surplus(a: Map<string, number>, b: Map<string, number>): string[] {
  const extra: [string, number][] = []
  for (const [token, count] of a) {
    if (/^(command|input|variable) /.test(token)) continue
    const difference = count - (b.get(token) ?? 0)
    if (difference > 0) extra.push([token, difference])
  }
  return extra.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([token]) => token)
}

function duplicateFinding(a: Profile, b: Profile, similarity: number, level: Finding['level']): Finding {
  const onlyA = surplus(a.tokens, b.tokens)
  const onlyB = surplus(b.tokens, a.tokens)
  const show = (tokens: string[]): string =>
    tokens.length === 0
      ? 'nothing'
      : tokens
          .slice(0, 3)
          .map((token) => `'${token.length > 60 ? `${token.slice(0, 57)}...` : token}'`)
          .join(', ') + (tokens.length > 3 ? ` and ${tokens.length - 3} more` : '')
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
