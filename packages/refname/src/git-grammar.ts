/**
 * git's ref name grammar, transcribed from refs.c `check_refname_format` / `check_refname_component` and
 * builtin/check-ref-format.c (git 2.39) so that a name is valid here exactly when git accepts it. It works on
 * UTF-16 code units: git looks at bytes and treats every byte >= 0x80 alike, so any non-ASCII code unit behaves as
 * the bytes of its UTF-8 encoding do. Pass a latin1 string of raw bytes to check bytes that are not UTF-8.
 */

/** Flags of `git check-ref-format`. */
export interface RefFormatFlags {
  /** `--allow-onelevel`: accept a name with a single component (`main`). */
  allowOnelevel?: boolean
  /** `--refspec-pattern`: accept one `*` in the whole name. */
  refspecPattern?: boolean
  /** `--normalize`: drop leading slashes and collapse repeated ones before checking. */
  normalize?: boolean
}

export type RefProblemCode =
  | 'empty'
  | 'lone-at'
  | 'empty-component'
  | 'leading-dot'
  | 'double-dot'
  | 'at-brace'
  | 'control-character'
  | 'forbidden-character'
  | 'asterisk'
  | 'lock-suffix'
  | 'trailing-dot'
  | 'one-level'
  | 'leading-dash'
  | 'head'

/** Why git rejects a name, and the 0-based code unit index where it noticed. */
export interface RefProblem {
  code: RefProblemCode
  index: number
}

// refs.c refname_disposition: 0 ordinary, 1 end of component, 2 '.', 3 '{', 4 forbidden, 5 '*'.
// NUL ends a C string, so git can never receive one; here it is a control character like the others.
const DISPOSITION = new Uint8Array(128)
for (let code = 0; code < 0x20; code++) DISPOSITION[code] = 4
for (const char of ' :?[\\^~') DISPOSITION[char.charCodeAt(0)] = 4
DISPOSITION[0x7f] = 4
DISPOSITION[0x2f] = 1
DISPOSITION[0x2e] = 2
DISPOSITION[0x7b] = 3
DISPOSITION[0x2a] = 5

const SLASH = 0x2f
const DOT = 0x2e
const AT = 0x40

/**
 * The first reason git rejects `name` as a ref name under `flags`, or undefined when it accepts it.
 * `prefixComponents` is the number of components already written before `name` (`refs/heads/` is 2): the
 * one-level rule counts them and the lone `@` rule then does not apply.
 */
export function refFormatProblem(name: string, flags: RefFormatFlags = {}, prefixComponents = 0): RefProblem | undefined {
  const length = name.length
  if (prefixComponents === 0) {
    if (length === 0) return { code: 'empty', index: 0 }
    if (length === 1 && name.charCodeAt(0) === AT) return { code: 'lone-at', index: 0 }
  }
  let pattern = flags.refspecPattern === true
  let components = prefixComponents
  let start = 0
  for (;;) {
    let index = start
    let last = 0
    for (; index < length; index++) {
      const code = name.charCodeAt(index)
      if (code >= 0x80) {
        last = code
        continue
      }
      const disposition = DISPOSITION[code]
      if (disposition === 0) {
        last = code
        continue
      }
      if (disposition === 1) break
      if (disposition === 2) {
        if (last === DOT) return { code: 'double-dot', index: index - 1 }
      } else if (disposition === 3) {
        if (last === AT) return { code: 'at-brace', index: index - 1 }
      } else if (disposition === 4) {
        return { code: code < 0x20 || code === 0x7f ? 'control-character' : 'forbidden-character', index }
      } else {
        if (!pattern) return { code: 'asterisk', index }
        pattern = false
      }
      last = code
    }
    if (index === start) return { code: 'empty-component', index: start }
    if (name.charCodeAt(start) === DOT) return { code: 'leading-dot', index: start }
    if (index - start >= 5 && name.startsWith('.lock', index - 5)) return { code: 'lock-suffix', index: index - 5 }
    components++
    if (index >= length) break
    start = index + 1
  }
  if (name.charCodeAt(length - 1) === DOT) return { code: 'trailing-dot', index: length - 1 }
  if (flags.allowOnelevel !== true && components < 2) return { code: 'one-level', index: 0 }
  return undefined
}

/**
 * The verdict of `refFormatProblem` / `branchNameProblem` / `tagNameProblem` for a name the subject pre-scan proved
 * plain (ASCII letters, digits, `._/-`, no empty component, no component starting or ending with '.', no `.lock`,
 * no leading '-'): only a one-level full ref name and the branch `HEAD` remain to refuse. `--normalize` leaves such
 * a name as it is.
 */
export function plainNameProblem(name: string, kind: 'branch' | 'tag' | 'ref', flags: RefFormatFlags): RefProblem | undefined {
  if (kind === 'branch') return name === 'HEAD' ? { code: 'head', index: 0 } : undefined
  if (kind === 'tag') return undefined
  if (flags.allowOnelevel !== true && !name.includes('/')) return { code: 'one-level', index: 0 }
  return undefined
}

/** `git check-ref-format --normalize`: leading slashes removed, runs of slashes collapsed to one. */
export function collapseSlashes(name: string): string {
  if (!name.includes('/')) return name
  let out = ''
  let previous = SLASH
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index)
    if (code === SLASH && previous === SLASH) continue
    out += name[index]
    previous = code
  }
  return out
}

/** `git check-ref-format --branch` outside a repository (builtin/check-ref-format.c, strbuf_check_branch_ref). */
export function branchNameProblem(name: string): RefProblem | undefined {
  if (name.charCodeAt(0) === 0x2d) return { code: 'leading-dash', index: 0 }
  if (name === 'HEAD') return { code: 'head', index: 0 }
  return refFormatProblem(name, {}, 2)
}

/** What `git tag` accepts (builtin/tag.c strbuf_check_tag_ref): no leading `-`, and `refs/tags/<name>` valid. */
export function tagNameProblem(name: string): RefProblem | undefined {
  if (name.charCodeAt(0) === 0x2d) return { code: 'leading-dash', index: 0 }
  return refFormatProblem(name, {}, 2)
}

const EXPLANATIONS: Record<RefProblemCode, string> = {
  empty: 'the name is empty',
  'lone-at': "a name that is only '@' is reserved (git reads '@' as HEAD)",
  'empty-component': "it has an empty component (a leading, trailing or doubled '/')",
  'leading-dot': "a component starts with '.'",
  'double-dot': "it contains '..' (git reads it as a revision range)",
  'at-brace': "it contains '@{' (git reads it as a reflog selector)",
  'control-character': 'it contains a control character',
  'forbidden-character': 'it contains a character git forbids in ref names (space, ~ ^ : ? [ \\)',
  asterisk: "it contains '*' (only one is allowed, and only in a refspec pattern)",
  'lock-suffix': "a component ends with '.lock' (git's lock file suffix)",
  'trailing-dot': "it ends with '.'",
  'one-level': "it has a single component (a full ref name needs a '/', e.g. refs/heads/x, unless --allow-onelevel)",
  'leading-dash': "it starts with '-' (git would read it as an option)",
  head: "'HEAD' is not a branch name (git reserves it for the current commit)",
}

/** One phrase saying which rule broke, e.g. "it contains '..' (git reads it as a revision range)". */
export function explainProblem(problem: RefProblem): string {
  return EXPLANATIONS[problem.code]
}
