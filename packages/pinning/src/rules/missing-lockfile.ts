import { makeFinding, type Finding } from '@pipeguard/policy'
import { SourceFile } from '@pipeguard/workflow'
import { findFiles } from '../files.js'
import { lockfileFor, MANIFESTS, readText } from '../lockfiles.js'
import type { OfflineRule } from '../rule.js'

export const missingLockfile: OfflineRule = {
  meta: {
    id: 'missing-lockfile',
    engine: 'pinning',
    level: 'warning',
    summary: 'A dependency manifest has no lockfile, so every install may resolve different versions',
    help: 'Commit the lockfile your package manager writes (package-lock.json, pnpm-lock.yaml, yarn.lock, poetry.lock/uv.lock, Cargo.lock, go.sum, Gemfile.lock, composer.lock) and install from it in CI.',
    options: {
      paths: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description: 'Path prefixes to skip (examples, test fixtures).',
        'x-expect': 'a list of path prefixes',
      },
    },
    examples: {
      bad: '# package.json with "dependencies" and no lockfile beside it or in the workspace root\n',
      good: '# package.json committed together with package-lock.json (or pnpm-lock.yaml / yarn.lock)\n',
    },
  },
  check({ repository }, rule) {
    const skipped = (rule.options.paths ?? []) as string[]
    const names = new Set(MANIFESTS.map((kind) => kind.name))
    const findings: Finding[] = []
    for (const path of findFiles(repository, (name) => names.has(name))) {
      if (skipped.some((prefix) => path.startsWith(prefix))) continue
      const kind = MANIFESTS.find((candidate) => path === candidate.name || path.endsWith(`/${candidate.name}`))!
      const text = readText(repository.root, path)
      if (text === undefined) continue
      const at = kind.dependencies(text)
      if (at === undefined || lockfileFor(repository.root, path, kind) !== undefined) continue
      const file = new SourceFile(path, text)
      findings.push(
        makeFinding({
          ruleId: 'missing-lockfile',
          level: rule.level,
          message: `${path} declares dependencies but no lockfile (${kind.lockfiles.join(', ')}) is committed beside it or in a folder above it, so each install may get different versions; commit the lockfile`,
          path,
          span: file.span(at, at + 1),
          snippet: `${kind.name} without lockfile`,
        }),
      )
    }
    return findings
  },
}
