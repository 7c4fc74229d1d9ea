import type { Repository } from '@pipeguard/workflow'

/** A path inside a vendored or built folder: not the repository's own pipeline (discovery already skips `.git` and `node_modules`). */
const SKIPPED_PATH = /(?:^|\/)(?:vendor|\.venv|target|dist)\//

const listings = new WeakMap<Repository, string[]>()

/**
 * Files below the repository's root whose name passes `accept`, as `/`-separated relative paths, sorted; symlinks
 * are not followed. One walk of the tree serves every rule that runs over the same repository model.
 */
export function findFiles(repository: Repository, accept: (name: string) => boolean): string[] {
  let files = listings.get(repository)
  if (files === undefined) {
    // the model's discovery already walked the tree: its listing serves every rule
    files = repository.files.filter((path) => !SKIPPED_PATH.test(path))
    listings.set(repository, files)
  }
  return files.filter((path) => accept(path.slice(path.lastIndexOf('/') + 1)))
}

export function isDockerfile(name: string): boolean {
  return name === 'Dockerfile' || name === 'Containerfile' || /^Dockerfile\.[\w.-]+$/.test(name) || /\.(Dockerfile|dockerfile)$/.test(name)
}
