import { runAction } from '@pipeguard/action-kit'
import { auditRules, runAudit } from '@pipeguard/audit'
import { InputError } from '@pipeguard/policy'
import { readRepository, workflowRules } from '@pipeguard/workflow'
import { tuneForWorkflowScans } from '@pipeguard/workflow/runtime'

tuneForWorkflowScans()

await runAction({
  name: 'workflow-audit',
  command: 'audit',
  rules: [...workflowRules, ...auditRules],
  async run({ root, policy, input }) {
    const persona = input('persona')
    if (persona !== '' && persona !== 'regular' && persona !== 'pedantic')
      throw new InputError(`input 'persona' must be regular or pedantic, got '${persona}'`)
    if (persona !== '') policy.persona = persona
    const { repository, findings } = readRepository(root, policy)
    const result = runAudit(repository, policy)
    return { findings: [...findings, ...result.findings], extra: { zizmorIgnored: result.zizmorIgnored } }
  },
})
