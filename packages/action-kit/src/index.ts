export { changedFiles } from './changed-files.js'
export { readBooleanInput, readChoiceInput, readInput } from './inputs.js'
export { runAction, type ActionContext, type ActionResult, type ActionSpec } from './run-action.js'
export { readEvent, type RunnerEvent } from './event.js'
