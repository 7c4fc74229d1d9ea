import { isAbsolute, resolve } from 'node:path'
import * as core from '@actions/core'
import {
  finalizeFindings,
  InputError,
  loadPolicy,
  readBaseline,
  writeFileAtomic,
  type FailOn,
  type Finding,
  type Policy,
  type RuleMeta,
} from '@pipeguard/policy'
import { buildReport, renderReport, renderSarif, renderSummary, type Report } from '@pipeguard/report'
import { changedFiles } from './changed-files.js'
import { readBooleanInput, readChoiceInput, readInput } from './inputs.js'

export interface ActionContext {
  /** The scanned directory: the `path` input below GITHUB_WORKSPACE. */
  root: string
  policy: Policy
  /** The GitHub token (already registered as a secret), or undefined. */
  token: string | undefined
  input(name: string): string
  booleanInput(name: string, fallback: boolean): boolean
}

export interface ActionResult {
  findings: Finding[]
  /** Top-level report fields beside DESIGN's. */
  extra?: Record<string, unknown>
  /** Step outputs beside the common ones. */
  outputs?: Record<string, string>
  /** Markdown added to the job summary after the findings. */
  summary?: string
  /** For verdict actions: false fails the step whatever the findings. */
  verdict?: boolean
}

export interface ActionSpec {
  /** The action's folder name, e.g. `workflow-governance`. */
  name: string
  /** The report's `command` (the CLI command of the same engine). */
  command: string
  /** Rule metadata for annotations titles and SARIF. */
  rules: readonly RuleMeta[]
  run(context: ActionContext): Promise<ActionResult>
}

const FORMATS = ['github', 'text', 'json', 'sarif'] as const
const FAIL_ON = ['error', 'warning', 'note', 'never'] as const

/**
 * The shell of every pipeguard action: read inputs, load the policy, run the engine, report (annotations, log,
 * job summary, optional SARIF file), set outputs, and fail the step per `fail-on`. Returns the report.
 */
export async function runAction(spec: ActionSpec, env: NodeJS.ProcessEnv = process.env): Promise<Report | undefined> {
  try {
    const token = readInput('token', env) || env.GITHUB_TOKEN || undefined
    if (token !== undefined) core.setSecret(token)
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd()
    const pathInput = readInput('path', env) || '.'
    const root = isAbsolute(pathInput) ? pathInput : resolve(workspace, pathInput)
    const format = readChoiceInput('format', FORMATS, 'github', env)
    const failOnInput = readInput('fail-on', env)
    if (failOnInput !== '' && !(FAIL_ON as readonly string[]).includes(failOnInput)) {
      throw new InputError(`input 'fail-on' must be one of ${FAIL_ON.join(', ')}, got '${failOnInput}'`)
    }
    const policyInput = readInput('policy', env)
    const policy = await loadPolicy({ root, file: policyInput === '' ? undefined : resolve(workspace, policyInput) })
    if (failOnInput !== '') policy.failOn = failOnInput as FailOn
    const baselineInput = readInput('baseline', env)
    const baseline = baselineInput === '' ? undefined : readBaseline(resolve(workspace, baselineInput))

    const result = await spec.run({
      root,
      policy,
      token,
      input: (name) => readInput(name, env),
      booleanInput: (name, fallback) => readBooleanInput(name, fallback, env),
    })
    let findings = result.findings
    if (readBooleanInput('only-changed', false, env)) {
      const changed = await changedFiles(root, env)
      if (changed === undefined) core.warning('only-changed: could not determine the changed files; reporting every finding')
      else findings = findings.filter((finding) => finding.path === '' || changed.has(finding.path))
    }
    const outcome = finalizeFindings(findings, { root, policy, baseline })
    const passed = outcome.passed && result.verdict !== false
    const report = buildReport({ command: spec.command, passed, summary: outcome.summary, findings: outcome.findings, extra: result.extra })

    if (format === 'github') {
      for (const finding of report.findings) annotate(finding, spec.rules)
    } else {
      core.info(renderReport(report, format, { rules: spec.rules, root, color: false }))
    }
    const sarifInput = readInput('sarif-file', env)
    if (sarifInput !== '') {
      const sarifPath = resolve(workspace, sarifInput)
      writeFileAtomic(sarifPath, renderSarif(report, spec.rules))
      core.setOutput('sarif-file', sarifPath)
    }
    core.setOutput('findings', String(report.findings.length))
    core.setOutput('errors', String(outcome.summary.error))
    core.setOutput('warnings', String(outcome.summary.warning))
    core.setOutput('notes', String(outcome.summary.note))
    core.setOutput('passed', String(passed))
    for (const [name, value] of Object.entries(result.outputs ?? {})) core.setOutput(name, value)
    if (env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(renderSummary(report, `pipeguard ${spec.name}`) + (result.summary ?? '')).write()
    }
    if (!passed) {
      const { error, warning, note } = outcome.summary
      core.setFailed(
        `pipeguard ${spec.name} failed: ${error} error(s), ${warning} warning(s), ${note} note(s) at or above fail-on '${policy.failOn}'`,
      )
    }
    return report
  } catch (error) {
    if (error instanceof InputError) core.setFailed(`pipeguard ${spec.name}: ${error.describe()}`)
    else core.setFailed(`pipeguard ${spec.name}: internal error: ${(error as Error).message}`)
    return undefined
  }
}

function annotate(finding: Finding, rules: readonly RuleMeta[]): void {
  const meta = rules.find((rule) => rule.id === finding.ruleId)
  const properties: core.AnnotationProperties = { title: `pipeguard ${finding.ruleId}${meta ? `: ${meta.summary}` : ''}` }
  if (finding.path !== '') {
    properties.file = finding.path
    properties.startLine = finding.line
    properties.endLine = finding.endLine
    // The runner accepts columns only on single-line annotations.
    if (finding.endLine === finding.line) {
      properties.startColumn = finding.column
      properties.endColumn = finding.endColumn
    }
  }
  if (finding.level === 'error') core.error(finding.message, properties)
  else if (finding.level === 'warning') core.warning(finding.message, properties)
  else core.notice(finding.message, properties)
}
