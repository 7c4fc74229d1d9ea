import { isRecord } from './json-text.js'
import { OUTSIDE_TOML_SUBSET, parseTomlSubset } from './toml-subset.js'

let toml: typeof import('smol-toml') | undefined

/**
 * Thrown by parseToml for a file outside the fast reader's subset (toml-subset.ts) while smol-toml is not loaded:
 * await loadTomlParser() and parse again (readProjectGraphs does). Lockfiles as uv, Cargo and Poetry write them
 * never need it.
 */
export const TOML_PARSER_NEEDED = new Error('TOML needs smol-toml: await loadTomlParser() first')

export async function loadTomlParser(): Promise<void> {
  toml ??= await import('smol-toml')
}

/** Parses TOML; on failure gives the 1-based line and column of the error. Throws TOML_PARSER_NEEDED (see there). */
export function parseToml(text: string): { value: Record<string, unknown> } | { error: string; line: number; column: number } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  try {
    return { value: parseTomlSubset(body) }
  } catch (error) {
    if (error !== OUTSIDE_TOML_SUBSET) throw error
  }
  if (toml === undefined) throw TOML_PARSER_NEEDED
  try {
    const value = toml.parse(body)
    return { value: isRecord(value) ? value : {} }
  } catch (error) {
    if (error instanceof toml.TomlError) return { error: error.message.split('\n')[0]!, line: error.line, column: error.column }
    throw error
  }
}

export function tablesOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : []
}
