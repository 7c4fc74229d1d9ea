import { createGitHubClient, GitHubError, type GitHubClient } from '@pipeguard/github'
import { fixPins, runPinCheck, verifyPins } from '@pipeguard/pinning'
import { InputError } from '@pipeguard/policy'
import type { Command } from '../command.js'
import { readRepository } from '../repository.js'

export const pinCommand: Command = {
  name: 'pin',
  summary: 'every uses:, image and installer pinned to an immutable reference; verifies pins against GitHub, --fix rewrites them',
  usage: 'pin [dir] [--fix [--update]] [--offline] [--api-url URL] [--cache DIR]',
  positionals: 'dir',
  flags: {
    fix: { type: 'boolean', description: 'rewrite unpinned uses: to @<sha> # <tag> (keeps every other byte) and print the diff' },
    update: { type: 'boolean', description: 'with --fix: move pins to the newest release of the same major (policy unpinned-uses.min-age applies)' },
    offline: { type: 'boolean', description: 'skip verification against GitHub (no token, no network); the summary says so' },
    'api-url': { type: 'string', value: 'URL', description: 'GitHub REST API base URL (default: GITHUB_API_URL, else https://api.github.com); token from GITHUB_TOKEN' },
    cache: { type: 'string', value: 'DIR', description: 'on-disk cache of GitHub answers with ETags (default: PIPEGUARD_CACHE_DIR; none when unset)' },
  },
  async run(context) {
    const { flags } = context
    const offline = flags.offline === true
    const fix = flags.fix === true
    if (flags.update === true && !fix) throw new InputError('--update only applies with --fix')
    if (fix && offline) throw new InputError('--fix resolves tags through the GitHub API and cannot run with --offline')
    let { repository, findings } = readRepository(context.root, context.policy)
    const client = offline ? undefined : clientOf(flags['api-url'] as string | undefined, (flags.cache as string | undefined) ?? process.env.PIPEGUARD_CACHE_DIR)
    const extra: Record<string, unknown> = {}
    const text: string[] = []
    try {
      if (fix && client !== undefined) {
        const result = await fixPins(repository, context.policy, { client, update: flags.update === true })
        extra.changes = result.changes
        text.push(result.diff === '' ? 'pin --fix: nothing to change\n' : result.diff)
        for (const skip of result.skipped) text.push(`not pinned: ${skip.path}:${skip.line} ${skip.uses}: ${skip.reason}\n`)
        if (result.files.length > 0) ({ repository, findings } = readRepository(context.root, context.policy))
      }
      findings.push(...runPinCheck(repository, context.policy).findings)
      if (client === undefined) {
        extra.verification = { skipped: true }
        text.push('verification skipped (--offline): ref-version-mismatch, impostor-commit, ref-confusion and archived-uses were not checked\n')
      } else {
        const verified = await verifyPins(repository, context.policy, client)
        findings.push(...verified.findings)
        extra.verification = { skipped: false, references: verified.questions, requests: client.stats.requests, cached: client.stats.diskHits + client.stats.notModified }
        text.push(`verified ${verified.questions} unique references against ${client.baseUrl} with ${client.stats.requests} requests${client.authenticated ? '' : ' (no GITHUB_TOKEN: anonymous rate limit)'}\n`)
      }
    } catch (error) {
      if (error instanceof GitHubError) throw new InputError(`cannot ${fix ? 'fix' : 'verify'} pins: ${error.message}`)
      throw error
    }
    return { findings, extra, text: text.join('') }
  },
}

function clientOf(apiUrl: string | undefined, cacheDir: string | undefined): GitHubClient {
  try {
    return createGitHubClient({ ...(apiUrl !== undefined ? { baseUrl: apiUrl } : {}), ...(cacheDir ? { cacheDir } : {}) })
  } catch (error) {
    if (error instanceof GitHubError) throw new InputError(`--api-url: ${error.message}`)
    throw error
  }
}
