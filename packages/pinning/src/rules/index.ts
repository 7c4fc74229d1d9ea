import type { RuleMeta } from '@pipeguard/policy'
import type { OfflineRule } from '../rule.js'
import { missingLockfile } from './missing-lockfile.js'
import { missingVersionComment } from './missing-version-comment.js'
import { onlineRules } from './online.js'
import { unpinnedImages } from './unpinned-images.js'
import { unpinnedInstall } from './unpinned-install.js'
import { unpinnedUses } from './unpinned-uses.js'

/** The checks that need no network, in report order. */
export const offlineRules: readonly OfflineRule[] = [unpinnedUses, missingVersionComment, unpinnedImages, unpinnedInstall, missingLockfile]

/** Every rule of the pinning engine, for the policy and the documentation. */
export const pinningRules: readonly RuleMeta[] = [...offlineRules.map((rule) => rule.meta), ...onlineRules]
