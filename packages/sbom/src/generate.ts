/**
 * `@pipeguard/sbom/generate`: what a command that writes SBOMs needs, without the package root's re-exports of
 * every lockfile reader and of the dependency-submission client, so that `pipeguard sbom` loads only the readers
 * of the lockfiles it finds.
 */
export { SPEC_VERSIONS, type BomFormat, type SpecVersion } from './bom.js'
export {
  generateSbom,
  timestampFromEnvironment,
  type RepositorySource,
  type SbomDocument,
  type SbomOptions,
  type SbomResult,
} from './engine.js'
export { defaultSbomOutput, sbomReportField, writeSbom, type WrittenSbom } from './write.js'
