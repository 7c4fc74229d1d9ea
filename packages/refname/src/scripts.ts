// Scripts a ref name is likely to be written in; a letter of any other script counts as its own script ("Other").
const SCRIPT_NAMES = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Nko',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Georgian',
  'Hangul',
  'Ethiopic',
  'Cherokee',
  'Canadian_Aboriginal',
  'Ogham',
  'Runic',
  'Khmer',
  'Mongolian',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
  'Yi',
  'Coptic',
  'Tifinagh',
  'Vai',
  'Javanese',
  'Balinese',
  'Sundanese',
  'Lisu',
  'Bamum',
  'Adlam',
  'Gothic',
  'Deseret',
  'Osage',
  'Glagolitic',
] as const

const SCRIPTS = SCRIPT_NAMES.map((name) => ({ name, pattern: new RegExp(`\\p{Script_Extensions=${name}}`, 'u') }))
const NEUTRAL = /[\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]/u
const NOT_LETTER = /[^\p{L}\p{M}\p{N}]/u

// TR39 "highly restrictive": Latin may mix with the scripts of Japanese, Chinese (with Bopomofo) or Korean writing.
const ALLOWED_MIXES: readonly (readonly string[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
]

/** The scripts of a character by Script_Extensions (empty for digits, punctuation and other shared characters). */
export function scriptsOf(char: string): readonly string[] {
  if (char.charCodeAt(0) < 0x80) return /[A-Za-z]/.test(char) ? LATIN : NONE
  let scripts = KNOWN.get(char)
  if (scripts === undefined) {
    const found =
      NEUTRAL.test(char) || NOT_LETTER.test(char)
        ? NONE
        : SCRIPTS.filter((script) => script.pattern.test(char)).map((script) => script.name)
    scripts = found === NONE || found.length > 0 ? found : OTHER
    KNOWN.set(char, scripts)
  }
  return scripts
}

const LATIN: readonly string[] = ['Latin']
const NONE: readonly string[] = []
const OTHER: readonly string[] = ['Other']
// Fifty regular expressions per character are slow; a name repeats its characters, and the set of them is small.
const KNOWN = new Map<string, readonly string[]>()

export interface ScriptMix {
  scripts: string[]
  /** 0-based code unit index of the first character that brought in a second script. */
  index: number
}

/** The scripts a name mixes beyond what TR39's highly restrictive level allows, or undefined. */
export function scriptMix(text: string): ScriptMix | undefined {
  const used: string[] = []
  let offender = -1
  let index = 0
  for (const char of text) {
    const scripts = scriptsOf(char)
    if (scripts.length > 0 && !scripts.some((script) => used.includes(script))) {
      used.push(scripts[0] as string)
      if (used.length > 1 && offender < 0 && !allowed(used)) offender = index
    }
    index += char.length
  }
  if (used.length < 2 || allowed(used)) return undefined
  return { scripts: used, index: offender < 0 ? 0 : offender }
}

function allowed(used: readonly string[]): boolean {
  return used.length < 2 || ALLOWED_MIXES.some((mix) => used.every((script) => mix.includes(script)))
}
