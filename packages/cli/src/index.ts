export type { Command, CommandContext, CommandResult, FlagSpec } from './command.js'
export { engineRules } from './engine-rules.js'
export { main, type Io } from './main.js'
export { allRules } from './rules.js'
