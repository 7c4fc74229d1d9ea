import { existsSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { parse as parseToml } from 'smol-toml'

/** A manifest that declares dependencies, the lockfiles that would lock it, and where the dependencies are declared. */
export interface ManifestKind {
  name: string
  lockfiles: string[]
  /** Offset of the first dependency declaration, or undefined when the manifest declares none. */
  dependencies(text: string): number | undefined
}

const tomlTable = (text: string, header: RegExp): number | undefined => {
  const match = header.exec(text)
  return match === null ? undefined : match.index
}

function jsonDependencies(keys: string[]) {
  return (text: string): number | undefined => {
    let body: Record<string, unknown>
    try {
      body = JSON.parse(text) as Record<string, unknown>
    } catch {
      return undefined
    }
    for (const key of keys) {
      const value = body[key]
      if (value !== null && typeof value === 'object' && Object.keys(value).some((name) => key !== 'require' || (name !== 'php' && !name.startsWith('ext-')))) {
        const at = text.indexOf(`"${key}"`)
        return at === -1 ? 0 : at
      }
    }
    return undefined
  }
}

export const MANIFESTS: readonly ManifestKind[] = [
  {
    name: 'package.json',
    lockfiles: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'],
    dependencies: jsonDependencies(['dependencies', 'devDependencies', 'optionalDependencies']),
  },
  {
    name: 'pyproject.toml',
    lockfiles: ['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml', 'Pipfile.lock'],
    dependencies(text) {
      let body: Record<string, unknown>
      try {
        body = parseToml(text) as Record<string, unknown>
      } catch {
        return undefined
      }
      const project = body.project as { dependencies?: unknown[] } | undefined
      const poetry = (body.tool as { poetry?: { dependencies?: Record<string, unknown> } } | undefined)?.poetry?.dependencies
      if (Array.isArray(project?.dependencies) && project.dependencies.length > 0) return tomlTable(text, /^dependencies\s*=/m) ?? 0
      if (poetry !== undefined && Object.keys(poetry).some((name) => name !== 'python')) return tomlTable(text, /^\[tool\.poetry\.dependencies\]/m) ?? 0
      return undefined
    },
  },
  { name: 'Cargo.toml', lockfiles: ['Cargo.lock'], dependencies: (text) => tomlTable(text, /^\[(dependencies|dev-dependencies|build-dependencies|workspace\.dependencies)\][ \t]*\r?\n[ \t]*[A-Za-z0-9_-]+\s*=/m) },
  { name: 'go.mod', lockfiles: ['go.sum'], dependencies: (text) => tomlTable(text, /^require\b/m) },
  { name: 'Gemfile', lockfiles: ['Gemfile.lock', 'gems.locked'], dependencies: (text) => tomlTable(text, /^\s*gem\s+['"]/m) },
  { name: 'composer.json', lockfiles: ['composer.lock'], dependencies: jsonDependencies(['require', 'require-dev']) },
]

/** The lockfile beside the manifest or in a folder above it (a workspace root), up to the scanned root. */
export function lockfileFor(root: string, manifestPath: string, kind: ManifestKind): string | undefined {
  let folder = posix.dirname(manifestPath)
  for (;;) {
    for (const lockfile of kind.lockfiles) {
      const candidate = folder === '.' ? lockfile : `${folder}/${lockfile}`
      if (existsSync(join(root, candidate))) return candidate
    }
    if (folder === '.' || folder === '') return undefined
    folder = posix.dirname(folder)
  }
}

export function readText(root: string, path: string): string | undefined {
  try {
    return readFileSync(join(root, path), 'utf8')
  } catch {
    return undefined
  }
}

