import { InputError, type Finding } from '@pipeguard/policy'
import { createGitHubClient } from '@pipeguard/github'
import {
  checkAmbiguousRefnames,
  compileRefnameChecker,
  githubRefLookup,
  REF_KINDS,
  type NameVerdict,
  type RefKind,
} from '@pipeguard/refname'
import type { Command } from '../command.js'

const RAW_FLAGS = ['allow-onelevel', 'refspec-pattern', 'normalize'] as const

/** Calls `visit` with each line of standard input: text when it is all UTF-8, else the raw bytes of each line. */
function forEachLine(bytes: Buffer, visit: (line: string | Uint8Array) => void): void {
  let text: string | undefined
  try {
    // ignoreBOM keeps a leading U+FEFF in the first name instead of silently dropping it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    text = undefined
  }
  if (text !== undefined) {
    // indexOf and slice rather than split: a million lines never sit in one array.
    let start = 0
    while (start < text.length) {
      let end = text.indexOf('\n', start)
      if (end < 0) end = text.length
      if (end > start) visit(text.slice(start, end))
      start = end + 1
    }
    return
  }
  let start = 0
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      if (index > start) visit(bytes.subarray(start, index))
      start = index + 1
    }
  }
}

const TEXT_LIST_LIMIT = 200

interface Tally {
  names: number
  invalid: number
  unsafe: number
}

function verdictLines(verdicts: readonly NameVerdict[] | undefined, tally: Tally): string {
  if (verdicts === undefined || verdicts.length > TEXT_LIST_LIMIT) {
    return `${tally.names} names: ${tally.names - tally.invalid} valid, ${tally.invalid} invalid, ${tally.unsafe} not safe\n\n`
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
      description: 'branch (as git branch, the default), tag (as git tag) or ref (a full name, as git check-ref-format)',
    },
    'allow-onelevel': { type: 'boolean', description: 'with --kind ref: accept one-level names (implies --kind ref)' },
    'refspec-pattern': { type: 'boolean', description: "with --kind ref: accept one '*' (implies --kind ref)" },
    normalize: {
      type: 'boolean',
      description: 'with --kind ref: collapse slashes first, and report the normalized name (implies --kind ref)',
    },
    stdin: { type: 'boolean', description: 'read names from standard input, one a line (empty lines are skipped)' },
    repo: {
      type: 'string',
      value: 'OWNER/NAME',
      description: 'also report names that exist as both a branch and a tag there (online, GITHUB_TOKEN)',
    },
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
    if (flags.stdin === true && context.positionals.length > 0) throw new InputError('give names as arguments or with --stdin, not both')
    if (flags.stdin !== true && context.positionals.length === 0) throw new InputError('refname needs at least one NAME (or --stdin)')
    // Only JSON prints every verdict (and --repo needs them): otherwise a million names keep just their findings,
    // and the first names (printed when there are few) are checked again with their safe names below.
    const keep = flags.format === 'json' || typeof flags.repo === 'string' || flags.stdin !== true
    const options = {
      kind,
      allowOnelevel: flags['allow-onelevel'] === true,
      refspecPattern: flags['refspec-pattern'] === true,
      normalize: flags.normalize === true,
    }
    const check = compileRefnameChecker(context.policy, { ...options, safeNames: keep })
    const full = keep ? check : compileRefnameChecker(context.policy, options)
    const names: NameVerdict[] = []
    const findings: Finding[] = []
    const tally: Tally = { names: 0, invalid: 0, unsafe: 0 }
    const visit = (input: string | Uint8Array): void => {
      const verdict = check(input)
      tally.names++
      if (!verdict.valid) tally.invalid++
      if (!verdict.safe) tally.unsafe++
      for (const finding of verdict.findings) findings.push(finding)
      if (keep) names.push(verdict)
      else if (names.length <= TEXT_LIST_LIMIT) names.push(full(input))
    }
    if (flags.stdin === true) forEachLine(await context.readStdinBytes(), visit)
    else for (const name of context.positionals) visit(name)
    if (typeof flags.repo === 'string') {
      findings.push(
        ...(await checkAmbiguousRefnames(
          names,
          context.policy,
          githubRefLookup(createGitHubClient(typeof flags['api-url'] === 'string' ? { baseUrl: flags['api-url'] } : {}), flags.repo),
        )),
      )
    }
    const listed = keep || tally.names <= TEXT_LIST_LIMIT ? names : undefined
    return { findings, ...(listed === undefined ? {} : { extra: { names: listed } }), text: verdictLines(listed, tally) }
  },
}
