import { parse, TomlError } from 'smol-toml'
import { isRecord } from './json-text.js'

/** Parses TOML; on failure gives the 1-based line and column of the error. */
export function parseToml(text: string): { value: Record<string, unknown> } | { error: string; line: number; column: number } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  try {
    const value = parse(body)
    return { value: isRecord(value) ? value : {} }
  } catch (error) {
    if (error instanceof TomlError) return { error: error.message.split('\n')[0]!, line: error.line, column: error.column }
    throw error
  }
}

export function tablesOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : []
}
