import type { NameIssue, NameRule } from '../rule.js'
import { kindWord } from '../rule.js'
import { positionOf, quoteName } from '../subject.js'

// Valid for git, yet they turn a name expanded into a `run:` script into code (`zzz";echo${IFS}"hello";#`).
const SHELL = new Uint8Array(128)
for (const char of '$`;|&<>(){}\'"!\\\n\r') SHELL[char.charCodeAt(0)] = 1

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{White_Space}]/gu
// 40 or 64 hex digits, alone or after refs/heads/ or refs/tags/.
const COMMIT_LENGTHS = new Set([40, 64, 50, 51, 74, 75])
const COMMIT_LIKE = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/

export const dangerousRefname: NameRule = {
  meta: {
    id: 'dangerous-refname',
    engine: 'refname',
    level: 'error',
    summary: 'Name that git accepts but that is dangerous in CI: shell metacharacters, a leading dash, a commit look-alike',
    help: 'Rename the branch or tag with letters, digits and - _ . / only. In workflows never expand a ref name into a script: pass it through env: and quote it ("$HEAD_REF").',
    options: {
      'max-bytes': {
        type: 'integer',
        minimum: 1,
        default: 255,
        'x-expect': 'a positive integer (bytes)',
        description: 'Longest name accepted, in UTF-8 bytes (GitHub refuses names over 255 bytes).',
      },
    },
    examples: {
      bad: 'pipeguard refname --kind branch \'zzz";echo${IFS}"hello";#\'',
      good: 'pipeguard refname --kind branch "fix/quote-handling"',
    },
  },
  compile(options) {
    const maxBytes = Number(options['max-bytes'] ?? 255)
    return (name) => {
      let issues: NameIssue[] | undefined
      const text = name.gitName
      let first = -1
      let count = 0
      // A plain name (subject pre-scan) holds none of them.
      for (let index = 0; name.plain !== true && index < text.length; index++) {
        const code = text.charCodeAt(index)
        if (code < 0x80 && SHELL[code] === 1) {
          if (first < 0) first = index
          count++
        }
      }
      if (first >= 0) {
        const char = JSON.stringify(text[first])
        const ifs = text.includes('${IFS}') || text.includes('$IFS') ? ' (with ${IFS} standing in for spaces)' : ''
        const more = count > 1 ? ` and ${count - 1} more shell metacharacter${count > 2 ? 's' : ''}` : ''
        ;(issues ??= []).push({
          key: 'shell',
          message: `${kindWord(name)} ${quoteName(name)} contains the shell metacharacter ${char} at position ${positionOf(text, first)}${more}${ifs}: a workflow that expands the name into a run: script executes it as code; rename it, and pass ref names to scripts through env: quoted`,
        })
      }
      if (text.charCodeAt(0) === 0x2d) {
        ;(issues ??= []).push({
          key: 'leading-dash',
          message: `${kindWord(name)} ${quoteName(name)} starts with '-': a command given the name as an argument reads it as an option (option injection); rename it`,
        })
      }
      if (text.length >= 40 && (!name.ascii || COMMIT_LENGTHS.has(text.length))) {
        const visible = name.utf8 && !name.ascii ? text.replace(INVISIBLE, '') : text
        if (COMMIT_LIKE.test(visible) || COMMIT_LIKE.test(visible.replace(/^refs\/(?:heads|tags)\//, ''))) {
          const hidden = visible.length !== text.length ? ' behind invisible characters' : ''
          ;(issues ??= []).push({
            key: 'commit-like',
            message: `${kindWord(name)} ${quoteName(name)} looks like a commit SHA${hidden}: checks and checkouts that accept a SHA can be tricked into treating the branch as a pinned commit (actions/checkout#2521); rename it`,
          })
        }
      }
      if (name.kind !== 'ref' && text.startsWith('refs/')) {
        ;(issues ??= []).push({
          key: 'refs-prefix',
          message: `${kindWord(name)} ${quoteName(name)} starts with 'refs/': it becomes refs/${name.kind === 'branch' ? 'heads' : 'tags'}/${name.name} and tools that take full ref names confuse it with another ref; rename it without the prefix`,
        })
      }
      if (text.length * 3 > maxBytes) {
        const bytes = name.utf8 ? Buffer.byteLength(text, 'utf8') : text.length
        if (bytes > maxBytes) {
          ;(issues ??= []).push({
            key: 'too-long',
            message: `${kindWord(name)} is ${bytes} bytes long, more than ${maxBytes}: GitHub refuses ref names over 255 bytes and file systems cut paths built from it; shorten it`,
          })
        }
      }
      return issues
    }
  },
}
