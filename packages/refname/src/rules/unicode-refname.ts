import { asciiLookalike } from '../confusables.js'
import type { NameIssue, NameRule } from '../rule.js'
import { kindWord } from '../rule.js'
import { scriptMix } from '../scripts.js'
import { positionOf, quoteName } from '../subject.js'

// Bidi controls reorder what a reviewer sees (Trojan Source, CVE-2021-42574).
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u
// Zero-width and other invisible characters make two different names look the same.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u
const LETTER = /\p{L}/u

function hex(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

function firstMatch(text: string, pattern: RegExp): { char: string; index: number } | undefined {
  const match = pattern.exec(text)
  return match === null ? undefined : { char: match[0], index: match.index }
}

export const unicodeRefname: NameRule = {
  meta: {
    id: 'unicode-refname',
    engine: 'refname',
    level: 'error',
    summary: 'Name with bidi controls, invisible characters, mixed scripts, ASCII look-alikes, non-NFC text or bytes that are not UTF-8',
    help: 'Rename the branch or tag in plain text: no invisible or direction-changing characters, one script, NFC form, valid UTF-8. Set allow-non-ascii: false to accept ASCII names only.',
    options: {
      'allow-non-ascii': {
        type: 'boolean',
        default: true,
        'x-expect': 'true or false',
        description: 'Accept names outside ASCII that pass the other checks (one script, NFC, no invisible characters).',
      },
    },
    examples: {
      bad: 'pipeguard refname --kind branch "rel\u0435ase/1.0"   # U+0435 CYRILLIC SMALL LETTER IE',
      good: 'pipeguard refname --kind branch "release/1.0"',
    },
  },
  compile(options) {
    const allowNonAscii = options['allow-non-ascii'] !== false
    return (name) => {
      if (name.ascii) return undefined
      const quoted = quoteName(name)
      const word = kindWord(name)
      if (!name.utf8) {
        return [
          {
            key: 'not-utf8',
            message: `${word} ${quoted} is not valid UTF-8: tools decode it differently (or replace bytes with U+FFFD), so the name you review is not the name git stores; rename it`,
          },
        ]
      }
      const text = name.name
      const issues: NameIssue[] = []
      const bidi = firstMatch(text, BIDI)
      if (bidi !== undefined) {
        issues.push({
          key: 'bidi',
          message: `${word} ${quoted} contains the bidirectional control ${hex(bidi.char)} at position ${positionOf(text, bidi.index)}: it reorders how the name is displayed, so reviewers read a different name than git uses; rename it`,
        })
      }
      const invisible = firstMatch(text.replace(BIDI, ''), INVISIBLE)
      if (invisible !== undefined) {
        const at = text.indexOf(invisible.char)
        issues.push({
          key: 'invisible',
          message: `${word} ${quoted} contains the invisible character ${hex(invisible.char)} at position ${positionOf(text, at)}: the name looks like another one that differs only by it; rename it`,
        })
      }
      if (text.normalize('NFC') !== text) {
        issues.push({
          key: 'not-nfc',
          message: `${word} ${quoted} is not in Unicode NFC form: it looks the same as its NFC spelling '${text.normalize('NFC')}' but is another ref (macOS and some tools normalize it); rename it in NFC`,
        })
      }
      let lookalike = ''
      let firstConfusable = -1
      let hasLatin = false
      let allLookalikes = true
      let index = 0
      for (const char of text) {
        const ascii = asciiLookalike(char)
        if (ascii !== undefined && firstConfusable < 0) firstConfusable = index
        if (char.charCodeAt(0) < 0x80) hasLatin ||= /[A-Za-z]/.test(char)
        else if (ascii === undefined && LETTER.test(char)) allLookalikes = false
        lookalike += ascii ?? char
        index += char.length
      }
      // TR39: a look-alike beside Latin letters (mixed-script confusable), or a name whose every letter has an
      // ASCII look-alike (whole-script confusable, 'раураl'). A Cyrillic word with a few such letters is just Cyrillic.
      if (firstConfusable >= 0 && (hasLatin || allLookalikes)) {
        const char = String.fromCodePoint(text.codePointAt(firstConfusable) ?? 0)
        issues.push({
          key: 'confusable',
          message: `${word} ${quoted} looks like '${lookalike}' but is not: ${hex(char)} at position ${positionOf(text, firstConfusable)} is a look-alike of '${asciiLookalike(char)}' (Unicode TR39 confusables); rename it in ASCII`,
        })
      }
      const mix = scriptMix(text)
      if (mix !== undefined) {
        issues.push({
          key: 'mixed-scripts',
          message: `${word} ${quoted} mixes the scripts ${mix.scripts.join(' and ')} (from position ${positionOf(text, mix.index)}): mixed-script names are the usual way to spoof a name; write it in one script`,
        })
      }
      if (!allowNonAscii && issues.length === 0) {
        const at = text.search(/\P{ASCII}/u)
        issues.push({
          key: 'non-ascii',
          message: `${word} ${quoted} contains non-ASCII text at position ${positionOf(text, at)} and the policy accepts ASCII names only (unicode-refname allow-non-ascii: false); rename it in ASCII`,
        })
      }
      return issues.length > 0 ? issues : undefined
    }
  },
}
