import type { SourceFile, YamlScalar } from '@pipeguard/workflow'

/** A comment after a node on its line: `text` starts with `#`; offsets are into the file. */
export interface TrailingComment {
  text: string
  start: number
  end: number
}

/** Where the line holding `offset` ends, before its `\n` or `\r\n` (no line index needed: most pins are asked once). */
function lineEndAfter(text: string, offset: number): number {
  let end = text.indexOf('\n', offset)
  if (end === -1) end = text.length
  return end > 0 && text.charCodeAt(end - 1) === 13 ? end - 1 : end
}

/** The comment after a scalar on the same line, or undefined. */
export function trailingComment(file: SourceFile, node: YamlScalar): TrailingComment | undefined {
  const lineEnd = lineEndAfter(file.text, node.end)
  const rest = file.text.slice(node.end, lineEnd)
  const match = /^[ \t]+(#.*)$/.exec(rest)
  if (match === null) return undefined
  const text = match[1]!.trimEnd()
  const start = lineEnd - match[1]!.length
  return { text, start, end: start + text.length }
}

/** True when nothing but blanks or a comment follows the node on its line (so a comment may be added there). */
export function endsLine(file: SourceFile, node: YamlScalar): boolean {
  const rest = file.text.slice(node.end, lineEndAfter(file.text, node.end))
  return /^([ \t]*|[ \t]+#.*)$/.test(rest)
}

const VERSION = /v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?/

/** The part before the version of a monorepo tag (`create-github-app-token/v0.3.1` → `create-github-app-token/`). */
export function tagPrefix(tag: string): string {
  return /^(.*?[/-])?v?\d/.exec(tag)?.[1] ?? ''
}

/**
 * The version a pin comment names: `# v4.2.2` as pinact, Renovate and Dependabot write it, plus `# tag=v4.2.2`,
 * `# pin @v4.2.2` and `# ratchet:owner/repo@v4.2.2`.
 */
const VERSION_COMMENT = new RegExp(
  `^#\\s*(?:tag\\s*[=:]\\s*|pin\\s*@|ratchet:[^@\\s]+@|[\\w.-]+/[\\w.-]+(?:/[^@\\s]*)?@)?((?:[\\w.-]+[/-](?=v?\\d+\\.\\d))?${VERSION.source})(?=$|[\\s,;])`,
)
const WHOLE_VERSION = new RegExp(`^${VERSION.source}$`)

export function versionOfComment(comment: string): string | undefined {
  return VERSION_COMMENT.exec(comment)?.[1]
}

export function looksLikeVersion(ref: string): boolean {
  return WHOLE_VERSION.test(ref)
}
