import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { InputError, writeFileAtomic } from '@pipeguard/policy'
import type { SbomResult } from './engine.js'
import type { Ecosystem } from './package-graph.js'

export interface WrittenSbom {
  file: string
  project: string
  components: number
  ecosystems: Partial<Record<Ecosystem, number>>
}

/** The default output: `sbom.cdx.json` (or .xml), or the folder `sbom` with one file per project. */
export function defaultSbomOutput(format: 'json' | 'xml', perProject: boolean): string {
  return perProject ? 'sbom' : `sbom.cdx.${format}`
}

/**
 * Writes each BOM atomically: to `output`, or with per-project to `output/<folder with __>.cdx.<format>` (`root`
 * for the top folder). A file that cannot be written is the user's input error (a bad --output).
 */
export function writeSbom(result: SbomResult, output: string, perProject: boolean): WrittenSbom[] {
  return result.documents.map((document) => {
    const file = perProject
      ? join(output, `${document.project === '.' ? 'root' : document.project.replaceAll('/', '__')}.cdx.${result.format}`)
      : output
    try {
      mkdirSync(dirname(file), { recursive: true })
      writeFileAtomic(file, document.text)
    } catch (error) {
      throw new InputError(`cannot write the SBOM to ${file}: ${(error as Error).message}`)
    }
    return { file, project: document.project, components: document.components, ecosystems: document.ecosystems }
  })
}

/** DESIGN's `sbom` report field for what was written. */
export function sbomReportField(
  result: SbomResult,
  written: readonly WrittenSbom[],
  output: string,
  perProject: boolean,
): Record<string, unknown> {
  const ecosystems: Record<string, number> = {}
  for (const document of written)
    for (const [name, count] of Object.entries(document.ecosystems)) ecosystems[name] = (ecosystems[name] ?? 0) + (count ?? 0)
  return {
    file: perProject ? output : (written[0]?.file ?? output),
    format: result.format,
    specVersion: result.specVersion,
    components: written.reduce((sum, document) => sum + document.components, 0),
    ecosystems: Object.fromEntries(Object.entries(ecosystems).sort(([a], [b]) => (a < b ? -1 : 1))),
    ...(perProject ? { documents: written } : {}),
  }
}
