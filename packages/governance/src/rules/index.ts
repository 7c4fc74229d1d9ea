import type { GovernanceRule } from '../rule.js'
import { missingConcurrency } from './missing-concurrency.js'
import { missingTimeout } from './missing-timeout.js'
import { requiredWorkflow } from './required-workflow.js'
import { workflowCount } from './workflow-count.js'
import { workflowDuplicate } from './workflow-duplicate.js'
import { workflowName } from './workflow-name.js'
import { workflowSize } from './workflow-size.js'

export const governanceRuleList: readonly GovernanceRule[] = [
  workflowCount,
  workflowSize,
  workflowDuplicate,
  missingTimeout,
  missingConcurrency,
  workflowName,
  requiredWorkflow,
]
