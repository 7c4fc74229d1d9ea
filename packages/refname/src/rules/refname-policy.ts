import { InputError, type OptionSchema } from '@pipeguard/policy'
import semver from 'semver'
import { compilePatterns, type NamePattern } from '../name-pattern.js'
import type { CheckedName, NameIssue, NameRule } from '../rule.js'
import { kindWord } from '../rule.js'
import { quoteName, splitRef } from '../subject.js'

const patternList: OptionSchema = { type: 'array', items: { type: 'string', minLength: 1 }, 'x-expect': 'a list of globs or /regex/' }

const kindSchema: OptionSchema = {
  type: 'object',
  additionalProperties: false,
  'x-expect': 'a map of naming options (allow, deny, exempt, prefixes, characters, case, max-length, semver, reserved)',
  properties: {
    allow: { ...patternList, description: 'When set, the name must match one of these globs or /regex/.' },
    deny: { ...patternList, description: 'A name matching one of these is reported, exempt or not.' },
    exempt: { ...patternList, description: 'Names accepted without the other checks (deny still applies).' },
    prefixes: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      'x-expect': 'a list of prefixes such as feature/',
      description: 'The name must start with one of these.',
    },
    characters: {
      type: 'string',
      minLength: 1,
      'x-expect': 'the body of a regex character class, e.g. a-z0-9._/-',
      description: 'Every character must belong to this class.',
    },
    case: { enum: ['lower', 'upper', 'any'], 'x-expect': 'lower, upper or any' },
    'max-length': { type: 'integer', minimum: 1, 'x-expect': 'a positive integer (characters)' },
    semver: {
      'x-expect': 'true, false or a map with v-prefix, prerelease, build',
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            'v-prefix': { enum: ['required', 'optional', 'forbidden'], 'x-expect': 'required, optional or forbidden' },
            prerelease: { type: 'boolean', 'x-expect': 'true or false' },
            build: { type: 'boolean', 'x-expect': 'true or false' },
          },
        },
      ],
    },
    reserved: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      'x-expect': 'a list of names',
      description: 'Exact names (any case) that must not be used.',
    },
  },
}

interface KindPolicy {
  allow?: string[]
  deny?: string[]
  exempt?: string[]
  prefixes?: string[]
  characters?: string
  case?: 'lower' | 'upper' | 'any'
  'max-length'?: number
  semver?: boolean | { 'v-prefix'?: 'required' | 'optional' | 'forbidden'; prerelease?: boolean; build?: boolean }
  reserved?: string[]
}

// Applied under what the policy writes for a kind, key by key.
const KIND_DEFAULTS: Record<'branch' | 'tag', KindPolicy> = {
  branch: { exempt: ['main', 'master', 'develop'], reserved: ['HEAD'] },
  tag: { reserved: ['HEAD', 'main', 'master'] },
}

type KindCheck = (name: CheckedName) => NameIssue[] | undefined

function compileKind(kind: 'branch' | 'tag', written: KindPolicy | undefined): KindCheck | undefined {
  if (written === undefined) return undefined
  const policy: KindPolicy = { ...KIND_DEFAULTS[kind], ...written }
  const at = `refname-policy ${kind}`
  const allow: NamePattern | undefined = policy.allow?.length ? compilePatterns(policy.allow, `${at}.allow`) : undefined
  const deny: NamePattern | undefined = policy.deny?.length ? compilePatterns(policy.deny, `${at}.deny`) : undefined
  const exempt: NamePattern | undefined = policy.exempt?.length ? compilePatterns(policy.exempt, `${at}.exempt`) : undefined
  let characters: RegExp | undefined
  if (policy.characters !== undefined) {
    try {
      characters = new RegExp(`[^${policy.characters}]`, 'u')
    } catch (error) {
      throw new InputError(`${at}.characters: '${policy.characters}' is not a valid character class: ${(error as Error).message}`)
    }
  }
  const reserved = new Set((policy.reserved ?? []).map((name) => name.toLowerCase()))
  const semverRule = policy.semver === true ? {} : policy.semver === false ? undefined : policy.semver

  return (name) => {
    const issues: NameIssue[] = []
    const text = name.name
    const subject = `${kindWord(name)} ${quoteName(name)}`
    const report = (key: string, message: string): void => {
      issues.push({ key, message: `${subject} ${message}` })
    }
    if (deny?.(text)) report('deny', `matches a denied pattern (${at}.deny: ${policy.deny?.join(', ')}); rename it`)
    if (exempt?.(text)) return issues.length > 0 ? issues : undefined
    if (reserved.has(text.toLowerCase())) {
      report(
        'reserved',
        `is a reserved name (${at}.reserved: ${policy.reserved?.join(', ')}): it would be confused with the ref of that name; choose another`,
      )
    }
    if (allow !== undefined && !allow(text)) {
      report('allow', `matches none of the allowed patterns (${at}.allow: ${policy.allow?.join(', ')}); rename it to match one`)
    }
    if (policy.prefixes?.length && !policy.prefixes.some((prefix) => text.startsWith(prefix))) {
      report(
        'prefix',
        `does not start with a required prefix (${at}.prefixes: ${policy.prefixes.join(' ')}); rename it, e.g. '${policy.prefixes[0]}${text.replace(/^.*\//, '')}'`,
      )
    }
    const bad = characters?.exec(text)
    if (bad) {
      report(
        'characters',
        `contains ${JSON.stringify(bad[0])}, outside the allowed characters [${policy.characters}] (${at}.characters); rename it`,
      )
    }
    if (policy.case === 'lower' && text !== text.toLowerCase()) {
      report('case', `has upper-case letters and the policy wants lower case (${at}.case: lower); use '${text.toLowerCase()}'`)
    } else if (policy.case === 'upper' && text !== text.toUpperCase()) {
      report('case', `has lower-case letters and the policy wants upper case (${at}.case: upper); use '${text.toUpperCase()}'`)
    }
    const maxLength = policy['max-length']
    if (maxLength !== undefined) {
      const length = [...text].length
      if (length > maxLength) report('max-length', `is ${length} characters long, more than ${maxLength} (${at}.max-length); shorten it`)
    }
    if (semverRule !== undefined) {
      const problem = semverProblem(text, semverRule)
      if (problem !== undefined)
        report('semver', `${problem} (${at}.semver); name it like ${semverRule['v-prefix'] === 'required' ? 'v1.2.3' : '1.2.3'}`)
    }
    return issues.length > 0 ? issues : undefined
  }
}

function semverProblem(name: string, rule: Exclude<KindPolicy['semver'], boolean | undefined>): string | undefined {
  const prefix = rule['v-prefix'] ?? 'optional'
  const hasV = name.startsWith('v')
  if (prefix === 'required' && !hasV) return "is not a semantic version with a 'v' prefix"
  if (prefix === 'forbidden' && hasV) return "starts with 'v' and the policy wants a bare semantic version"
  const version = hasV && prefix !== 'forbidden' ? name.slice(1) : name
  // semver.parse trims and accepts '=' and 'v' prefixes; a tag must be the bare SemVer 2.0.0 text.
  const parsed = /^[0-9]/.test(version) && !/\s/.test(version) ? semver.parse(version) : null
  if (parsed === null) return 'is not a semantic version (MAJOR.MINOR.PATCH[-prerelease][+build], semver.org)'
  if (rule.prerelease === false && parsed.prerelease.length > 0) return 'is a prerelease version and the policy allows releases only'
  if (rule.build === false && parsed.build.length > 0) return 'has build metadata (+...) and the policy does not allow it'
  return undefined
}

export const refnamePolicy: NameRule = {
  meta: {
    id: 'refname-policy',
    engine: 'refname',
    level: 'off',
    summary: "Name that breaks the repository's naming policy: prefixes, patterns, characters, case, length, semver tags, reserved names",
    help: 'Rename the branch or tag to follow the policy (see the refname-policy options in .github/pipeguard.yml), or add it to exempt.',
    options: {
      branch: { ...kindSchema, description: 'Naming policy for branches (exempt defaults to main, master, develop; reserved to HEAD).' },
      tag: { ...kindSchema, description: 'Naming policy for tags (reserved defaults to HEAD, main, master).' },
    },
    examples: {
      bad: 'rules:\n  refname-policy:\n    branch: { prefixes: [feature/, fix/, hotfix/, release/, chore/] }\n# pipeguard refname --kind branch "my-change"',
      good: 'rules:\n  refname-policy:\n    branch: { prefixes: [feature/, fix/, hotfix/, release/, chore/] }\n# pipeguard refname --kind branch "feature/my-change"',
    },
  },
  compile(options) {
    const branch = compileKind('branch', options.branch as KindPolicy | undefined)
    const tag = compileKind('tag', options.tag as KindPolicy | undefined)
    return (name) => {
      if (name.kind === 'branch') return branch?.(name)
      if (name.kind === 'tag') return tag?.(name)
      // A full ref name follows the policy of what it names: refs/heads/x is branch x, refs/tags/x tag x.
      const short = splitRef(name.name)
      if (short === undefined) return undefined
      const check = short.kind === 'branch' ? branch : tag
      return check?.({ ...name, kind: short.kind, name: short.name, gitName: short.name, checked: short.name })
    }
  },
}
