import { existsSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { isInsideRoot } from '@pipeguard/workflow'

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
      if (
        value !== null &&
        typeof value === 'object' &&
        Object.keys(value).some((name) => key !== 'require' || (name !== 'php' && !name.startsWith('ext-')))
      ) {
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
      if (poetry !== undefined && Object.keys(poetry).some((name) => name !== 'python'))
        return tomlTable(text, /^\[tool\.poetry\.dependencies\]/m) ?? 0
      return undefined
    },
  },
  {
    name: 'Cargo.toml',
    lockfiles: ['Cargo.lock'],
    dependencies: (text) =>
      tomlTable(
        text,
        /^\[(dependencies|dev-dependencies|build-dependencies|workspace\.dependencies)\][ \t]*\r?\n[ \t]*[A-Za-z0-9_-]+\s*=/m,
      ),
  },
  { name: 'go.mod', lockfiles: ['go.sum'], dependencies: (text) => tomlTable(text, /^require\b/m) },
  { name: 'Gemfile', lockfiles: ['Gemfile.lock', 'gems.locked'], dependencies: (text) => tomlTable(text, /^\s*gem\s+['"]/m) },
  { name: 'composer.json', lockfiles: ['composer.lock'], dependencies: jsonDependencies(['require', 'require-dev']) },
]

/**
 * The lockfile beside the manifest, or in a folder above it that declares the manifest's folder a workspace member
 * (npm/yarn `workspaces`, pnpm-workspace.yaml, Cargo `[workspace] members`, uv `[tool.uv.workspace] members`, go.work).
 */
export function lockfileFor(root: string, manifestPath: string, kind: ManifestKind): string | undefined {
  const own = posix.dirname(manifestPath)
  let folder = own
  for (;;) {
    if (folder === own || isWorkspaceMember(root, folder, posix.relative(folder === '.' ? '' : folder, own), kind)) {
      for (const lockfile of kind.lockfiles) {
        const candidate = folder === '.' ? lockfile : `${folder}/${lockfile}`
        if (existsSync(join(root, candidate))) return candidate
      }
    }
    if (folder === '.' || folder === '') return undefined
    folder = posix.dirname(folder)
  }
}

function isWorkspaceMember(root: string, folder: string, member: string, kind: ManifestKind): boolean {
  const at = (name: string): string | undefined => readText(root, folder === '.' ? name : `${folder}/${name}`)
  const patterns: string[] = []
  const quoted = (text: string): string[] => [...text.matchAll(/["']([^"']+)["']/g)].map((match) => match[1]!)
  if (kind.name === 'package.json') {
    const manifest = at('package.json')
    try {
      const workspaces = manifest === undefined ? undefined : (JSON.parse(manifest) as { workspaces?: unknown }).workspaces
      const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages
      if (Array.isArray(list)) patterns.push(...list.filter((item): item is string => typeof item === 'string'))
    } catch {
      // an unreadable root manifest declares no workspace
    }
    const pnpm = at('pnpm-workspace.yaml')
    const block = pnpm === undefined ? undefined : /^packages:[ \t]*\r?\n((?:[ \t]+.*\r?\n?|[ \t]*\r?\n)*)/m.exec(pnpm)?.[1]
    if (block !== undefined)
      patterns.push(...block.split('\n').flatMap((line) => /^\s*-\s*(.+?)\s*(#.*)?$/.exec(line)?.[1]?.replace(/^["']|["']$/g, '') ?? []))
  } else if (kind.name === 'Cargo.toml' || kind.name === 'pyproject.toml') {
    const manifest = at(kind.name)
    const section =
      manifest === undefined ? undefined : /^\[(?:workspace|tool\.uv\.workspace)\][^[]*?members\s*=\s*\[([^\]]*)\]/m.exec(manifest)
    if (section) patterns.push(...quoted(section[1]!))
  } else if (kind.name === 'go.mod') {
    const work = at('go.work')
    if (work !== undefined) patterns.push(...[...work.matchAll(/^\s*(?:use\s+)?(\.[^\s()]*)\s*$/gm)].map((match) => match[1]!))
  }
  return patterns.some((pattern) => !pattern.startsWith('!') && globToRegExp(pattern.replace(/^\.\//, '').replace(/\/+$/, '')).test(member))
}

/** A workspace glob as a RegExp over `/`-separated paths: `**` matches any number of folders, zero included. */
function globToRegExp(glob: string): RegExp {
  const parts = glob.split('/')
  let body = ''
  parts.forEach((part, index) => {
    const last = index === parts.length - 1
    if (part === '**') body += last ? (index === 0 ? '.*' : '(/.*)?') : index === 0 ? '(.*/)?' : '(/.*)?/'
    else
      body +=
        (index === 0 || parts[index - 1] === '**' ? '' : '/') +
        part
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')
  })
  return new RegExp(`^${body === '.' ? '' : body}$`)
}

/** The text of a file below the root, or undefined when it is absent or a link leads out of the root (not read). */
export function readText(root: string, path: string): string | undefined {
  const absolute = join(root, path)
  if (!isInsideRoot(root, absolute)) return undefined
  try {
    return readFileSync(absolute, 'utf8')
  } catch {
    return undefined
  }
}
