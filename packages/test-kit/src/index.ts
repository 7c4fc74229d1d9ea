export { corpusDir, corpusPath, describeCorpus, readManifest } from './corpus.js'
export { cliPath, repositoryRoot } from './repository-root.js'
export { runBundledAction, type ActionRun } from './run-bundled-action.js'
export { runProcess, type ProcessResult, type RunOptions } from './run-process.js'
export { tempRepository, type TempRepository } from './temp-repository.js'
export {
  defaultFakeWorld,
  fakeSha,
  startFakeGitHub,
  type FakeAnnotatedTag,
  type FakeFault,
  type FakeGitHub,
  type FakeRepository,
  type FakeRequest,
  type FakeWorld,
} from './fake-github.js'
export { generateRefNames, gitCheckRefFormat, type GitVerdict, type RefNameOptions } from './ref-names.js'
export { startFakeDependencySubmission, type FakeDependencySubmission, type ReceivedSnapshot } from './fake-dependency-submission.js'
