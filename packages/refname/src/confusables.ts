// Unicode TR39 confusables.txt (the prototype of each confusable character), as the unhomoglyph package ships it.
// A static JSON import, so that ncc bundles the table into the action.
import data from 'unhomoglyph/data.json' with { type: 'json' }

const prototypes = data as Record<string, string>

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/

/** The printable ASCII text a non-ASCII character is confusable with (`а` U+0430 -> `a`, `ｍ` -> `m`), or undefined. */
export function asciiLookalike(char: string): string | undefined {
  if (char.charCodeAt(0) < 0x80) return undefined
  // confusables.txt leaves out characters that NFKC already folds (fullwidth ｍ), so fall back to NFKC.
  const prototype = prototypes[char] ?? char.normalize('NFKC')
  return PRINTABLE_ASCII.test(prototype) ? prototype : undefined
}

/** TR39 skeleton: NFD, each character replaced by its prototype, NFD again. Equal skeletons look alike. */
export function skeleton(text: string): string {
  let out = ''
  for (const char of text.normalize('NFD')) out += prototypes[char] ?? char
  return out.normalize('NFD')
}
