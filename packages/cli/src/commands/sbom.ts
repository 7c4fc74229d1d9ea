import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { InputError, writeFileAtomic } from '@pipeguard/policy'
import { VERSION } from '@pipeguard/report'
import { generateSbom, SPEC_VERSIONS, timestampFromEnvironment, type BomFormat, type SbomDocument, type SpecVersion } from '@pipeguard/sbom'
import type { Command } from '../command.js'
import { readRepository } from '../repository.js'

const FORMATS: readonly BomFormat[] = ['json', 'xml']

/** `sbom.cdx.json` for the root project, `sbom/<folder with __>.cdx.json` per project. */
function fileFor(document: SbomDocument, output: string, perProject: boolean, format: BomFormat): string {
  if (!perProject) return output
  const name = document.project === '.' ? 'root' : document.project.replaceAll('/', '__')
  return join(output, `${name}.cdx.${format}`)
}

export const sbomCommand: Command = {
  name: 'sbom',
  summary: 'CycloneDX SBOM from the lockfiles and workflows below dir (no network, no package manager)',
  usage: 'sbom [dir] [--output FILE] [--bom-format json|xml] [--spec-version 1.6] [--exclude-dev] [--per-project]',
  positionals: 'dir',
  flags: {
    'bom-format': { type: 'string', value: 'FORMAT', description: 'json (default) or xml' },
    'spec-version': { type: 'string', value: 'VERSION', description: `CycloneDX version: ${SPEC_VERSIONS.join(', ')} (default 1.6)` },
    'exclude-dev': { type: 'boolean', description: 'leave out dev-only dependencies (default: keep them with scope "excluded")' },
    'per-project': { type: 'boolean', description: 'one BOM per folder holding a lockfile; --output is then a directory (default sbom/)' },
  },
  async run(context) {
    const bomFormat = (context.flags['bom-format'] as string | undefined) ?? 'json'
    if (!FORMATS.includes(bomFormat as BomFormat)) throw new InputError(`--bom-format must be json or xml, got '${bomFormat}'`)
    const specVersion = (context.flags['spec-version'] as string | undefined) ?? '1.6'
    if (!SPEC_VERSIONS.includes(specVersion as SpecVersion)) {
      throw new InputError(`--spec-version must be one of ${SPEC_VERSIONS.join(', ')}, got '${specVersion}'`)
    }
    const perProject = context.flags['per-project'] === true
    const output = (context.flags.output as string | undefined) ?? (perProject ? 'sbom' : `sbom.cdx.${bomFormat}`)
    const { repository, findings } = readRepository(context.root, context.policy)
    const result = await generateSbom(context.root, context.policy, {
      specVersion: specVersion as SpecVersion,
      bomFormat: bomFormat as BomFormat,
      includeDev: context.flags['exclude-dev'] !== true,
      perProject,
      timestamp: timestampFromEnvironment(process.env),
      toolVersion: VERSION,
      repository,
    })
    const written = result.documents.map((document) => {
      const file = fileFor(document, output, perProject, result.format)
      try {
        mkdirSync(dirname(file), { recursive: true })
        writeFileAtomic(file, document.text)
      } catch (error) {
        throw new InputError(`cannot write the SBOM to ${file}: ${(error as Error).message}`)
      }
      return { file, project: document.project, components: document.components, ecosystems: document.ecosystems }
    })
    const ecosystems: Record<string, number> = {}
    for (const document of written) for (const [name, count] of Object.entries(document.ecosystems)) ecosystems[name] = (ecosystems[name] ?? 0) + (count ?? 0)
    const components = written.reduce((sum, document) => sum + document.components, 0)
    const counts = Object.entries(ecosystems).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, count]) => `${name} ${count}`).join(', ')
    const lines = written.map((document) => `wrote ${document.file}: ${document.components} components`)
    return {
      findings: [...findings, ...result.findings],
      extra: {
        sbom: {
          file: perProject ? output : written[0]!.file,
          format: result.format,
          specVersion: result.specVersion,
          components,
          ecosystems,
          ...(perProject ? { documents: written } : {}),
        },
      },
      text: `${lines.join('\n')}\nCycloneDX ${result.specVersion} ${result.format.toUpperCase()}, ${components} components${counts === '' ? '' : ` (${counts})`}\n`,
    }
  },
}
