import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import type * as TreeSitter from 'web-tree-sitter'
import type { Node, Parser } from 'web-tree-sitter'

// web-tree-sitter's CommonJS build, loaded from a path written relative to this module: ncc copies it next to
// the bundled action like the wasm files. (Its ES module build imports node's `module` dynamically, which the
// bundler turns into an object without createRequire.)
const { Language, Parser: ParserClass } = createRequire(import.meta.url)(
  fileURLToPath(new URL('../node_modules/web-tree-sitter/web-tree-sitter.cjs', import.meta.url)),
) as typeof TreeSitter

export type { Node as ShellNode }

let parser: Parser | undefined
let loading: Promise<Parser> | undefined

const here = dirname(fileURLToPath(import.meta.url))

/** A wasm file beside this module (the bundled action ships them in dist/), else the installed package's. */
function wasm(name: string, installed: string): Buffer {
  const beside = join(here, name)
  return readFileSync(existsSync(beside) ? beside : join(here, '../node_modules', installed))
}

/** Loads tree-sitter and its bash grammar once (about 35 ms); later calls return at once. */
export function loadShellParser(): Promise<Parser> {
  if (parser !== undefined) return Promise.resolve(parser)
  loading ??= (async () => {
    await ParserClass.init({ wasmBinary: wasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm') })
    const language = await Language.load(wasm('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'))
    const created = new ParserClass()
    created.setLanguage(language)
    parser = created
    return created
  })()
  return loading
}

/**
 * Parses a bash script and hands its syntax tree to `use`, freeing it afterwards. `${{ }}` expressions are
 * replaced by a same-length placeholder word first, so offsets stay those of the script and the parser sees
 * what the shell will: a word GitHub fills in. Throws when loadShellParser has not completed.
 */
export function withShellTree<T>(script: string, use: (root: Node, source: string) => T): T {
  if (parser === undefined) throw new Error('the shell parser is not loaded (call loadShellParser first)')
  let index = 0
  const source = script.replace(/\$\{\{[\s\S]*?\}\}/g, (match) => placeholder(index++, match.length))
  const tree = parser.parse(source)
  if (tree === null) throw new Error('tree-sitter returned no tree')
  try {
    return use(tree.rootNode, source)
  } finally {
    tree.delete()
  }
}

/** The word standing for the n-th `${{ }}` of a script (same length, so offsets do not move). */
export function placeholder(index: number, length: number): string {
  const tag = `_G${index.toString(36)}`
  return tag.length <= length ? tag + 'E'.repeat(length - tag.length) : '_'.repeat(length)
}

/** The indexes of the `${{ }}` placeholders in a piece of parsed script text. */
export function placeholdersIn(text: string): number[] {
  return [...text.matchAll(/_G([0-9a-z]+)E+/g)].map((match) => parseInt(match[1]!, 36))
}

/** Every descendant of a node of one of the given types, in source order. */
export function descendants(node: Node, types: readonly string[]): Node[] {
  return node.descendantsOfType([...types]).filter((found): found is Node => found !== null)
}
