import type { AuditRule } from '../rule.js'
import { unitSteps } from '../steps.js'

function globToRegExp(glob: string): RegExp {
  const part = (text: string): string =>
    text
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/@]*')
      .replace(/\?/g, '[^/@]')
  return new RegExp(`^${glob.toLowerCase().split('**').map(part).join('.*')}$`)
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** `owner/repo[/path]@ref` lowercased, and the same without the ref, for matching. */
function candidates(raw: string): string[] {
  const lower = raw.toLowerCase()
  return [lower, lower.split('@')[0]!]
}

export const forbiddenUses: AuditRule = {
  meta: {
    id: 'forbidden-uses',
    engine: 'audit',
    level: 'off',
    persona: 'regular',
    summary: 'uses: an action that the policy does not allow',
    help: 'The policy lists the actions this organisation approves (`allow`, globs like `actions/*` or `docker/login-action@*`) or bans (`deny`). Replace the action with an approved one or ask for it to be added to the policy.',
    options: {
      allow: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        'x-expect': 'a list of globs over owner/repo[/path][@ref]',
        description: 'When not empty, only these actions may be used (local ./ actions always may).',
      },
      deny: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        'x-expect': 'a list of globs over owner/repo[/path][@ref]',
        description: 'These actions may not be used.',
      },
    },
    examples: {
      bad: '# policy: forbidden-uses: { allow: ["actions/*"] }\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-one/random-action@v1\n',
      good: '# policy: forbidden-uses: { allow: ["actions/*"] }\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
    },
  },
  check(unit, context) {
    const allow = strings(context.rule.options.allow).map(globToRegExp)
    const deny = strings(context.rule.options.deny).map(globToRegExp)
    if (allow.length === 0 && deny.length === 0) return
    const uses = [...unitSteps(unit)].flatMap(({ step }) => (step.uses === undefined ? [] : [step.uses]))
    if (unit.kind === 'workflow') for (const job of unit.workflow.jobs) if (job.uses !== undefined) uses.push(job.uses)
    for (const { ref, node } of uses) {
      if (ref.kind === 'local' || ref.kind === 'same-repository') continue
      const names = candidates(ref.kind === 'docker' ? ref.raw : ref.raw)
      const denied = deny.some((pattern) => names.some((name) => pattern.test(name)))
      const allowed = allow.length === 0 || allow.some((pattern) => names.some((name) => pattern.test(name)))
      if (!denied && allowed) continue
      context.report({
        start: node.start,
        end: node.end,
        message: denied
          ? `${ref.raw} is on the policy's deny list for actions; replace it.`
          : `${ref.raw} is not on the policy's allow list of approved actions; use an approved action or ask for it to be added.`,
      })
    }
  },
}
