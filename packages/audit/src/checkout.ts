import { scalarOf, type Job, type Step } from '@pipeguard/workflow'
import { repositorySlug } from './cached.js'
import { TRUSTED_STEP_ACTIONS } from './known-actions.js'
import { jobSteps } from './steps.js'

/** Expressions that name the pull request's (or triggering run's) head: code the base repository did not review. */
const UNTRUSTED_REF =
  /github\.event\.pull_request\.head\.(sha|ref)|github\.event\.pull_request\.merge_commit_sha|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch)|github\.event\.workflow_run\.head_commit\.id|github\.event\.pull_request\.head\.repo\.full_name|github\.event\.workflow_run\.head_repository\.full_name|refs\/pull\/|github\.event\.number|github\.event\.pull_request\.number|github\.event\.issue\.number|steps\.[\w-]+\.outputs\.(head|pr|sha|ref)[\w-]*/i

/** Shell commands that fetch or check out pull request code. */
const SHELL_CHECKOUT = /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|pull)\b[^\n]*\b(pull\/|refs\/pull|head_ref|HEAD_REF|PR_|pr_|\$\{\{)|\bgit\s+(checkout|switch)\b[^\n]*\$\{\{\s*github\.(event\.pull_request\.head|head_ref|event\.workflow_run\.head)/

export interface UntrustedCheckout {
  step: Step
  /** Position among the job's steps. */
  position: number
  /** The input or command that makes it untrusted, for messages. */
  why: string
}

/** Steps of a job that check out code from a pull request head (actions/checkout with a head ref, gh pr checkout). */
export function untrustedCheckouts(job: Job): UntrustedCheckout[] {
  const found: UntrustedCheckout[] = []
  jobSteps(job).forEach((step, position) => {
    const slug = step.uses === undefined ? undefined : repositorySlug(step.uses.ref)
    if (slug === 'actions/checkout') {
      for (const input of ['ref', 'repository']) {
        const value = scalarOf(step.with, input)
        if (value !== undefined && UNTRUSTED_REF.test(value.value)) {
          found.push({ step, position, why: `${input}: ${value.value.trim()}` })
          return
        }
      }
    } else if (step.run !== undefined) {
      const match = SHELL_CHECKOUT.exec(step.run.value)
      if (match !== null) found.push({ step, position, why: match[0].trim() })
    }
  })
  return found
}

/** Actions known to run code from the checked-out tree (build tools, package managers, linters). */
const EXECUTING_ACTIONS = /^(docker\/build-push-action|gradle\/|pre-commit\/action|github\/codeql-action\/autobuild|gradle\/gradle-build-action|bahmutov\/npm-install|borales\/actions-yarn|cypress-io\/github-action|golangci\/golangci-lint-action|goreleaser\/goreleaser-action|ruby\/setup-ruby|microsoft\/setup-msbuild)/

/** The first step after `position` that runs code from the workspace: a run: step, a local action or a build action. */
export function executionAfter(job: Job, position: number): Step | undefined {
  return jobSteps(job)
    .slice(position + 1)
    .find((step) => {
      if (step.run !== undefined) return true
      const ref = step.uses?.ref
      if (ref === undefined) return false
      if (ref.kind === 'local') return true
      const slug = ref.kind === 'repository' ? `${ref.owner}/${ref.repo}${ref.path === undefined ? '' : `/${ref.path}`}`.toLowerCase() : ''
      return EXECUTING_ACTIONS.test(slug)
    })
}

/** True when every step of the job is an action known not to run repository code. */
export function onlyTrustedSteps(job: Job): boolean {
  if (job.uses !== undefined) return false
  return jobSteps(job).every((step) => {
    const slug = step.uses === undefined ? undefined : repositorySlug(step.uses.ref)
    return step.run === undefined && slug !== undefined && TRUSTED_STEP_ACTIONS.has(slug)
  })
}
