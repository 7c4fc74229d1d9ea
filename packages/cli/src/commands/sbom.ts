import { InputError, type Finding } from '@pipeguard/policy'
import { VERSION } from '@pipeguard/report'
import {
  defaultSbomOutput,
  generateSbom,
  sbomReportField,
  SPEC_VERSIONS,
  timestampFromEnvironment,
  writeSbom,
  type BomFormat,
  type SpecVersion,
} from '@pipeguard/sbom/generate'
import type { Command } from '../command.js'

const FORMATS: readonly BomFormat[] = ['json', 'xml']

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
    const output = (context.flags.output as string | undefined) ?? defaultSbomOutput(bomFormat as BomFormat, perProject)
    // The workflow model (and its invalid-workflow findings) only when the tree has workflow or action files: the
    // engine calls this then, so an SBOM of a tree without any never loads the workflow package.
    let findings: Finding[] = []
    const repository = async () => {
      const read = (await import('@pipeguard/workflow')).readRepository(context.root, context.policy)
      findings = read.findings
      return read.repository
    }
    const result = await generateSbom(context.root, context.policy, {
      specVersion: specVersion as SpecVersion,
      bomFormat: bomFormat as BomFormat,
      includeDev: context.flags['exclude-dev'] !== true,
      perProject,
      timestamp: timestampFromEnvironment(process.env),
      toolVersion: VERSION,
      repository,
    })
    const written = writeSbom(result, output, perProject)
    const field = sbomReportField(result, written, output, perProject)
    const counts = Object.entries(field.ecosystems as Record<string, number>)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ')
    const lines = written.map((document) => `wrote ${document.file}: ${document.components} components`)
    return {
      findings: [...findings, ...result.findings],
      extra: { sbom: field },
      text: `${lines.join('\n')}\nCycloneDX ${result.specVersion} ${result.format.toUpperCase()}, ${String(field.components)} components${counts === '' ? '' : ` (${counts})`}\n`,
    }
  },
}
