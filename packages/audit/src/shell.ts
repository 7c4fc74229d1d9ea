import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Language, Parser, type Node } from 'web-tree-sitter'

export type { Node as ShellNode }

let parser: Parser | undefined
let loading: Promise<Parser> | undefined

/**
 * A wasm file shipped beside this module (the bundled action copies them next to dist/index.js), else the one
 * in the installed package.
 */
function wasmFile(name: string, packageFile: string): Uint8Array {
  const beside = fileURLToPath(new URL(`./${name}`, import.meta.url))
  if (existsSync(beside)) return readFileSync(beside)
  return readFileSync(createRequire(import.meta.url).resolve(packageFile))
}

/** Loads tree-sitter and its bash grammar once (about 35 ms); later calls return at once. */
export function loadShellParser(): Promise<Parser> {
  if (parser !== undefined) return Promise.resolve(parser)
  loading ??= (async () => {
    await Parser.init({ wasmBinary: wasmFile('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm') })
    const language = await Language.load(wasmFile('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'))
    const created = new Parser()
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
  const source = script.replace(/\$\{\{[\s\S]*?\}\}/g, (match) => `_${'E'.repeat(match.length - 1)}`.replace(/\n/g, 'E'))
  const tree = parser.parse(source)
  if (tree === null) throw new Error('tree-sitter returned no tree')
  try {
    return use(tree.rootNode, source)
  } finally {
    tree.delete()
  }
}

/** Every descendant of a node of one of the given types, in source order. */
export function descendants(node: Node, types: readonly string[]): Node[] {
  return node.descendantsOfType([...types]).filter((found): found is Node => found !== null)
}
