import type { Command } from '../command.js'
import { auditCommand } from './audit.js'
import { checkCommand } from './check.js'
import { governanceCommand } from './governance.js'
import { pinCommand } from './pin.js'
import { refnameCommand } from './refname.js'
import { sbomCommand } from './sbom.js'

/** Every command, in the order --help lists them. */
export const commands: readonly Command[] = [checkCommand, governanceCommand, auditCommand, refnameCommand, pinCommand, sbomCommand]
