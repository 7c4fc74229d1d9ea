import { scalarOf, type Job, type Step, repositorySlug } from '@pipeguard/workflow'
import { gateBefore, stepGuard, type Guard } from './guards.js'
import { TRUSTED_STEP_ACTIONS } from './known-actions.js'
import type { AuditUnit } from './rule.js'
import { jobSteps } from './steps.js'

/** Expressions that name the pull request's (or triggering run's) head: code the base repository did not review. */
const UNTRUSTED_REF =
  /github\.event\.pull_request\.head\.(sha|ref)|github\.event\.pull_request\.merge_commit_sha|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch)|github\.event\.workflow_run\.head_commit\.id|github\.event\.pull_request\.head\.repo\.full_name|github\.event\.workflow_run\.head_repository\.full_name|refs\/pull\/|github\.event\.number|github\.event\.pull_request\.number|github\.event\.issue\.number|steps\.[\w-]+\.outputs\.(head|pr|sha|ref)[\w-]*/i

/** Shell commands that fetch or check out pull request code. */
const SHELL_CHECKOUT =
  /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|pull)\b[^\n]*\b(pull\/|refs\/pull|head_ref|HEAD_REF|PR_|pr_|\$\{\{)|\bgit\s+(checkout|switch)\b[^\n]*\$\{\{\s*github\.(event\.pull_request\.head|head_ref|event\.workflow_run\.head)/

export interface UntrustedCheckout {
  step: Step
  /** Position among the job's steps. */
  position: number
  /** The input or command that makes it untrusted, for messages. */
  why: string
  /** The folder it checks out into (`with: path:`), when not the workspace itself. */
  folder: string | undefined
  /** What the job's and step's `if:` guarantee about who triggers it. */
  guard: Guard | undefined
}

/**
 * Steps of a job that check out code from a pull request head (actions/checkout with a head ref, gh pr checkout),
 * except where an `if:` limits them to branches of this repository or to unprivileged events.
 */
export function untrustedCheckouts(unit: AuditUnit, job: Job): UntrustedCheckout[] {
  return checkoutsOf(job)
    .map((checkout) => ({
      ...checkout,
      guard: stepGuard(unit, job, checkout.step) ?? gateBefore(jobSteps(job), checkout.position),
    }))
    .filter((checkout) => checkout.guard !== 'same-repository' && checkout.guard !== 'unprivileged-event')
}

function checkoutsOf(job: Job): Omit<UntrustedCheckout, 'guard'>[] {
  const found: Omit<UntrustedCheckout, 'guard'>[] = []
  jobSteps(job).forEach((step, position) => {
    const slug = step.uses === undefined ? undefined : repositorySlug(step.uses.ref)
    if (slug === 'actions/checkout') {
      for (const input of ['ref', 'repository']) {
        const value = scalarOf(step.with, input)
        if (value !== undefined && UNTRUSTED_REF.test(value.value)) {
          const folder = scalarOf(step.with, 'path')
            ?.value.trim()
            .replace(/^\.\/|\/+$/g, '')
          found.push({
            step,
            position,
            why: `${input}: ${value.value.trim()}`,
            folder: folder === '' || folder === '.' ? undefined : folder,
          })
          return
        }
      }
    } else if (step.run !== undefined) {
      const match = SHELL_CHECKOUT.exec(step.run.value)
      if (match !== null) found.push({ step, position, why: match[0].trim(), folder: undefined })
    }
  })
  return found
}

/** Actions known to run code from the checked-out tree (build tools, package managers, linters). */
const EXECUTING_ACTIONS =
  /^(docker\/build-push-action|gradle\/|pre-commit\/action|github\/codeql-action\/autobuild|gradle\/gradle-build-action|bahmutov\/npm-install|borales\/actions-yarn|cypress-io\/github-action|golangci\/golangci-lint-action|goreleaser\/goreleaser-action|ruby\/setup-ruby|microsoft\/setup-msbuild)/

/**
 * The first step after the checkout that runs code from it: a run: step, a local action or a build action. When
 * the code went into a subfolder (`path: pr`), only steps that work in that folder count: the others run the
 * base branch's code and may read the pull request's files as data.
 */
export function executionAfter(job: Job, checkout: Pick<UntrustedCheckout, 'position' | 'folder'>): Step | undefined {
  const folder = checkout.folder
  const inFolder =
    folder === undefined
      ? undefined
      : new RegExp(
          `(^|[\\s;&|(])(cd|pushd)\\s+["']?(\\./)?${escape(folder)}(/|["'\\s;&|)]|$)|(make|npm|pnpm|yarn)\\s+(-C|--prefix|--cwd|--dir)\\s+["']?(\\./)?${escape(folder)}\\b|(^|\\s)\\.?/?${escape(folder)}/[\\w./-]+\\.(sh|py|js|mjs|ts)\\b`,
          'm',
        )
  return jobSteps(job)
    .slice(checkout.position + 1)
    .find((step) => {
      if (step.run !== undefined) {
        if (inFolder === undefined) return true
        const directory = step.workingDirectory?.value.replace(/^\.\//, '')
        return inFolder.test(step.run.value) || (directory !== undefined && (directory === folder || directory.startsWith(`${folder}/`)))
      }
      const ref = step.uses?.ref
      if (ref === undefined) return false
      if (ref.kind === 'local') return folder === undefined || ref.path.startsWith(`${folder}/`)
      const slug = ref.kind === 'repository' ? `${ref.owner}/${ref.repo}${ref.path === undefined ? '' : `/${ref.path}`}`.toLowerCase() : ''
      return EXECUTING_ACTIONS.test(slug)
    })
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** True when every step of the job is an action known not to run repository code. */
export function onlyTrustedSteps(job: Job): boolean {
  if (job.uses !== undefined) return false
  return jobSteps(job).every((step) => {
    const slug = step.uses === undefined ? undefined : repositorySlug(step.uses.ref)
    return step.run === undefined && slug !== undefined && TRUSTED_STEP_ACTIONS.has(slug)
  })
}
