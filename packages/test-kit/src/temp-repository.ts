import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface TempRepository {
  root: string
  /** Writes a file below the root, creating folders. */
  write(path: string, content: string | Uint8Array): string
  /** Creates a symbolic link at `path` pointing to `target` (verbatim). */
  link(path: string, target: string): void
  remove(): void
}

/** A throw-away repository folder with the given files, for tests that read real files. */
export function tempRepository(files: Record<string, string | Uint8Array> = {}): TempRepository {
  const root = mkdtempSync(join(tmpdir(), 'pipeguard-test-'))
  const repository: TempRepository = {
    root,
    write(path, content) {
      const full = join(root, path)
      mkdirSync(dirname(full), { recursive: true })
      writeFileSync(full, content)
      return full
    },
    link(path, target) {
      const full = join(root, path)
      mkdirSync(dirname(full), { recursive: true })
      symlinkSync(target, full)
    },
    remove() {
      rmSync(root, { recursive: true, force: true })
    },
  }
  for (const [path, content] of Object.entries(files)) repository.write(path, content)
  return repository
}
