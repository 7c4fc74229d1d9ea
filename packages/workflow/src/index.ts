export { buildAction, buildWorkflow, permissionsOf, stepsOf, type Built, type StructureProblem } from './build-model.js'
export { commentAfter, commentsOf, lineEndAfter, type Comment, type TrailingComment } from './comments.js'
export { discoverFiles, isInsideRoot, isSymlink, type DiscoveredFile, type FileRole } from './discover.js'
export { applyEdits, editFile, lineBreakOf, unifiedDiff, type TextEdit } from './edit.js'
export { closingBraces, expressionsInValue, findExpressions, type Expression } from './expressions.js'
export type { Action, ActionInput, ActionRuntime, Job, Permissions, Step, Trigger, Unreadable, Workflow } from './model.js'
export { DEFAULT_MAX_EXPANDED_NODES, parseYaml, type ParsedYaml, type ParseYamlOptions, type YamlProblem } from './parse-yaml.js'
export {
  actionAt,
  addFile,
  loadRepository,
  readRepository,
  repositoryFindings,
  repositoryOptions,
  type FileProblem,
  type LoadRepositoryOptions,
  type Repository,
} from './repository.js'
export { DEFAULT_MAX_FILE_BYTES, invalidWorkflowRule, workflowRules } from './rules.js'
export { SourceFile } from './source-file.js'
export { isFullSha, parseImage, parseUses, repositorySlug, type UsesRef } from './uses.js'
export {
  isMap,
  isScalar,
  isSeq,
  pairOf,
  scalarOf,
  stringOf,
  toPlain,
  valueOf,
  type ScalarStyle,
  type YamlMap,
  type YamlNode,
  type YamlPair,
  type YamlScalar,
  type YamlSeq,
} from './yaml-node.js'
export { sourceOffsetOf } from './scalar-offset.js'
export {
  commandWords,
  parseShell,
  type ShellCommand,
  type ShellPipeline,
  type ShellRedirect,
  type ShellSubstitution,
  type ShellWord,
} from './shell.js'
