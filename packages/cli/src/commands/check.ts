import type { Finding, Policy } from '@pipeguard/policy'
import { runAudit } from '@pipeguard/audit'
import { runGovernance } from '@pipeguard/governance'
import { runPinCheck } from '@pipeguard/pinning'
import { compileRefnameChecker } from '@pipeguard/refname'
import { readRepository, type Repository } from '@pipeguard/workflow'
import type { Command } from '../command.js'
import { currentRef } from '../current-ref.js'

/** One offline check that `pipeguard check` runs over the shared repository model. */
export interface StaticCheck {
  name: string
  run(repository: Repository, policy: Policy, root: string): Promise<Finding[]> | Finding[]
}

/** Every static check, in report order. Engines add theirs here. */
export const staticChecks: readonly StaticCheck[] = [
  { name: 'governance', run: (repository, policy) => runGovernance(repository, policy).findings },
  { name: 'audit', run: (repository, policy) => runAudit(repository, policy).findings },
  { name: 'pin', run: (repository, policy) => runPinCheck(repository, policy).findings },
  {
    name: 'refname',
    run: (_repository, policy, root) => {
      const ref = currentRef(root)
      return ref === undefined ? [] : compileRefnameChecker(policy, { kind: ref.kind, allowOnelevel: true })(ref.name).findings
    },
  },
]

export const checkCommand: Command = {
  name: 'check',
  summary: `every static check the policy enables (${staticChecks.map((check) => check.name).join(', ')})`,
  usage: 'check [dir]',
  positionals: 'dir',
  flags: {},
  async run(context) {
    const { repository, findings } = readRepository(context.root, context.policy)
    for (const check of staticChecks) findings.push(...(await check.run(repository, context.policy, context.root)))
    return { findings }
  },
}
