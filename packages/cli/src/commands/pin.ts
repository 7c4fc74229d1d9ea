import { createGitHubClient, GitHubError, type GitHubClient } from '@pipeguard/github'
import { runPin } from '@pipeguard/pinning'
import { InputError } from '@pipeguard/policy'
import type { Command } from '../command.js'

export const pinCommand: Command = {
  name: 'pin',
  summary: 'every uses:, image and installer pinned to an immutable reference; verifies pins against GitHub, --fix rewrites them',
  usage: 'pin [dir] [--fix [--update]] [--offline] [--api-url URL] [--cache DIR]',
  positionals: 'dir',
  flags: {
    fix: { type: 'boolean', description: 'rewrite unpinned uses: to @<sha> # <tag> (keeps every other byte) and print the diff' },
    update: {
      type: 'boolean',
      description: 'with --fix: move pins to the newest release of the same major (policy unpinned-uses.min-age applies)',
    },
    offline: { type: 'boolean', description: 'skip verification against GitHub (no token, no network); the summary says so' },
    'api-url': {
      type: 'string',
      value: 'URL',
      description: 'GitHub REST API base URL (default: GITHUB_API_URL, else https://api.github.com); token from GITHUB_TOKEN',
    },
    cache: {
      type: 'string',
      value: 'DIR',
      description: 'on-disk cache of GitHub answers with ETags (default: PIPEGUARD_CACHE_DIR; none when unset)',
    },
  },
  async run(context) {
    const { flags } = context
    const offline = flags.offline === true
    const fix = flags.fix === true
    if (flags.update === true && !fix) throw new InputError('--update only applies with --fix')
    if (fix && offline) throw new InputError('--fix resolves tags through the GitHub API and cannot run with --offline')
    const client = offline
      ? undefined
      : clientOf(flags['api-url'] as string | undefined, (flags.cache as string | undefined) ?? process.env.PIPEGUARD_CACHE_DIR)
    try {
      const result = await runPin(context.root, context.policy, { client, fix, update: flags.update === true })
      const extra: Record<string, unknown> = { verification: result.verification }
      if (result.changes !== undefined) extra.changes = result.changes
      return { findings: result.findings, extra, text: result.text }
    } catch (error) {
      if (error instanceof GitHubError) throw new InputError(`cannot ${fix ? 'fix' : 'verify'} pins: ${error.message}`)
      throw error
    }
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
