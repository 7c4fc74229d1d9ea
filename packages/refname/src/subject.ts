import type { RefProblem } from './git-grammar.js'

/** The kinds of names: a branch (`git check-ref-format --branch`), a tag, or a full ref name (`refs/...`). */
export type RefKind = 'branch' | 'tag' | 'ref'

export const REF_KINDS: readonly RefKind[] = ['branch', 'tag', 'ref']

/** A name as the rules see it. */
export interface NameSubject {
  /** The name as text: the input string, or the bytes decoded as UTF-8 when they are valid UTF-8. */
  name: string
  /** What git sees, one code unit per byte when the input bytes were not UTF-8; otherwise `name`. */
  gitName: string
  kind: RefKind
  /** False when the input bytes were not valid UTF-8 (or the string held a lone surrogate). */
  utf8: boolean
  /** Every code unit is below 0x80. */
  ascii: boolean
  /**
   * Proven plain by one pre-scan (see `isPlain`): git's grammar can only object to a one-level name or `HEAD`, and
   * no shell metacharacter, leading dash or non-ASCII character is present, so the full scans can be skipped.
   */
  plain?: boolean
}

const LONE_SURROGATE = /\p{Surrogate}/u
// ignoreBOM keeps a leading U+FEFF: stripping it would hide the BOM + 40 hex trick (actions/checkout#2521).
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

const NOT_ASCII = 0
const ASCII_ONLY = 1
const PLAIN = 2

// Character classes of the pre-scan: 0 anything else, 1 letter/digit/'_'/'-', 2 '.', 3 '/'.
const PLAIN_CLASS = new Uint8Array(128)
for (let code = 0x30; code <= 0x39; code++) PLAIN_CLASS[code] = 1
for (let code = 0x41; code <= 0x5a; code++) PLAIN_CLASS[code] = 1
for (let code = 0x61; code <= 0x7a; code++) PLAIN_CLASS[code] = 1
PLAIN_CLASS[0x5f] = 1
PLAIN_CLASS[0x2d] = 1
PLAIN_CLASS[0x2e] = 2
PLAIN_CLASS[0x2f] = 3

/**
 * One pass that tells non-ASCII text, ASCII text, and plain names: only `[A-Za-z0-9._/-]`, not empty, no leading
 * `-`, no component that is empty or starts or ends with `.` (so no `..`, `//`, leading or trailing `/` or `.`),
 * and no `.lock` anywhere. Conservative on purpose: a name that is not plain gets every full scan.
 */
function scan(text: string): number {
  const length = text.length
  let plain = length > 0 && text.charCodeAt(0) !== 0x2d
  let dots = false
  // 3 ('/') before the first character: a leading '.' or '/' then fails like one after a '/'.
  let previous = 3
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 0x80) return NOT_ASCII
    if (!plain) continue
    const kind = PLAIN_CLASS[code] as number
    if (kind === 0 || (kind >= 2 && previous >= 2)) plain = false
    else if (kind === 2) dots = true
    previous = kind
  }
  if (!plain || previous >= 2 || (dots && text.includes('.lock'))) return ASCII_ONLY
  return PLAIN
}

/** A subject and room for git's verdict, filled by the engine (one object per name: this runs a million times a second). */
export interface SubjectWithVerdict extends NameSubject {
  problem: RefProblem | undefined
  checked: string
}

function make(name: string, gitName: string, kind: RefKind, utf8: boolean, ascii: boolean, plain: boolean): SubjectWithVerdict {
  return { name, gitName, kind, utf8, ascii, plain, problem: undefined, checked: gitName }
}

/** Builds the subject of a name given as text, or as raw bytes (a line of standard input, an event payload). */
export function subjectOf(input: string | Uint8Array, kind: RefKind): SubjectWithVerdict {
  if (typeof input === 'string') {
    const shape = scan(input)
    if (shape !== NOT_ASCII) return make(input, input, kind, true, true, shape === PLAIN)
    return make(input, input, kind, !LONE_SURROGATE.test(input), false, false)
  }
  let ascii = true
  for (const byte of input) {
    if (byte >= 0x80) {
      ascii = false
      break
    }
  }
  const latin1 = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1')
  if (ascii) return make(latin1, latin1, kind, true, true, scan(latin1) === PLAIN)
  try {
    const text = decoder.decode(input)
    return make(text, text, kind, true, false, false)
  } catch {
    return make(latin1, latin1, kind, false, false, false)
  }
}

/**
 * The name quoted for a message: printable ASCII and visible letters as they are; control, format, separator and
 * private characters (and every byte of a name that is not UTF-8) escaped, so what a reader sees is what git sees.
 */
export function quoteName(subject: NameSubject): string {
  const quoted = quoteWhole(subject)
  if (quoted.length <= QUOTE_LIMIT) return quoted
  const cut = quoted.slice(0, QUOTE_LIMIT - 20)
  return `${cut.slice(0, cut.length - (/\\[^']{0,9}$/.exec(cut)?.[0].length ?? 0))}…' (${subject.gitName.length} characters)`
}

// A message quotes at most this much of a name: a megabyte name must not make a megabyte message.
const QUOTE_LIMIT = 200

function quoteWhole(subject: NameSubject): string {
  let out = ''
  if (!subject.utf8) {
    for (let index = 0; index < subject.gitName.length && out.length <= QUOTE_LIMIT; index++) {
      const code = subject.gitName.charCodeAt(index)
      if (code >= 0x20 && code < 0x7f) out += subject.gitName[index]
      else out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase()}}`
    }
    return `'${out}'`
  }
  for (const char of subject.name) {
    if (out.length > QUOTE_LIMIT) break
    const code = char.codePointAt(0) ?? 0
    if (code >= 0x20 && code < 0x7f) out += char
    else if (code >= 0x80 && !INVISIBLE_OR_CONTROL.test(char)) out += char
    else out += code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase()}}`
  }
  return `'${out}'`
}

const INVISIBLE_OR_CONTROL = /^[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}]$/u

/** 1-based character (code point) position of a code unit index, for messages. */
export function positionOf(text: string, index: number): number {
  let position = 1
  for (let cursor = 0; cursor < index && cursor < text.length; cursor++) {
    const code = text.charCodeAt(cursor)
    if (code >= 0xd800 && code <= 0xdbff && cursor + 1 < text.length) cursor++
    position++
  }
  return position
}

/** `refs/heads/x` is branch x and `refs/tags/x` tag x; other names are not a branch or a tag. */
export function splitRef(ref: string): { kind: 'branch' | 'tag'; name: string } | undefined {
  if (ref.startsWith('refs/heads/')) return { kind: 'branch', name: ref.slice(11) }
  if (ref.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice(10) }
  return undefined
}
