import { applyFixes, runAudit } from '@pipeguard/audit'
import { InputError, type Persona } from '@pipeguard/policy'
import { readRepository, unifiedDiff } from '@pipeguard/workflow'
import type { Command } from '../command.js'

const PERSONAS: readonly Persona[] = ['regular', 'pedantic']

export const auditCommand: Command = {
  name: 'audit',
  summary: 'security audits of workflows and actions: injection, permissions, dangerous triggers, credentials',
  usage: 'audit [dir] [--persona regular|pedantic] [--fix]',
  positionals: 'dir',
  flags: {
    persona: { type: 'string', value: 'PERSONA', description: 'regular (default) or pedantic (adds the pedantic audits and findings)' },
    fix: {
      type: 'boolean',
      description: 'apply the safe fixes (template-injection in run: to env:, artipacked persist-credentials) and print the diff',
    },
  },
  async run(context) {
    const persona = context.flags.persona as string | undefined
    if (persona !== undefined) {
      if (!PERSONAS.includes(persona as Persona)) throw new InputError(`--persona must be one of ${PERSONAS.join(', ')}, got '${persona}'`)
      context.policy.persona = persona as Persona
    }
    let { repository, findings } = readRepository(context.root, context.policy)
    let result = runAudit(repository, context.policy, { fixes: context.flags.fix === true })
    const extra: Record<string, unknown> = { zizmorIgnored: result.zizmorIgnored }
    let text: string | undefined
    if (context.flags.fix === true) {
      const outcome = applyFixes(repository, result.fixes)
      extra.changes = outcome.changes
      text = [...outcome.files].map(([path, { before, after }]) => unifiedDiff(path, before, after)).join('')
      if (outcome.changes.length === 0) text = 'no safe fixes to apply\n'
      // Report what is left after the fixes, as a second run would.
      ;({ repository, findings } = readRepository(context.root, context.policy))
      result = runAudit(repository, context.policy)
      extra.zizmorIgnored = result.zizmorIgnored
    }
    return { findings: [...findings, ...result.findings], extra, ...(text === undefined ? {} : { text }) }
  },
}
