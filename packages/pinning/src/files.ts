import type { Repository } from '@pipeguard/workflow'

/** A path inside a vendored or built folder: not the repository's own pipeline (discovery already skips `.git` and `node_modules`). */
const SKIPPED_PATH = /(?:^|\/)(?:vendor|\.venv|target|dist)\//

/**
 * Files below the repository's root whose name passes `accept`, as `/`-separated relative paths, sorted; symlinks
 * are not followed. The model's discovery already walked the tree: its listing serves every rule.
 */
export function findFiles(repository: Repository, accept: (name: string) => boolean): string[] {
  // the name first: it rejects nearly every path, and costs no regex
  return repository.files.filter((path) => accept(path.slice(path.lastIndexOf('/') + 1)) && !SKIPPED_PATH.test(path))
}

export function isDockerfile(name: string): boolean {
  if (name === 'Dockerfile' || name === 'Containerfile') return true
  return name.includes('ockerfile') && (/^Dockerfile\.[\w.-]+$/.test(name) || /\.(Dockerfile|dockerfile)$/.test(name))
}
