import { runAction } from '@pipeguard/action-kit'
import { governanceRules, inventoryMarkdown, runGovernance } from '@pipeguard/governance'
import { readRepository, workflowRules } from '@pipeguard/workflow'
import { tuneForWorkflowScans } from '@pipeguard/workflow/runtime'

tuneForWorkflowScans()

await runAction({
  name: 'workflow-governance',
  command: 'governance',
  rules: [...workflowRules, ...governanceRules],
  async run({ root, policy, booleanInput }) {
    const { repository, findings } = readRepository(root, policy)
    const result = runGovernance(repository, policy)
    const inventory = booleanInput('inventory', true)
    return {
      findings: [...findings, ...result.findings],
      outputs: { workflows: String(result.inventory.length) },
      ...(inventory ? { extra: { inventory: result.inventory }, summary: inventoryMarkdown(result.inventory) } : {}),
    }
  },
})
