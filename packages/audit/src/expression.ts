import { data, Evaluator, Lexer, Parser, wellKnownFunctions } from '@actions/expressions'
import { falsy, truthy } from '@actions/expressions/result'
import {
  Binary,
  ContextAccess,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Star,
  Unary,
  type Expr,
} from '@actions/expressions/ast'
import { TokenType } from '@actions/expressions/lexer'

export type { Expr }

const parsed = new Map<string, Expr | null>()
const KNOWN_FUNCTIONS = new Set(Object.keys(wellKnownFunctions).map((name) => name.toLowerCase()))
const STATUS_FUNCTIONS = ['success', 'always', 'failure', 'cancelled', 'hashfiles']

/**
 * Parses a `${{ }}` body (or an `if:` condition) with GitHub's own expression parser. Any context name is
 * accepted (a workflow may use contexts that the parser's list does not know yet), so only real syntax errors
 * fail; those return null. Results are cached by text: real workflows repeat the same expressions a lot.
 */
export function parseExpression(text: string): Expr | null {
  const cached = parsed.get(text)
  if (cached !== undefined) return cached
  let result: Expr | null
  try {
    const { tokens } = new Lexer(text).lex()
    const contexts = new Set<string>()
    const functions = new Set<string>()
    tokens.forEach((token, index) => {
      if (token.type !== TokenType.IDENTIFIER) return
      if (tokens[index + 1]?.type === TokenType.LEFT_PAREN) {
        const name = token.lexeme.toLowerCase()
        if (!KNOWN_FUNCTIONS.has(name) && !STATUS_FUNCTIONS.includes(name)) functions.add(token.lexeme)
      } else contexts.add(token.lexeme)
    })
    result = new Parser(
      tokens,
      [...contexts],
      [...functions].map((name) => ({ name, minArgs: 0, maxArgs: 255 })),
    ).parse()
  } catch {
    result = null
  }
  parsed.set(text, result)
  return result
}

const SIMPLE_PATH = /^[A-Za-z_][\w-]*(?:\.(?:[A-Za-z_][\w-]*|\*))*$/

/**
 * The context path of an expression that is nothing but a dotted path (`github.event.issue.title`), without
 * running the parser: most expressions in real workflows are like this.
 */
export function simplePath(text: string): ContextPath | undefined {
  let path = simplePaths.get(text)
  if (path === undefined) {
    const segments = SIMPLE_PATH.test(text) ? text.toLowerCase().split('.') : undefined
    path =
      segments === undefined || (segments.length === 1 && ['true', 'false', 'null'].includes(segments[0]!))
        ? null
        : { segments, computed: false }
    simplePaths.set(text, path)
  }
  return path ?? undefined
}

const simplePaths = new Map<string, ContextPath | null>()

/**
 * Empties the caches by expression text. Called after each run: the texts are slices of the files they come from,
 * so keeping them would keep every file of every repository audited in this process alive.
 */
export function releaseExpressionCaches(): void {
  parsed.clear()
  simplePaths.clear()
}

/** A context path as written, lowercased: `github.event.commits[0].message` is `github.event.commits.*.message`. */
export interface ContextPath {
  segments: string[]
  /** True when some index is computed (`inputs[inputs.foo]`): the path cannot be known statically. */
  computed: boolean
}

/** The context path an expression node reads, or undefined when it is not a plain (possibly indexed) context. */
export function contextPathOf(expr: Expr): ContextPath | undefined {
  const segments: string[] = []
  let computed = false
  let node: Expr = expr
  while (node instanceof IndexAccess) {
    const index = node.index
    if (index instanceof Literal) {
      const value = index.literal.coerceString()
      segments.unshift(/^\d+$/.test(value) ? '*' : value.toLowerCase())
    } else if (index instanceof Star) segments.unshift('*')
    else {
      segments.unshift('?')
      computed = true
    }
    node = node.expr
  }
  if (!(node instanceof ContextAccess)) return undefined
  segments.unshift(node.name.lexeme.toLowerCase())
  return { segments, computed }
}

/** Every context path read anywhere in the expression (including inside function arguments). */
export function contextPaths(expr: Expr): ContextPath[] {
  const found: ContextPath[] = []
  walk(expr, (node) => {
    const path = contextPathOf(node)
    if (path !== undefined) {
      found.push(path)
      return false
    }
    return true
  })
  return found
}

/** Visits nodes depth-first; the visitor returns false to skip a node's children. */
export function walk(expr: Expr, visit: (node: Expr) => boolean): void {
  if (!visit(expr)) return
  for (const child of childrenOf(expr)) walk(child, visit)
}

export function childrenOf(expr: Expr): Expr[] {
  if (expr instanceof IndexAccess) return [expr.expr, expr.index]
  if (expr instanceof FunctionCall) return expr.args
  if (expr instanceof Logical) return expr.args
  if (expr instanceof Binary) return [expr.left, expr.right]
  if (expr instanceof Unary) return [expr.expr]
  if (expr instanceof Grouping) return [expr.group]
  return []
}

/** The lowercased function name of a call node, or undefined. */
export function functionName(expr: Expr): string | undefined {
  return expr instanceof FunctionCall ? expr.functionName.lexeme.toLowerCase() : undefined
}

const BOOLEAN_FUNCTIONS = new Set(['contains', 'startswith', 'endswith', ...STATUS_FUNCTIONS])

/**
 * The context paths whose value can become the expression's result (as text): `a == b` and `contains(...)`
 * yield booleans, so their operands never reach the output; `a && b || c` yields b or c (a falsy `a` is
 * empty); `format`, `join`, `toJSON` and `fromJSON` pass their inputs through.
 */
export function valueSources(expr: Expr): ContextPath[] {
  const path = contextPathOf(expr)
  if (path !== undefined) return [path]
  if (expr instanceof Literal) return []
  if (expr instanceof Grouping) return valueSources(expr.group)
  if (expr instanceof Unary || expr instanceof Binary) return []
  if (expr instanceof Logical) {
    if (expr.operator.type === TokenType.AND) return valueSources(expr.args[expr.args.length - 1]!)
    return expr.args.flatMap(valueSources)
  }
  if (expr instanceof FunctionCall) {
    const name = expr.functionName.lexeme.toLowerCase()
    if (BOOLEAN_FUNCTIONS.has(name)) return []
    if (name === 'fromjson' || name === 'tojson' || name === 'format' || name === 'join') return expr.args.flatMap(valueSources)
    // A property of a function result (fromJSON(x).y) or an unknown function: its inputs may flow through.
    return expr.args.flatMap(valueSources)
  }
  if (expr instanceof IndexAccess) {
    // fromJSON(steps.x.outputs.y).field: the value comes from the indexed expression.
    return valueSources(expr.expr)
  }
  return []
}

export { falsy }
export { Binary, ContextAccess, FunctionCall, Grouping, IndexAccess, Literal, Logical, Unary, TokenType }

/** True when the expression reads no context and calls no status function: its value is fixed. */
export function isConstant(expr: Expr): boolean {
  let constant = true
  walk(expr, (node) => {
    if (contextPathOf(node) !== undefined || STATUS_FUNCTIONS.includes(functionName(node) ?? '')) constant = false
    return constant
  })
  return constant
}

/** The truth value of a constant expression, or undefined when it cannot be evaluated offline. */
export function constantTruth(expr: Expr): boolean | undefined {
  try {
    return truthy(new Evaluator(expr, new data.Dictionary()).evaluate())
  } catch {
    return undefined
  }
}
