import { InputError } from '@pipeguard/policy'
import picomatch from 'picomatch'

/** A policy pattern: `/regex/flags` is a regular expression, anything else a glob (`release/*`, `dependabot/**`). */
export type NamePattern = (name: string) => boolean

const REGEX = /^\/(.+)\/([a-z]*)$/s

export function compilePattern(pattern: string, option: string): NamePattern {
  const regex = REGEX.exec(pattern)
  if (regex !== null) {
    let compiled: RegExp
    try {
      compiled = new RegExp(regex[1] as string, (regex[2] as string).replace(/[gy]/g, ''))
    } catch (error) {
      throw new InputError(`refname-policy ${option}: '${pattern}' is not a valid regular expression: ${(error as Error).message}`)
    }
    return (name) => compiled.test(name)
  }
  const matcher = picomatch(pattern, { dot: true, nonegate: false })
  return (name) => matcher(name)
}

export function compilePatterns(patterns: readonly string[], option: string): NamePattern {
  const compiled = patterns.map((pattern) => compilePattern(pattern, option))
  return (name) => compiled.some((matches) => matches(name))
}
