/** One `FROM` of a Dockerfile: the image after ARG substitution, and where it is written. */
export interface FromLine {
  /** The image as written, e.g. `${BASE}` or `node:20`. */
  written: string
  /** After substituting `ARG` defaults; undefined when an ARG has no default (cannot be decided). */
  image: string | undefined
  /** Offsets of the image token in the file. */
  start: number
  end: number
  /** True for `scratch` and for earlier build stages (`FROM build`), which are not pulled. */
  local: boolean
}

/**
 * The `FROM` lines of a Dockerfile with line continuations joined. ARGs declared before the first FROM supply
 * defaults for `${NAME}` / `$NAME` in FROM (as BuildKit does); `AS name` stages may be used by later FROMs.
 */
export function fromLines(text: string): FromLine[] {
  const args = new Map<string, string | undefined>()
  const stages = new Set<string>()
  const found: FromLine[] = []
  let seenFrom = false
  for (const instruction of instructions(text)) {
    const keyword = /^\s*([A-Za-z]+)/.exec(instruction.text)?.[1]?.toUpperCase()
    if (keyword === 'ARG' && !seenFrom) {
      for (const declaration of instruction.text
        .replace(/^\s*ARG\s+/i, '')
        .trim()
        .split(/\s+/)) {
        const [name, ...value] = declaration.split('=')
        if (name) args.set(name, value.length > 0 ? value.join('=').replace(/^["']|["']$/g, '') : undefined)
      }
      continue
    }
    if (keyword !== 'FROM') continue
    seenFrom = true
    const tokenPattern = /\S+/g
    tokenPattern.lastIndex = instruction.text.search(/FROM/i) + 4
    const tokens: { text: string; index: number }[] = []
    for (let match = tokenPattern.exec(instruction.text); match !== null; match = tokenPattern.exec(instruction.text))
      tokens.push({ text: match[0], index: match.index })
    const imageToken = tokens.find((token) => !token.text.startsWith('--'))
    if (imageToken === undefined) continue
    const alias =
      tokens[tokens.indexOf(imageToken) + 1]?.text.toUpperCase() === 'AS' ? tokens[tokens.indexOf(imageToken) + 2]?.text : undefined
    const image = substitute(imageToken.text, args)
    const local = image !== undefined && (image.toLowerCase() === 'scratch' || stages.has(image.toLowerCase()))
    const start = instruction.offsets[imageToken.index]!
    found.push({ written: imageToken.text, image, start, end: start + imageToken.text.length, local })
    if (alias !== undefined) stages.add(alias.toLowerCase())
  }
  return found
}

function substitute(token: string, args: Map<string, string | undefined>): string | undefined {
  let undecided = false
  const result = token.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced: string, fallback: string | undefined, bare: string) => {
      const value = args.get(braced ?? bare)
      if (value !== undefined && value !== '') return value
      if (fallback !== undefined) return fallback
      undecided = true
      return ''
    },
  )
  return undecided ? undefined : result
}

/** Logical instructions: comment lines dropped, `\` continuations joined, with each character's file offset. */
function instructions(text: string): { text: string; offsets: number[] }[] {
  const result: { text: string; offsets: number[] }[] = []
  let current = ''
  let offsets: number[] = []
  let lineStart = 0
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart)
    const lineEnd = newline === -1 ? text.length : newline
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '')
    if (!(current === '' && /^\s*#/.test(line))) {
      const continued = /\\\s*$/.test(line)
      const body = continued ? line.replace(/\\\s*$/, ' ') : line
      for (let index = 0; index < body.length; index++) {
        current += body[index]
        offsets.push(lineStart + index)
      }
      if (!continued) {
        if (current.trim() !== '') result.push({ text: current, offsets })
        current = ''
        offsets = []
      }
    }
    if (newline === -1) break
    lineStart = newline + 1
  }
  if (current.trim() !== '') result.push({ text: current, offsets })
  return result
}
