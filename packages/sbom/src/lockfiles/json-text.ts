/** Parses JSON, tolerating a UTF-8 byte-order mark; on failure gives the 1-based line and column of the error. */
export function parseJson(text: string): { value: unknown } | { error: string; line: number; column: number } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  try {
    return { value: JSON.parse(body) }
  } catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)
    const offset = position === null ? 0 : Number(position[1])
    const before = body.slice(0, offset)
    const line = before.split('\n').length
    const column = offset - before.lastIndexOf('\n')
    return { error: message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, ''), line, column }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {}
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback
}

/** A package.json's name, version and dependency maps; undefined when absent or not JSON. */
export interface Manifest {
  name: string | undefined
  version: string | undefined
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  optionalDependencies: Record<string, string>
  peerDependencies: Record<string, string>
  workspaces: string[]
  /** yarn `resolutions` / npm `overrides` selectors to ranges, as written. */
  resolutions: Record<string, string>
}

export function readManifest(text: string | undefined): Manifest | undefined {
  if (text === undefined) return undefined
  const parsed = parseJson(text)
  if (!('value' in parsed) || !isRecord(parsed.value)) return undefined
  const json = parsed.value
  const strings = (value: unknown): Record<string, string> =>
    Object.fromEntries(Object.entries(recordOf(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  const workspaces = Array.isArray(json.workspaces)
    ? json.workspaces
    : Array.isArray(recordOf(json.workspaces).packages)
      ? (recordOf(json.workspaces).packages as unknown[])
      : []
  return {
    name: typeof json.name === 'string' && json.name !== '' ? json.name : undefined,
    version: typeof json.version === 'string' && json.version !== '' ? json.version : undefined,
    dependencies: strings(json.dependencies),
    devDependencies: strings(json.devDependencies),
    optionalDependencies: strings(json.optionalDependencies),
    peerDependencies: strings(json.peerDependencies),
    workspaces: workspaces.filter((item): item is string => typeof item === 'string'),
    resolutions: strings(json.resolutions),
  }
}

/** An npm `license` field (a string, `{type}` or a list of those) as SPDX strings. */
export function licensesOf(value: unknown): string[] {
  if (typeof value === 'string' && value !== '') return [value]
  if (isRecord(value) && typeof value.type === 'string') return [value.type]
  if (Array.isArray(value)) return value.flatMap(licensesOf)
  return []
}
