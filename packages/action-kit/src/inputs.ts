import { InputError } from '@pipeguard/policy'

/**
 * Reads an action input from `INPUT_<NAME>` as the runner sets it. Only ASCII whitespace is trimmed: the trim of
 * `core.getInput` also strips U+FEFF, which once let a fork branch named BOM + 40 hex pass as a commit SHA.
 */
export function readInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
  return value.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '')
}

/** A YAML 1.2 boolean input (`true`/`false` in any case); empty gives the default; anything else is an error. */
export function readBooleanInput(name: string, fallback: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = readInput(name, env)
  if (value === '') return fallback
  if (/^(true|True|TRUE)$/.test(value)) return true
  if (/^(false|False|FALSE)$/.test(value)) return false
  throw new InputError(`input '${name}' must be true or false, got '${value}'`)
}

/** An input restricted to a set of values. */
export function readChoiceInput<T extends string>(
  name: string,
  choices: readonly T[],
  fallback: T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const value = readInput(name, env)
  if (value === '') return fallback
  if (!(choices as readonly string[]).includes(value)) {
    throw new InputError(`input '${name}' must be one of ${choices.join(', ')}, got '${value}'`)
  }
  return value as T
}
