import { lineEndAfter, type SourceFile, type YamlScalar } from '@pipeguard/workflow'

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
