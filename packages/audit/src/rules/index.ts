import type { AuditRule } from '../rule.js'
import { anonymousDefinition } from './anonymous-definition.js'
import { artipacked } from './artipacked.js'
import { botConditions } from './bot-conditions.js'
import { cachePoisoning } from './cache-poisoning.js'
import { dangerousTriggers } from './dangerous-triggers.js'
import { dependabotCooldown, dependabotExecution } from './dependabot.js'
import { excessivePermissions } from './excessive-permissions.js'
import { forbiddenUses } from './forbidden-uses.js'
import { githubApp } from './github-app.js'
import { githubEnv } from './github-env.js'
import { hardcodedContainerCredentials } from './hardcoded-container-credentials.js'
import { insecureCommands } from './insecure-commands.js'
import { obfuscation } from './obfuscation.js'
import { overprovisionedSecrets } from './overprovisioned-secrets.js'
import { secretsInherit } from './secrets-inherit.js'
import { secretsOutsideEnv } from './secrets-outside-env.js'
import { selfHostedRunner } from './self-hosted-runner.js'
import { superfluousActions } from './superfluous-actions.js'
import { templateInjection } from './template-injection.js'
import { typosquatUses } from './typosquat-uses.js'
import { undocumentedPermissions } from './undocumented-permissions.js'
import { unredactedSecrets } from './unredacted-secrets.js'
import { unsoundCondition } from './unsound-condition.js'
import { unsoundContains } from './unsound-contains.js'
import { unsoundTernary } from './unsound-ternary.js'
import { untrustedCheckout } from './untrusted-checkout.js'
import { useTrustedPublishing } from './use-trusted-publishing.js'

/** Every audit, in the order reports list them. */
export const auditRuleList: readonly AuditRule[] = [
  templateInjection,
  dangerousTriggers,
  untrustedCheckout,
  excessivePermissions,
  artipacked,
  cachePoisoning,
  githubEnv,
  insecureCommands,
  secretsInherit,
  overprovisionedSecrets,
  unredactedSecrets,
  secretsOutsideEnv,
  selfHostedRunner,
  hardcodedContainerCredentials,
  botConditions,
  unsoundContains,
  unsoundCondition,
  unsoundTernary,
  obfuscation,
  githubApp,
  useTrustedPublishing,
  forbiddenUses,
  typosquatUses,
  dependabotExecution,
  dependabotCooldown,
  anonymousDefinition,
  undocumentedPermissions,
  superfluousActions,
]
