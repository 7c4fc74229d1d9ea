import { InputError } from '@pipeguard/policy'
import { createGitHubClient, resolveBranch, resolveTag } from '@pipeguard/github'
import { checkAmbiguousRefnames, compileRefnameChecker, REF_KINDS, type NameVerdict, type RefKind, type RefLookup } from '@pipeguard/refname'
import type { Command } from '../command.js'

const RAW_FLAGS = ['allow-onelevel', 'refspec-pattern', 'normalize'] as const

/** Lines of standard input as names: text when it is all UTF-8, else the raw bytes of each line. */
function splitLines(bytes: Buffer): (string | Uint8Array)[] {
  let text: string | undefined
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = undefined
  }
  const lines: (string | Uint8Array)[] = []
  if (text !== undefined) {
    for (const line of text.split('\n')) if (line !== '') lines.push(line)
    return lines
  }
  let start = 0
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      if (index > start) lines.push(bytes.subarray(start, index))
      start = index + 1
    }
  }
  return lines
}

function githubLookup(repo: string, apiUrl: string | undefined): RefLookup {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repo)
  if (match === null) throw new InputError(`--repo must be OWNER/NAME, got '${repo}'`)
  const [, owner, name] = match as unknown as [string, string, string]
  const client = createGitHubClient(apiUrl === undefined ? {} : { baseUrl: apiUrl })
  return {
    branchExists: async (branch) => (await resolveBranch(client, owner, name, branch)) !== undefined,
    tagExists: async (tag) => (await resolveTag(client, owner, name, tag)) !== undefined,
  }
}

const TEXT_LIST_LIMIT = 200

function verdictLines(verdicts: readonly NameVerdict[]): string {
  if (verdicts.length > TEXT_LIST_LIMIT) {
    const invalid = verdicts.filter((verdict) => !verdict.valid).length
    const unsafe = verdicts.filter((verdict) => !verdict.safe).length
    return `${verdicts.length} names: ${verdicts.length - invalid} valid, ${invalid} invalid, ${unsafe} not safe\n\n`
  }
  const lines = verdicts.map((verdict) => {
    const state = !verdict.valid ? 'invalid' : verdict.safe ? 'ok     ' : 'unsafe '
    const normalized = verdict.normalized !== undefined && verdict.normalized !== verdict.name ? ` (normalized: ${verdict.normalized})` : ''
    return `${state} ${verdict.kind} ${JSON.stringify(verdict.name)}${normalized} -> safe name ${verdict.safeName}`
  })
  return `${lines.join('\n')}\n\n`
}

export const refnameCommand: Command = {
  name: 'refname',
  summary: "branch and tag names: git's own grammar, dangerous characters, Unicode spoofing, naming policy",
  usage: 'refname [--kind branch|tag|ref] [--allow-onelevel] [--refspec-pattern] [--normalize] NAME... | --stdin',
  positionals: 'any',
  flags: {
    kind: {
      type: 'string',
      value: 'KIND',
      description: "branch (as git branch, the default), tag (as git tag) or ref (a full name, as git check-ref-format)",
    },
    'allow-onelevel': { type: 'boolean', description: 'with --kind ref: accept one-level names (implies --kind ref)' },
    'refspec-pattern': { type: 'boolean', description: "with --kind ref: accept one '*' (implies --kind ref)" },
    normalize: { type: 'boolean', description: 'with --kind ref: collapse slashes first, and report the normalized name (implies --kind ref)' },
    stdin: { type: 'boolean', description: 'read names from standard input, one a line (empty lines are skipped)' },
    repo: { type: 'string', value: 'OWNER/NAME', description: 'also report names that exist as both a branch and a tag there (online, GITHUB_TOKEN)' },
    'api-url': { type: 'string', value: 'URL', description: 'GitHub API base URL (default GITHUB_API_URL, else api.github.com)' },
  },
  async run(context) {
    const { flags } = context
    const raw = RAW_FLAGS.filter((flag) => flags[flag] === true)
    const kindFlag = flags.kind as string | undefined
    if (kindFlag !== undefined && !REF_KINDS.includes(kindFlag as RefKind)) {
      throw new InputError(`--kind must be one of ${REF_KINDS.join(', ')}, got '${kindFlag}'`)
    }
    if (raw.length > 0 && kindFlag !== undefined && kindFlag !== 'ref') {
      throw new InputError(`--${raw[0]} applies to full ref names (--kind ref), not to --kind ${kindFlag}`)
    }
    const kind: RefKind = (kindFlag as RefKind | undefined) ?? (raw.length > 0 ? 'ref' : 'branch')
    let inputs: (string | Uint8Array)[] = [...context.positionals]
    if (flags.stdin === true) {
      if (inputs.length > 0) throw new InputError('give names as arguments or with --stdin, not both')
      inputs = splitLines(await context.readStdinBytes())
    } else if (inputs.length === 0) {
      throw new InputError('refname needs at least one NAME (or --stdin)')
    }
    const check = compileRefnameChecker(context.policy, {
      kind,
      allowOnelevel: flags['allow-onelevel'] === true,
      refspecPattern: flags['refspec-pattern'] === true,
      normalize: flags.normalize === true,
    })
    const names = inputs.map((input) => check(input))
    const findings = names.flatMap((verdict) => verdict.findings)
    if (typeof flags.repo === 'string') {
      findings.push(...(await checkAmbiguousRefnames(names, context.policy, githubLookup(flags.repo, flags['api-url'] as string | undefined))))
    }
    return { findings, extra: { names }, text: verdictLines(names) }
  },
}
