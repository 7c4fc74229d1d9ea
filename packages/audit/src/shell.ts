/**
 * A parser for the part of bash the audits read: statements and pipelines, commands with their words,
 * assignments and redirections (heredocs included), and inside words the quotes, parameter expansions, command
 * substitutions (recursively parsed) and arithmetic. Compound commands are read through: their bodies are
 * statements, and a redirection after `}`, `)` or `done` applies to every command of the group.
 *
 * Why not a general-purpose grammar: tree-sitter-bash (WebAssembly) parses fast, but V8 tiers its huge generated
 * lexer up with TurboFan in the background, which cost ~450 MB of RSS and ~0.6 s of CPU over the corpus;
 * mvdan-sh (Go compiled to JavaScript) took ~40 ms per 2 KB script. See the audit section of the README.
 */
export interface ShellNode {
  /** `File`, `Stmt`, `CallExpr`, `Assign`, `Redirect`, `Word`, `Lit`, `SglQuoted`, `DblQuoted`, `ParamExp`, `CmdSubst`, `ArithmExp`, `ProcSubst`. */
  type: string
  /** Offsets in the script. */
  start: number
  end: number
  /** 0-based line of `start`. */
  line: number
  children: ShellNode[]
  /** `Lit` and `SglQuoted`: the text; `ParamExp`: the parameter name; `Assign`: the variable name. */
  value?: string
  /** A `Word` that is the body of a heredoc. */
  heredoc?: boolean
}

/** Thrown for text the parser cannot make sense of (an unterminated quote); callers fall back to lines. */
class ShellSyntaxError extends Error {}

const OPERATOR_START = new Set(['|', '&', ';', '<', '>', '(', ')', '\n'])
const DECLARATIONS = new Set(['export', 'local', 'declare', 'readonly', 'typeset'])
const OPENERS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', 'time'])
const CLOSERS = new Set(['fi', 'esac', ';;'])

/**
 * Parses a bash script. `${{ }}` expressions are replaced by a same-length placeholder word first (see
 * `placeholder`), so the parser sees what the shell will: a word GitHub fills in. Undefined when the script
 * does not parse (the caller falls back to reading it line by line).
 */
export function parseShell(script: string): ShellNode | undefined {
  let index = 0
  const source = script.replace(/\$\{\{[\s\S]*?\}\}/g, (match) => placeholder(index++, match.length))
  const lineStarts = [0]
  for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) lineStarts.push(at + 1)
  try {
    const reader = new Reader(source, lineStarts)
    const root = reader.node('File', 0)
    root.children = reader.statements(undefined)
    root.end = source.length
    return root
  } catch (error) {
    if (error instanceof ShellSyntaxError) return undefined
    throw error
  }
}

interface PendingHeredoc {
  delimiter: string
  strip: boolean
  literal: boolean
  redirect: ShellNode
}

/** A recursive-descent reader over the script text. */
class Reader {
  position = 0
  /** Set when the word just read closed the group being read. */
  private closed = false
  private heredocs: PendingHeredoc[] = []

  constructor(
    private readonly text: string,
    private readonly lineStarts: number[],
  ) {}

  node(type: string, start: number, children: ShellNode[] = []): ShellNode {
    let low = 0
    let high = this.lineStarts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (this.lineStarts[middle]! <= start) low = middle
      else high = middle - 1
    }
    return { type, start, end: start, line: low, children }
  }

  private peek(offset = 0): string {
    return this.text[this.position + offset] ?? ''
  }

  private skipBlanks(): void {
    for (;;) {
      const char = this.peek()
      if (char === ' ' || char === '\t' || char === '\r') this.position++
      else if (char === '\\' && this.peek(1) === '\n') this.position += 2
      else if (char === '#') {
        while (this.position < this.text.length && this.peek() !== '\n') this.position++
      } else return
    }
  }

  /** Statements until the end, or until the closing `}`, `)` or `done` of a group (consumed). */
  statements(closer: string | undefined): ShellNode[] {
    const statements: ShellNode[] = []
    for (;;) {
      this.skipBlanks()
      const char = this.peek()
      if (char === '') {
        if (closer !== undefined && closer !== 'done') throw new ShellSyntaxError(`missing ${closer}`)
        return statements
      }
      if (char === '\n') {
        this.position++
        this.readHeredocBodies()
        continue
      }
      if (char === ';' || char === '&' || char === '|') {
        this.position++
        continue
      }
      if (char === ')') {
        this.position++
        if (closer === ')') return statements
        continue // a case pattern's parenthesis
      }
      const statement = this.statement(closer)
      if (statement !== undefined) statements.push(statement)
      if (this.closed) {
        this.closed = false
        return statements
      }
    }
  }

  /** One pipeline with its redirections; sets `closed` when a word closes the current group. */
  private statement(closer: string | undefined): ShellNode | undefined {
    const statement = this.node('Stmt', this.position)
    for (;;) {
      this.skipBlanks()
      const command = this.command(statement, closer)
      if (command === 'closed') {
        this.closed = true
        break
      }
      if (command !== undefined) statement.children.push(command)
      this.skipBlanks()
      if (this.peek() === '|' && this.peek(1) !== '|') {
        this.position += this.peek(1) === '&' ? 2 : 1
        continue
      }
      break
    }
    statement.end = this.position
    return statement.children.length === 0 ? undefined : statement
  }

  /** A simple command (words, assignments, redirections) or a group; redirections go to the statement. */
  private command(statement: ShellNode, closer: string | undefined): ShellNode | undefined | 'closed' {
    const call = this.node('CallExpr', this.position)
    let declaration = false
    for (;;) {
      this.skipBlanks()
      const char = this.peek()
      if (char === '' || char === '\n' || char === ';' || char === '&' || char === '|' || char === ')') break
      const redirect = this.redirect()
      if (redirect !== undefined) {
        statement.children.push(redirect)
        continue
      }
      if ((char === '(' || char === '{') && call.children.length === 0) {
        // A group: its commands join the statement, so that a redirection after it applies to all of them.
        if (char === '{' && !/[\s;]/.test(this.peek(1))) {
          // `{a,b}` brace expansion: an ordinary word.
        } else {
          this.position++
          const group = this.node('Block', this.position - 1, this.statements(char === '(' ? ')' : '}'))
          group.end = this.position
          statement.children.push(group)
          continue
        }
      }
      const wordStart = this.position
      const word = this.word()
      if (word === undefined) break
      const text = this.text.slice(wordStart, this.position)
      if (call.children.length === 0) {
        if (text === closer) return 'closed'
        if (text === '}') continue // the end of a function body or of a group read as plain statements
        if (text === 'done') {
          // The end of a loop body read as plain statements: a redirection after it applies to the loop.
          continue
        }
        if (OPENERS.has(text) || CLOSERS.has(text) || text === 'for' || text === 'case' || text === 'function') {
          if (text === 'for' || text === 'case') this.skipToKeyword(text === 'for' ? ['do', ';', '\n'] : ['in'])
          continue
        }
      }
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=/.exec(text)
      if (assignment !== null && (call.children.every((child) => child.type === 'Assign') || declaration)) {
        const assign = this.node('Assign', wordStart, [])
        assign.value = assignment[1]
        assign.end = this.position
        const valueStart = wordStart + assignment[0].length
        assign.children.push(this.subWord(valueStart, this.position))
        call.children.push(assign)
        continue
      }
      if (call.children.every((child) => child.type === 'Assign') && DECLARATIONS.has(text)) declaration = true
      call.children.push(word)
    }
    call.end = this.position
    return call.children.length === 0 ? undefined : call
  }

  /** Skips `for x in a b` / `case $x in` headers up to a keyword. */
  private skipToKeyword(stops: string[]): void {
    for (;;) {
      this.skipBlanks()
      const char = this.peek()
      if (char === '' || stops.includes(char)) return
      const start = this.position
      if (this.word() === undefined) {
        this.position++
        continue
      }
      if (stops.includes(this.text.slice(start, this.position))) return
    }
  }

  /** A redirection at the current position (with an optional fd number before it), or undefined. */
  private redirect(): ShellNode | undefined {
    // A redirection starts with a digit, `&`, `<` or `>`: most words do not, so skip the regular expression.
    const first = this.peek()
    if (first !== '<' && first !== '>' && first !== '&' && !(first >= '0' && first <= '9')) return undefined
    const match = /^(\d*|&)(>>|>\||>&|>|<<<|<<-|<<|<&|<>|<)/.exec(this.text.slice(this.position, this.position + 6))
    if (match === null) return undefined
    if (match[1] === '' && this.peek(1) === '(' && (this.peek() === '<' || this.peek() === '>')) return undefined // process substitution
    const redirect = this.node('Redirect', this.position)
    this.position += match[0].length
    this.skipBlanks()
    const targetStart = this.position
    const target = this.word()
    if (target === undefined) throw new ShellSyntaxError('redirection without a target')
    redirect.children.push(target)
    redirect.end = this.position
    if (match[2] === '<<' || match[2] === '<<-') {
      const raw = this.text.slice(targetStart, this.position)
      this.heredocs.push({ delimiter: raw.replace(/["'\\]/g, ''), strip: match[2] === '<<-', literal: /["'\\]/.test(raw), redirect })
    }
    return redirect
  }

  /** Reads the bodies of the heredocs opened on the line just ended. */
  private readHeredocBodies(): void {
    const pending = this.heredocs
    this.heredocs = []
    for (const heredoc of pending) {
      const start = this.position
      let end = this.text.length
      let next = this.text.length
      for (let lineStart = start; lineStart < this.text.length;) {
        const newline = this.text.indexOf('\n', lineStart)
        const lineEnd = newline === -1 ? this.text.length : newline
        const line = this.text.slice(lineStart, lineEnd).replace(/\r$/, '')
        if ((heredoc.strip ? line.replace(/^\t+/, '') : line).trim() === heredoc.delimiter) {
          end = lineStart
          next = newline === -1 ? this.text.length : newline + 1
          break
        }
        lineStart = lineEnd + 1
      }
      const body = heredoc.literal ? this.literalWord(start, end) : this.subWord(start, end, true)
      body.heredoc = true
      heredoc.redirect.children.push(body)
      this.position = next
    }
  }

  private literalWord(start: number, end: number): ShellNode {
    const word = this.node('Word', start)
    const lit = this.node('Lit', start)
    lit.value = this.text.slice(start, end)
    lit.end = end
    word.children.push(lit)
    word.end = end
    return word
  }

  /** Parses text[start, end) as the inside of a word (an assignment's value, a heredoc body). */
  private subWord(start: number, end: number, heredoc = false): ShellNode {
    const saved = this.position
    this.position = start
    const word = this.node('Word', start)
    word.children = this.parts(end, heredoc ? 'heredoc' : 'word')
    word.end = end
    this.position = saved
    return word
  }

  /** A word at the current position, or undefined at an operator or the end. */
  private word(): ShellNode | undefined {
    const char = this.peek()
    if (char === '' || (OPERATOR_START.has(char) && !((char === '<' || char === '>') && this.peek(1) === '('))) return undefined
    const word = this.node('Word', this.position)
    word.children = this.parts(this.text.length, 'word')
    word.end = this.position
    return word.children.length === 0 ? undefined : word
  }

  /**
   * The parts of a word up to `limit`: in `word` mode a blank or an operator ends it; in `double` mode a closing
   * quote; in `heredoc` mode only the limit (quotes are text there).
   */
  private parts(limit: number, mode: 'word' | 'double' | 'heredoc'): ShellNode[] {
    const parts: ShellNode[] = []
    let literalStart = this.position
    const flush = (end = this.position): void => {
      if (end > literalStart) {
        const lit = this.node('Lit', literalStart)
        lit.value = this.text.slice(literalStart, end)
        lit.end = end
        parts.push(lit)
      }
    }
    while (this.position < limit) {
      const char = this.peek()
      if (
        mode === 'word' &&
        (char === ' ' ||
          char === '\t' ||
          char === '\n' ||
          char === '\r' ||
          (OPERATOR_START.has(char) && !((char === '<' || char === '>') && this.peek(1) === '(')))
      )
        break
      if (mode === 'double' && char === '"') break
      if (char === '\\') {
        this.position += 2
        continue
      }
      if (mode === 'word' && char === "'") {
        flush()
        const start = this.position
        const close = this.text.indexOf("'", start + 1)
        if (close === -1) throw new ShellSyntaxError('unterminated single quote')
        const quoted = this.node('SglQuoted', start)
        quoted.value = this.text.slice(start + 1, close)
        this.position = close + 1
        quoted.end = this.position
        parts.push(quoted)
        literalStart = this.position
        continue
      }
      if (mode === 'word' && char === '"') {
        flush()
        const quoted = this.node('DblQuoted', this.position)
        this.position++
        quoted.children = this.parts(this.text.length, 'double')
        if (this.peek() !== '"') throw new ShellSyntaxError('unterminated double quote')
        this.position++
        quoted.end = this.position
        parts.push(quoted)
        literalStart = this.position
        continue
      }
      if (char === '$' || char === '`' || (mode === 'word' && (char === '<' || char === '>') && this.peek(1) === '(')) {
        const at = this.position
        const expansion = this.expansion()
        if (expansion !== undefined) {
          flush(at)
          parts.push(expansion)
          literalStart = this.position
          continue
        }
      }
      this.position++
    }
    flush()
    return parts
  }

  /** `$name`, `${...}`, `$(...)`, `` `...` ``, `$((...))`, `<(...)` at the current position. */
  private expansion(): ShellNode | undefined {
    const start = this.position
    const char = this.peek()
    const next = this.peek(1)
    if (char === '$' && next === '(' && this.peek(2) === '(') {
      const end = this.matching(start + 3, '(', ')', 2)
      const node = this.node('ArithmExp', start)
      this.position = end
      node.end = end
      return node
    }
    if ((char === '$' || char === '<' || char === '>') && next === '(') {
      const end = this.matching(start + 2, '(', ')', 1)
      const node = this.node(char === '$' ? 'CmdSubst' : 'ProcSubst', start)
      node.children = this.inner(start + 2, end - 1)
      this.position = end
      node.end = end
      return node
    }
    if (char === '`') {
      let end = start + 1
      while (end < this.text.length && this.text[end] !== '`') end += this.text[end] === '\\' ? 2 : 1
      if (end >= this.text.length) throw new ShellSyntaxError('unterminated backquote')
      const node = this.node('CmdSubst', start)
      node.children = this.inner(start + 1, end)
      this.position = end + 1
      node.end = this.position
      return node
    }
    if (char === '$' && next === '{') {
      const end = this.matching(start + 2, '{', '}', 1)
      const node = this.node('ParamExp', start)
      node.value = /^[#!]?([A-Za-z_][A-Za-z0-9_]*|\d+|[@*#?$!-])/.exec(this.text.slice(start + 2, end - 1))?.[1]
      this.position = end
      node.end = end
      return node
    }
    if (char === '$') {
      const name = /^([A-Za-z_][A-Za-z0-9_]*|\d|[@*#?$!-])/.exec(this.text.slice(start + 1, start + 80))?.[1]
      if (name === undefined) return undefined
      const node = this.node('ParamExp', start)
      node.value = name
      this.position = start + 1 + name.length
      node.end = this.position
      return node
    }
    return undefined
  }

  /** The offset just after the bracket that closes one opened before `from` (quotes and nesting respected). */
  private matching(from: number, open: string, close: string, count: number): number {
    let depth = 1
    let at = from
    while (at < this.text.length) {
      const char = this.text[at]!
      if (char === '\\') at += 2
      else if (char === "'" && open === '(') {
        // An apostrophe with no partner is text of a heredoc inside the substitution ("You've").
        const end = this.text.indexOf("'", at + 1)
        at = end === -1 ? at + 1 : end + 1
      } else if (char === '"') {
        at++
        while (at < this.text.length && this.text[at] !== '"') at += this.text[at] === '\\' ? 2 : 1
        at++
      } else if (char === open) {
        depth++
        at++
      } else if (char === close) {
        depth--
        at++
        if (depth === 0) {
          for (let extra = 1; extra < count; extra++) if (this.text[at] === close) at++
          return at
        }
      } else at++
    }
    throw new ShellSyntaxError(`missing ${close}`)
  }

  /** Statements of a nested script (a command substitution's body). */
  private inner(start: number, end: number): ShellNode[] {
    const reader = new Reader(this.text.slice(0, end), this.lineStarts)
    reader.position = start
    return reader.statements(undefined)
  }
}

/** The word standing for the n-th `${{ }}` of a script (same length, so lines do not move). */
export function placeholder(index: number, length: number): string {
  const tag = `_G${index.toString(36)}`
  return tag.length <= length ? tag + 'E'.repeat(length - tag.length) : '_'.repeat(length)
}

/** The indexes of the `${{ }}` placeholders in a piece of script text. */
export function placeholdersIn(text: string): number[] {
  return [...text.matchAll(/_G([0-9a-z]+)E+/g)].map((match) => parseInt(match[1]!, 36))
}

/** Every node below (and including) `node`, depth first; the visitor returns false to skip a node's children. */
export function walkShell(node: ShellNode, visit: (node: ShellNode) => boolean | void): void {
  if (visit(node) === false) return
  const children = node.children
  for (let index = 0; index < children.length; index++) walkShell(children[index]!, visit)
}

/** A word's text as written, near enough for matching names: literals, quotes, `$NAME`, `$(...)`. */
export function wordText(node: ShellNode | undefined): string {
  if (node === undefined) return ''
  switch (node.type) {
    case 'Lit':
    case 'SglQuoted':
      return node.value ?? ''
    case 'ParamExp':
      return `$${node.value ?? ''}`
    case 'CmdSubst':
      return '$(...)'
    default:
      return node.children.map(wordText).join('')
  }
}
