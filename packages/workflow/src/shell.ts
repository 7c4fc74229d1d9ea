/**
 * A small reader for the POSIX shell that `run:` steps hold: words (quotes removed, expansions kept as written),
 * commands, pipelines and the lists that join them, with offsets into the script. It is not an interpreter: it
 * never expands variables. Enough to ask "which programs run, with which arguments, piped into what".
 */

/** A `$(...)` or backtick command substitution inside a word: its script and where it starts in the outer one. */
export interface ShellSubstitution {
  script: string
  start: number
}

export interface ShellWord {
  /** The word with quotes and backslashes removed; `$VAR` and `$(...)` are kept as written. */
  value: string
  /** The word as written. */
  raw: string
  start: number
  end: number
  /** True when any part of the word was quoted. */
  quoted: boolean
  substitutions: ShellSubstitution[]
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `<<`, `<<<`, `2>`, `&>`, `>&` ... */
  operator: string
  target: ShellWord | undefined
}

/** One simple command: its words (assignments and reserved words included, as written) and redirections. */
export interface ShellCommand {
  words: ShellWord[]
  redirects: ShellRedirect[]
  start: number
  end: number
}

/** Commands joined by `|`, in order; a lone command is a pipeline of one. */
export interface ShellPipeline {
  commands: ShellCommand[]
  start: number
  end: number
}

const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'for',
  'case',
  'esac',
  'in',
  '!',
  '{',
  '}',
  'time',
])
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/

/**
 * The pipelines of a script in source order, including those inside `$(...)` substitutions (offsets stay relative
 * to the outer script). Never throws: unbalanced quotes end at the end of the script.
 */
export function parseShell(script: string): ShellPipeline[] {
  const pipelines = readPipelines(script, 0, script.length)
  let nested: ShellPipeline[] | undefined
  const visit = (word: ShellWord | undefined): void => {
    if (word === undefined || word.substitutions.length === 0) return
    nested ??= []
    for (const substitution of word.substitutions) nested.push(...shifted(parseShell(substitution.script), substitution.start))
  }
  for (const pipeline of pipelines) {
    for (const command of pipeline.commands) {
      for (const word of command.words) visit(word)
      for (const redirect of command.redirects) visit(redirect.target)
    }
  }
  return nested === undefined ? pipelines : [...pipelines, ...nested].sort((a, b) => a.start - b.start)
}

/**
 * The words of a command that name the program and its arguments: leading variable assignments, reserved words
 * (`if`, `then`, `!`, ...) and privilege wrappers (`sudo`, `env`, `exec`, `command`, `nohup`) with their options
 * are skipped. The result may be the command's own list: read it, do not change it.
 */
export function commandWords(command: ShellCommand): ShellWord[] {
  const words = command.words
  let index = 0
  while (index < words.length) {
    const value = words[index]!.value
    if (RESERVED.has(value) || ASSIGNMENT.test(value)) {
      index++
      continue
    }
    if (value === 'sudo' || value === 'env' || value === 'exec' || value === 'command' || value === 'nohup') {
      index++
      while (index < words.length && (words[index]!.value.startsWith('-') || ASSIGNMENT.test(words[index]!.value))) {
        // `sudo -u user cmd`: options that take a value
        const option = words[index]!.value
        index += value === 'sudo' && /^-[ugCDhpRrTt]$/.test(option) ? 2 : 1
      }
      continue
    }
    break
  }
  return index === 0 ? words : words.slice(index)
}

function shifted(pipelines: ShellPipeline[], by: number): ShellPipeline[] {
  const moveWord = (word: ShellWord): ShellWord => ({
    ...word,
    start: word.start + by,
    end: word.end + by,
    substitutions: word.substitutions.map((substitution) => ({ ...substitution, start: substitution.start + by })),
  })
  return pipelines.map((pipeline) => ({
    start: pipeline.start + by,
    end: pipeline.end + by,
    commands: pipeline.commands.map((command) => ({
      start: command.start + by,
      end: command.end + by,
      words: command.words.map(moveWord),
      redirects: command.redirects.map((redirect) => ({
        operator: redirect.operator,
        target: redirect.target ? moveWord(redirect.target) : undefined,
      })),
    })),
  }))
}

function readPipelines(script: string, from: number, to: number): ShellPipeline[] {
  const pipelines: ShellPipeline[] = []
  let commands: ShellCommand[] = []
  let command: ShellCommand | undefined
  let pendingRedirect: string | undefined
  const heredocs: { delimiter: string; strip: boolean }[] = []

  const endCommand = (): void => {
    if (command !== undefined && (command.words.length > 0 || command.redirects.length > 0)) commands.push(command)
    command = undefined
  }
  const endPipeline = (): void => {
    endCommand()
    if (commands.length > 0) pipelines.push({ commands, start: commands[0]!.start, end: commands[commands.length - 1]!.end })
    commands = []
  }
  const addWord = (word: ShellWord): void => {
    command ??= { words: [], redirects: [], start: word.start, end: word.end }
    command.end = word.end
    if (pendingRedirect !== undefined) {
      command.redirects.push({ operator: pendingRedirect, target: word })
      if (pendingRedirect === '<<' || pendingRedirect === '<<-') heredocs.push({ delimiter: word.value, strip: pendingRedirect === '<<-' })
      pendingRedirect = undefined
    } else command.words.push(word)
  }

  let index = from
  while (index < to) {
    const char = script[index]!
    if (char === ' ' || char === '\t' || char === '\r') {
      index++
      continue
    }
    if (char === '\\' && script[index + 1] === '\n') {
      index += 2
      continue
    }
    if (char === '#') {
      while (index < to && script[index] !== '\n') index++
      continue
    }
    if (char === '\n') {
      endPipeline()
      index++
      // Here-document bodies follow the line that opened them; their text is data, not commands.
      while (heredocs.length > 0) {
        const { delimiter, strip } = heredocs.shift()!
        while (index < to) {
          const lineEnd = script.indexOf('\n', index) === -1 || script.indexOf('\n', index) > to ? to : script.indexOf('\n', index)
          const line = script.slice(index, lineEnd).replace(/\r$/, '')
          index = Math.min(to, lineEnd + 1)
          if ((strip ? line.replace(/^\t+/, '') : line) === delimiter) break
        }
      }
      continue
    }
    const processSubstitution = (char === '<' || char === '>') && script[index + 1] === '('
    const operator = processSubstitution ? undefined : operatorAt(script, index)
    if (operator !== undefined) {
      if (operator === '|' || operator === '|&') endCommand()
      else if (/^[0-9]*(<<-|<<<|<<|>>|>&|<&|&>>|&>|>\||<>|>|<)$/.test(operator)) {
        command ??= { words: [], redirects: [], start: index, end: index + operator.length }
        pendingRedirect = operator.replace(/^[0-9]+/, '')
      } else endPipeline()
      index += operator.length
      continue
    }
    const word = readWord(script, index, to)
    addWord(word)
    // A word always holds at least the character it starts at; the guard keeps any future gap from looping.
    index = Math.max(word.end, index + 1)
  }
  endPipeline()
  return pipelines
}

const OPERATORS = ['&&', '||', ';;', '|&', '&>>', '&>', '<<<', '<<-', '<<', '>>', '>&', '<&', '>|', '<>', '|', '&', ';', '(', ')', '<', '>']

function isOperatorStart(code: number): boolean {
  return code === 0x26 || code === 0x7c || code === 0x3b || code === 0x28 || code === 0x29 || code === 0x3c || code === 0x3e
}

function operatorAt(script: string, index: number): string | undefined {
  let at = index
  while (at < script.length && at - index < 3 && isDigit(script.charCodeAt(at))) at++
  const digits = at > index
  if (!isOperatorStart(script.charCodeAt(at))) return undefined
  for (const operator of OPERATORS) {
    if (script.startsWith(operator, at)) {
      if (digits && operator[0] !== '<' && operator[0] !== '>') return undefined
      return script.slice(index, at) + operator
    }
  }
  return undefined
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** Character classes by code: 1 ends an unquoted word, 2 needs more than copying inside one. */
const CLASS = new Uint8Array(128)
// Bash's metacharacters (and \r, read as a blank in CRLF scripts); a form feed or vertical tab is part of a word there.
for (const char of ' \t\n\r|&;()<>') CLASS[char.charCodeAt(0)] = 1
for (const char of '\\\'"$`') CLASS[char.charCodeAt(0)] = 2
const isSpecial = (code: number): boolean => code < 128 && CLASS[code] !== 0

function readWord(script: string, start: number, to: number): ShellWord {
  let value = ''
  let quoted = false
  const substitutions: ShellSubstitution[] = []
  let index = start
  while (index < to) {
    if (!isSpecial(script.charCodeAt(index))) {
      let end = index + 1
      while (end < to && !isSpecial(script.charCodeAt(end))) end++
      value += script.slice(index, end)
      index = end
      continue
    }
    const char = script[index]!
    if ((char === '<' || char === '>') && script[index + 1] === '(') {
      // Process substitution `<(curl ...)`: a command whose output becomes a file name.
      const end = substitutionEnd(script, index, to)
      substitutions.push(substitutionOf(script, index, end))
      value += script.slice(index, end)
      index = end
      continue
    }
    if (CLASS[char.charCodeAt(0)] === 1) break
    if (char === '\\') {
      if (script[index + 1] === '\n') index += 2
      else {
        value += script[index + 1] ?? ''
        index += 2
      }
      continue
    }
    if (char === "'") {
      quoted = true
      const close = script.indexOf("'", index + 1)
      const end = close === -1 || close > to ? to : close
      value += script.slice(index + 1, end)
      index = end + 1
      continue
    }
    if (char === '"') {
      quoted = true
      index++
      while (index < to && script[index] !== '"') {
        const inner = script[index]!
        if (inner === '\\' && /["\\$`\n]/.test(script[index + 1] ?? '')) {
          if (script[index + 1] !== '\n') value += script[index + 1]
          index += 2
        } else if (inner === '`' || (inner === '$' && script[index + 1] === '(')) {
          const end = substitutionEnd(script, index, to)
          substitutions.push(substitutionOf(script, index, end))
          value += script.slice(index, end)
          index = end
        } else {
          let end = index + 1
          while (end < to && script[end] !== '"' && script[end] !== '\\' && script[end] !== '`' && script[end] !== '$') end++
          value += script.slice(index, end)
          index = end
        }
      }
      index++
      continue
    }
    if (script.startsWith('$(', index) || char === '`' || script.startsWith('${', index)) {
      const end = script.startsWith('${', index) ? braceEnd(script, index, to) : substitutionEnd(script, index, to)
      if (!script.startsWith('${', index)) substitutions.push(substitutionOf(script, index, end))
      value += script.slice(index, end)
      index = end
      continue
    }
    value += char
    index++
  }
  const end = Math.min(index, to)
  return { value, raw: script.slice(start, end), start, end, quoted, substitutions }
}

function substitutionOf(script: string, start: number, end: number): ShellSubstitution {
  const backtick = script[start] === '`'
  const inner = backtick ? start + 1 : start + 2
  const close = backtick ? end - 1 : end - 1
  return { script: script.slice(inner, Math.max(inner, close)), start: inner }
}

/** The offset after the `)` or backtick closing a substitution, skipping quotes and nested parentheses. */
function substitutionEnd(script: string, start: number, to: number): number {
  if (script[start] === '`') {
    let index = start + 1
    while (index < to && script[index] !== '`') index += script[index] === '\\' ? 2 : 1
    return Math.min(to, index + 1)
  }
  let depth = 0
  let index = start + 1
  while (index < to) {
    const char = script[index]!
    if (char === '\\') index += 2
    else if (char === "'") {
      const close = script.indexOf("'", index + 1)
      index = close === -1 ? to : close + 1
    } else if (char === '"') {
      index++
      while (index < to && script[index] !== '"') index += script[index] === '\\' ? 2 : 1
      index++
    } else if (char === '(') {
      depth++
      index++
    } else if (char === ')') {
      depth--
      index++
      if (depth === 0) return index
    } else index++
  }
  return to
}

function braceEnd(script: string, start: number, to: number): number {
  let depth = 0
  for (let index = start + 1; index < to; index++) {
    if (script[index] === '{') depth++
    else if (script[index] === '}' && --depth === 0) return index + 1
  }
  return to
}
