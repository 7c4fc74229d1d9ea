import { inventoryMarkdown, runGovernance } from '@pipeguard/governance'
import type { Command } from '../command.js'
import { readRepository } from '@pipeguard/workflow'

export const governanceCommand: Command = {
  name: 'governance',
  summary: 'workflow count and size limits, structure rules, near-duplicate workflows, inventory',
  usage: 'governance [dir] [--inventory]',
  positionals: 'dir',
  flags: {
    inventory: { type: 'boolean', description: 'add the inventory of every workflow (JSON field `inventory`, a table in text)' },
  },
  async run(context) {
    const { repository, findings } = readRepository(context.root, context.policy)
    const result = runGovernance(repository, context.policy)
    const wantInventory = context.flags.inventory === true
    return {
      findings: [...findings, ...result.findings],
      ...(wantInventory ? { extra: { inventory: result.inventory }, text: inventoryMarkdown(result.inventory) } : {}),
    }
  },
}
