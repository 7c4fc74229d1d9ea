import { readChoiceInput, runAction } from '@pipeguard/action-kit'
import { createGitHubClient, GitHubError } from '@pipeguard/github'
import { pinningRules, runPin } from '@pipeguard/pinning'
import { InputError } from '@pipeguard/policy'
import { workflowRules } from '@pipeguard/workflow'
import { tuneForWorkflowScans } from '@pipeguard/workflow/runtime'

tuneForWorkflowScans()

await runAction({
  name: 'pin-check',
  command: 'pin',
  rules: [...workflowRules, ...pinningRules],
  async run({ root, policy, token, input, booleanInput }) {
    const fix = readChoiceInput('mode', ['check', 'fix'] as const, 'check') === 'fix'
    const offline = booleanInput('offline', false)
    if (fix && offline) throw new InputError("input 'mode: fix' resolves tags through the GitHub API and cannot run with 'offline: true'")
    try {
      const client = offline
        ? undefined
        : createGitHubClient({ token, baseUrl: input('api-url') || undefined, cacheDir: input('cache') || undefined })
      const result = await runPin(root, policy, { client, fix, update: booleanInput('update', false) })
      process.stdout.write(result.text)
      return {
        findings: result.findings,
        extra: { verification: result.verification, ...(result.changes ? { changes: result.changes } : {}) },
        outputs: {
          changes: String(result.changes?.length ?? 0),
          verified: String(!result.verification.skipped),
          requests: String(result.verification.requests ?? 0),
        },
        summary: result.markdown,
      }
    } catch (error) {
      if (error instanceof GitHubError) throw new InputError(`cannot ${fix ? 'fix' : 'verify'} pins: ${error.message}`)
      throw error
    }
  },
})
