/** One jest run over every package and the end-to-end tests; TypeScript is transpiled by ts-jest as ESM. */
const packages = [
  'policy',
  'workflow',
  'report',
  'github',
  'governance',
  'audit',
  'pinning',
  'refname',
  'sbom',
  'action-kit',
  'cli',
  'test-kit',
]

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/actions', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: {
    ...Object.fromEntries(packages.map((name) => [`^@pipeguard/${name}$`, `<rootDir>/packages/${name}/src/index.ts`])),
    // Subpath exports (`@pipeguard/workflow/uses`, `@pipeguard/sbom/generate`): the source module of the same name.
    '^@pipeguard/([a-z-]+)/([a-z-]+)$': '<rootDir>/packages/$1/src/$2.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  testTimeout: 60000,
  globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
}
