import type { RuleMeta } from '@pipeguard/policy'

export const lockfileInvalidRule: RuleMeta = {
  id: 'sbom-lockfile-invalid',
  engine: 'sbom',
  level: 'error',
  summary: 'A lockfile cannot be read, so its packages are missing from the SBOM',
  help: 'Regenerate the lockfile with its package manager (npm install, pnpm install, yarn, poetry lock, uv lock, cargo generate-lockfile, ...) and commit it unedited.',
  examples: {
    bad: '{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n',
    good: '{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {}\n}\n',
  },
}

export const lockfileUnsupportedRule: RuleMeta = {
  id: 'sbom-lockfile-unsupported',
  engine: 'sbom',
  level: 'error',
  summary: 'A lockfile format or version pipeguard cannot read, so its packages are missing from the SBOM',
  help: 'Upgrade the lockfile (npm 7+ writes lockfileVersion 2/3, pnpm 7+ writes 5.4/6/9), or commit a lockfile for a manifest that has none (pom.xml: use Gradle dependency locking or the CycloneDX Maven plugin).',
  examples: {
    bad: "lockfileVersion: '4.0'\n",
    good: "lockfileVersion: '9.0'\n",
  },
}

export const unpinnedRequirementRule: RuleMeta = {
  id: 'sbom-unpinned-requirement',
  engine: 'sbom',
  level: 'warning',
  summary: 'A requirement is not pinned to one version, so the SBOM cannot name what gets installed',
  help: 'Pin every requirement to an exact version, ideally with hashes: pip-compile --generate-hashes, or uv pip compile --generate-hashes.',
  examples: {
    bad: 'requests>=2.31\n',
    good: 'requests==2.32.3 \\\n    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n',
  },
}

export const danglingDependencyRule: RuleMeta = {
  id: 'sbom-dangling-dependency',
  engine: 'sbom',
  level: 'warning',
  summary: 'A lockfile entry depends on a package the lockfile does not contain',
  help: "The lockfile is out of date or was edited by hand: run the package manager's install to repair it. The SBOM leaves the edge out rather than pointing at a component that does not exist.",
  examples: {
    bad: 'a@1.0.0:\n  version "1.0.0"\n  dependencies:\n    b "^2.0.0"\n',
    good: 'a@1.0.0:\n  version "1.0.0"\n  dependencies:\n    b "^2.0.0"\n\nb@^2.0.0:\n  version "2.1.0"\n',
  },
}

/** Every rule of the sbom engine. */
export const sbomRules: readonly RuleMeta[] = [
  lockfileInvalidRule,
  lockfileUnsupportedRule,
  unpinnedRequirementRule,
  danglingDependencyRule,
]
