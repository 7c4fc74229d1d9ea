export type {
  Ecosystem,
  LockedPackage,
  LockfileProblem,
  LockfileReader,
  PackageGraph,
  PackageHash,
  PackageSource,
  ReadContext,
} from './package-graph.js'
export { PURL_TYPES } from './package-graph.js'
export { buildBom, SPEC_VERSIONS, type BomFormat, type BomOptions, type BuiltBom, type SpecVersion } from './bom.js'
export { discoverLockfiles, discoverProject, type DiscoveredProject, type FoundLockfile, type LockfileKind } from './discover.js'
export {
  generateSbom,
  graphFindings,
  readProjectGraphs,
  timestampFromEnvironment,
  type RepositorySource,
  type SbomDocument,
  type SbomOptions,
  type SbomResult,
} from './engine.js'
export { hashesFromIntegrity, hashFromHex } from './hashes.js'
export { FULL_YAML_PARSER_NEEDED, loadFullYamlParser, parseLockfileYaml, type YamlValue } from './lockfile-yaml.js'
export { projectIdentity, type ProjectIdentity } from './project.js'
export { loadPurlLibrary, normalizePythonName, PURL_LIBRARY_NEEDED, purlOf, pypiName } from './purl.js'
export { danglingDependencyRule, lockfileInvalidRule, lockfileUnsupportedRule, sbomRules, unpinnedRequirementRule } from './rules.js'
export { BomValidationError, validateBom } from './validate.js'
export { readCargoLock } from './lockfiles/cargo.js'
export { loadTomlParser, TOML_PARSER_NEEDED } from './lockfiles/toml-text.js'
export { readComposerLock } from './lockfiles/composer.js'
export { readGemfileLock } from './lockfiles/gem.js'
export { readWorkflowActions } from './lockfiles/github-actions.js'
export { parseGoMod, readGoMod, readGoSum } from './lockfiles/go.js'
export { readGradleLockfile } from './lockfiles/gradle.js'
export { readNpmLockfile } from './lockfiles/npm.js'
export { readPipfileLock } from './lockfiles/pipenv.js'
export { readPnpmLockfile } from './lockfiles/pnpm.js'
export { readPoetryLock } from './lockfiles/poetry.js'
export { readRequirements } from './lockfiles/requirements.js'
export { readUvLock } from './lockfiles/uv.js'
export { readYarnLockfile } from './lockfiles/yarn.js'
export {
  buildSnapshot,
  SubmissionError,
  submitSnapshot,
  type DependencySnapshot,
  type SnapshotContext,
  type SnapshotManifest,
  type SubmitOptions,
  type SubmitResult,
} from './submission.js'
export { sbomSummaryMarkdown } from './summary.js'
export { snapshotContextFromEnvironment } from './submission.js'
export { defaultSbomOutput, sbomReportField, writeSbom, type WrittenSbom } from './write.js'
