export type { Ecosystem, LockedPackage, LockfileProblem, LockfileReader, PackageGraph, PackageHash, PackageSource, ReadContext } from './package-graph.js'
export { readNpmLockfile } from './lockfiles/npm.js'
export { readPnpmLockfile } from './lockfiles/pnpm.js'
export { readYarnLockfile } from './lockfiles/yarn.js'
