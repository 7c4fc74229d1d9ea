import { createHash } from 'node:crypto'

const MAX = 63

/**
 * A slug of a ref name that is safe as a path component, a docker tag, a DNS label and a shell word: lower-case
 * ASCII letters and digits and single '-' between them, at most 63 characters (as GitLab's CI_COMMIT_REF_SLUG).
 * Non-ASCII letters lose their accents first (é -> e). A name with nothing left, or a slug that would look like a
 * commit SHA, gets `ref-` and a hash of the name instead, so the slug can never pass for a SHA or be empty.
 */
export function safeName(name: string): string {
  let slug = ''
  let dash = false
  const folded = name.normalize('NFKD')
  for (let index = 0; index < folded.length && slug.length < MAX; index++) {
    let code = folded.charCodeAt(index)
    if (code >= 0x41 && code <= 0x5a) code += 0x20
    const keep = (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)
    if (keep) {
      if (dash && slug.length > 0) slug += '-'
      dash = false
      slug += String.fromCharCode(code)
    } else if (code >= 0x300 && code <= 0x36f) {
      // combining accents left by NFKD: drop them without a separator
    } else {
      dash = true
    }
  }
  slug = slug.slice(0, MAX).replace(/-+$/, '')
  if (slug === '' || /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(slug) || /^[0-9a-f]{40}/.test(slug)) {
    return `ref-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`
  }
  return slug
}
