import type { Command } from '../command.js'

/** A command by name; its module (and so its engine) is loaded only when that command runs. */
export interface CommandEntry {
  name: string
  load(): Promise<Command>
}

/** Every command, in the order --help lists them. */
export const commandEntries: readonly CommandEntry[] = [
  { name: 'check', load: async () => (await import('./check.js')).checkCommand },
  { name: 'governance', load: async () => (await import('./governance.js')).governanceCommand },
  { name: 'audit', load: async () => (await import('./audit.js')).auditCommand },
  { name: 'pin', load: async () => (await import('./pin.js')).pinCommand },
  { name: 'sbom', load: async () => (await import('./sbom.js')).sbomCommand },
  { name: 'refname', load: async () => (await import('./refname.js')).refnameCommand },
]

export async function loadCommands(): Promise<Command[]> {
  return Promise.all(commandEntries.map((entry) => entry.load()))
}
