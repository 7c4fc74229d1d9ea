import { createHash } from 'node:crypto'

const MAX = 63
const ASCII = /^\p{ASCII}*$/u
const COMBINING = /[\u0300-\u036f]/g
const SLUG = new Uint8Array(MAX)
const SLUG_TEXT = Buffer.from(SLUG.buffer)
// ASCII code -> the slug character (lower-case letter or digit), 0 for a separator.
const SLUG_CHARACTER = new Uint8Array(128)
for (let code = 0x30; code <= 0x39; code++) SLUG_CHARACTER[code] = code
for (let code = 0x61; code <= 0x7a; code++) SLUG_CHARACTER[code] = code
for (let code = 0x41; code <= 0x5a; code++) SLUG_CHARACTER[code] = code + 0x20
const SHA_PREFIX = /^[0-9a-f]{40}/

/**
 * A slug of a ref name that is safe as a path component, a docker tag, a DNS label and a shell word: lower-case
 * ASCII letters and digits and single '-' between them, at most 63 characters (as GitLab's CI_COMMIT_REF_SLUG).
 * Non-ASCII letters lose their accents first (é -> e). A name with nothing left, or a slug that would start like a
 * commit SHA, gets `ref-` and a hash of the name instead, so the slug can never pass for a SHA or be empty.
 */
export function safeName(name: string, ascii = ASCII.test(name)): string {
  const folded = ascii ? name : name.normalize('NFKD').replace(COMBINING, '')
  // One pass over the code units into a reused buffer: this runs for every name, a million times a second.
  let length = 0
  let dash = false
  for (let index = 0; index < folded.length; index++) {
    const code = folded.charCodeAt(index)
    const mapped = code < 0x80 ? (SLUG_CHARACTER[code] as number) : 0
    if (mapped === 0) {
      dash = true
      continue
    }
    if (dash && length > 0) {
      if (length + 1 >= MAX) break
      SLUG[length++] = 0x2d
    }
    dash = false
    SLUG[length++] = mapped
    if (length >= MAX) break
  }
  const slug = SLUG_TEXT.toString('latin1', 0, length)
  if (slug === '' || (slug.length >= 40 && SHA_PREFIX.test(slug))) {
    return `ref-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`
  }
  return slug
}
