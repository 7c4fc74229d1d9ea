import type { SbomResult } from './engine.js'

/** The job-summary section: one row per BOM with its component count per ecosystem. */
export function sbomSummaryMarkdown(result: SbomResult, files: readonly string[]): string {
  const ecosystems = [...new Set(result.documents.flatMap((document) => Object.keys(document.ecosystems)))].sort()
  const header = `| SBOM | components | ${ecosystems.join(' | ')} |\n|---|---:|${ecosystems.map(() => '---:|').join('')}\n`
  const rows = result.documents
    .map(
      (document, index) =>
        `| \`${files[index] ?? document.project}\` | ${document.components} | ${ecosystems.map((name) => String(document.ecosystems[name as keyof typeof document.ecosystems] ?? 0)).join(' | ')} |\n`,
    )
    .join('')
  const lockfiles = result.graphs.map((graph) => `\`${graph.lockfile}\` (${graph.format})`).join(', ')
  return `\n### SBOM\n\nCycloneDX ${result.specVersion} ${result.format.toUpperCase()}, validated against the official schema.\n\n${header}${rows}\nRead from: ${lockfiles === '' ? 'no lockfile found' : lockfiles}\n`
}
