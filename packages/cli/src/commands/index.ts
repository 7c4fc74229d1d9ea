import type { Command } from '../command.js'

/** A command by name; its module (and so its engine) is loaded only when that command runs. */
export interface CommandEntry {
  name: string
  /** Whether the command scans workflows (see tuneForWorkflowScans), so the process is tuned before it loads. */
  scansWorkflows?: boolean
  load(): Promise<Command>
}

/** Every command, in the order --help lists them. */
export const commandEntries: readonly CommandEntry[] = [
  { name: 'check', scansWorkflows: true, load: async () => (await import('./check.js')).checkCommand },
  { name: 'governance', scansWorkflows: true, load: async () => (await import('./governance.js')).governanceCommand },
  { name: 'audit', scansWorkflows: true, load: async () => (await import('./audit.js')).auditCommand },
  { name: 'pin', scansWorkflows: true, load: async () => (await import('./pin.js')).pinCommand },
  { name: 'sbom', load: async () => (await import('./sbom.js')).sbomCommand },
  { name: 'refname', load: async () => (await import('./refname.js')).refnameCommand },
]

export async function loadCommands(): Promise<Command[]> {
  return Promise.all(commandEntries.map((entry) => entry.load()))
}
