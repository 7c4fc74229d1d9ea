import { isAbsolute, relative, resolve } from 'node:path'
import { readChoiceInput, runAction } from '@pipeguard/action-kit'
import { InputError, type Finding } from '@pipeguard/policy'
import { VERSION } from '@pipeguard/report'
import {
  buildSnapshot,
  defaultSbomOutput,
  generateSbom,
  sbomReportField,
  sbomRules,
  sbomSummaryMarkdown,
  snapshotContextFromEnvironment,
  SubmissionError,
  submitSnapshot,
  timestampFromEnvironment,
  writeSbom,
} from '@pipeguard/sbom'
import { readRepository, workflowRules, type Repository } from '@pipeguard/workflow'

await runAction({
  name: 'sbom',
  command: 'sbom',
  rules: [...workflowRules, ...sbomRules],
  async run({ root, policy, token, input, booleanInput }) {
    const bomFormat = readChoiceInput('bom-format', ['json', 'xml'] as const, 'json')
    const specVersion = readChoiceInput('spec-version', ['1.4', '1.5', '1.6', '1.7'] as const, '1.6')
    const perProject = booleanInput('per-project', false)
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
    const outputInput = input('output') || defaultSbomOutput(bomFormat, perProject)
    const output = isAbsolute(outputInput) ? outputInput : resolve(workspace, outputInput)
    // The workflow model (and its invalid-workflow findings) only when the tree has workflow or action files, as
    // the engine asks for it then.
    let workflowFindings: Finding[] = []
    const repository = (): Repository => {
      const read = readRepository(root, policy)
      workflowFindings = read.findings
      return read.repository
    }
    const result = await generateSbom(root, policy, {
      specVersion,
      bomFormat,
      includeDev: booleanInput('include-dev', true),
      perProject,
      timestamp: timestampFromEnvironment(process.env),
      toolVersion: VERSION,
      repository,
    })
    const written = writeSbom(result, output, perProject)
    const field = sbomReportField(result, written, output, perProject)
    const outputs: Record<string, string> = { 'sbom-file': output, 'component-count': String(field.components) }
    if (booleanInput('submit', false)) {
      if (token === undefined) throw new InputError("input 'submit: true' needs a token (the 'token' input or GITHUB_TOKEN)")
      const context = snapshotContextFromEnvironment(process.env, VERSION)
      if (typeof context === 'string') throw new InputError(`input 'submit: true' runs only in GitHub Actions: ${context}`)
      // Manifest paths are relative to the repository root, where GitHub shows them.
      const prefix = relative(workspace, root).split('\\').join('/')
      const graphs = result.graphs.map((graph) => ({ ...graph, lockfile: prefix === '' ? graph.lockfile : `${prefix}/${graph.lockfile}` }))
      try {
        const answer = await submitSnapshot(buildSnapshot(graphs, context), {
          apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
          token,
          repository: process.env.GITHUB_REPOSITORY!,
        })
        if (answer.id !== undefined) outputs['snapshot-id'] = String(answer.id)
      } catch (error) {
        if (error instanceof SubmissionError) throw new InputError(error.message)
        throw error
      }
    }
    return {
      findings: [...workflowFindings, ...result.findings],
      extra: { sbom: field },
      outputs,
      summary: sbomSummaryMarkdown(
        result,
        written.map((document) => relative(workspace, document.file).split('\\').join('/')),
      ),
    }
  },
})
