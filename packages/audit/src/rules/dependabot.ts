import { isMap, isScalar, isSeq, pairOf, valueOf } from '@pipeguard/workflow'
import type { AuditRule } from '../rule.js'

function updatesOf(root: Parameters<typeof valueOf>[0]) {
  const updates = valueOf(root, 'updates')
  return isSeq(updates) ? updates.items.filter(isMap) : []
}

export const dependabotExecution: AuditRule = {
  meta: {
    id: 'dependabot-execution',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'Dependabot may run code from dependencies while updating (insecure-external-code-execution: allow)',
    help: 'With `insecure-external-code-execution: allow`, Dependabot runs build scripts of the packages it updates, with access to the registries and credentials configured for it. Remove the line (the default is deny) and vendor what needs it.',
    examples: {
      bad: 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n    insecure-external-code-execution: allow\n',
      good: 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'dependabot') return
    for (const update of updatesOf(unit.root)) {
      const pair = pairOf(update, 'insecure-external-code-execution')
      if (pair === undefined || !isScalar(pair.value) || pair.value.value !== 'allow') continue
      context.report({
        start: pair.key.start,
        end: pair.value.end,
        message:
          'insecure-external-code-execution: allow lets Dependabot run the build scripts of updated packages with its registry credentials; remove it (the default is deny).',
      })
    }
  },
}

export const dependabotCooldown: AuditRule = {
  meta: {
    id: 'dependabot-cooldown',
    engine: 'audit',
    level: 'warning',
    persona: 'regular',
    summary: 'Dependabot proposes new releases immediately (no cooldown, or a short one)',
    help: 'Most malicious releases are found and pulled within days. A cooldown makes Dependabot wait before proposing a new version: `cooldown: { default-days: 7 }`.',
    options: {
      'min-days': {
        type: 'integer',
        minimum: 1,
        default: 7,
        'x-expect': 'a number of days',
        description: 'The shortest acceptable default-days.',
      },
    },
    examples: {
      bad: 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: daily\n',
      good: 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: daily\n    cooldown:\n      default-days: 7\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'dependabot') return
    const minimum = typeof context.rule.options['min-days'] === 'number' ? (context.rule.options['min-days'] as number) : 7
    for (const update of updatesOf(unit.root)) {
      const cooldown = pairOf(update, 'cooldown')
      const ecosystem = pairOf(update, 'package-ecosystem')
      if (cooldown === undefined) {
        const at = ecosystem?.key ?? update
        context.report({
          start: at.start,
          end: ecosystem?.value?.end ?? at.end,
          message: `this ${isScalar(ecosystem?.value) ? ecosystem.value.value : ''} update has no cooldown:, so Dependabot proposes a release the day it is published, before a malicious one is caught; add \`cooldown: { default-days: ${minimum} }\`.`,
        })
        continue
      }
      const days = valueOf(cooldown.value, 'default-days')
      if (isScalar(days) && /^\d+$/.test(days.value) && Number(days.value) < minimum) {
        context.report({
          start: days.start,
          end: days.end,
          message: `a cooldown of ${days.value} day(s) is shorter than ${minimum}: malicious releases are usually caught within a week; raise default-days.`,
        })
      }
    }
  },
}
