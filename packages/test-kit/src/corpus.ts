import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe } from '@jest/globals'
import { repositoryRoot } from './repository-root.js'

/** The shared corpus: `PIPEGUARD_CORPUS`, else `../shared/corpus` beside the checkout; undefined when absent. */
export function corpusDir(): string | undefined {
  const configured = process.env.PIPEGUARD_CORPUS
  const folder = configured !== undefined && configured !== '' ? resolve(configured) : join(repositoryRoot(), '..', 'shared', 'corpus')
  return existsSync(folder) ? folder : undefined
}

/** A path inside the corpus; throws when the corpus is absent (use describeCorpus to skip). */
export function corpusPath(...segments: string[]): string {
  const folder = corpusDir()
  if (folder === undefined) throw new Error('the shared corpus is absent')
  return join(folder, ...segments)
}

/** `describe` when the corpus is present; otherwise skips the block and says why, once. */
export function describeCorpus(name: string, body: () => void): void {
  if (corpusDir() !== undefined) {
    describe(name, body)
    return
  }
  console.log(`skipped "${name}": the shared corpus is absent (set PIPEGUARD_CORPUS or put it at ../shared/corpus)`)
  describe.skip(name, body)
}

/** Rows of a corpus MANIFEST.tsv as objects keyed by the header. */
export function readManifest(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trimEnd().split('\n')
  const columns = header!.split('\t')
  return rows.map((row) => Object.fromEntries(row.split('\t').map((value, index) => [columns[index] ?? String(index), value])))
}
