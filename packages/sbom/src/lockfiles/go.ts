import { createGraphBuilder, type GraphBuilder } from '../graph-builder.js'
import type { LockfileReader } from '../package-graph.js'

/** One `require` of a go.mod: module path, version, whether `// indirect`, and its line. */
interface Requirement {
  path: string
  version: string
  indirect: boolean
  line: number
}

/** The `module` path and `require` lines of a go.mod. */
export function parseGoMod(text: string): { module: string | undefined; requires: Requirement[]; replaced: Map<string, string> } {
  const requires: Requirement[] = []
  const replaced = new Map<string, string>()
  let module: string | undefined
  let block: 'require' | 'replace' | undefined
  text.split('\n').forEach((raw, index) => {
    const comment = raw.indexOf('//')
    const indirect = comment !== -1 && /\/\/\s*indirect\b/.test(raw.slice(comment))
    const line = (comment === -1 ? raw : raw.slice(0, comment)).trim()
    if (line === '') return
    if (block !== undefined) {
      if (line === ')') {
        block = undefined
        return
      }
      if (block === 'require') addRequire(line, indirect, index + 1)
      else addReplace(line)
      return
    }
    const directive = /^(module|require|replace)\s+(.*)$/.exec(line)
    if (directive === null) return
    const rest = directive[2]!.trim()
    if (directive[1] === 'module') module = rest.replace(/^"|"$/g, '')
    else if (rest === '(') block = directive[1] as 'require' | 'replace'
    else if (directive[1] === 'require') addRequire(rest, indirect, index + 1)
    else addReplace(rest)
  })
  function addRequire(line: string, indirect: boolean, number: number): void {
    const [path, version] = line.split(/\s+/)
    if (path !== undefined && version !== undefined) requires.push({ path: path.replace(/^"|"$/g, ''), version, indirect, line: number })
  }
  function addReplace(line: string): void {
    const [left, right] = line.split('=>').map((side) => side.trim())
    if (left !== undefined && right !== undefined) replaced.set(left.split(/\s+/)[0]!, right)
  }
  return { module, requires, replaced }
}

function addModule(builder: GraphBuilder, path: string, version: string, properties: [string, string][]): string {
  const slash = path.lastIndexOf('/')
  return builder.add({
    namespace: slash === -1 ? undefined : path.slice(0, slash),
    name: slash === -1 ? path : path.slice(slash + 1),
    version,
    properties,
  })
}

/**
 * `go.sum` with the `go.mod` beside it. A module is a component when go.sum holds the hash of its zip (a
 * `/go.mod`-only line means Go read just its go.mod for version selection and never built it). The `h1:` value is a
 * SHA-256 over Go's file list, not over any downloadable artifact, so it is kept as the `go:h1` property rather than
 * passed off as a CycloneDX file hash. Without go.sum the go.mod requirements are used.
 */
export const readGoSum: LockfileReader = (text, context) => {
  const builder = createGraphBuilder('golang', context.path, 'go.sum')
  const goMod = parseGoMod(context.readSibling('go.mod') ?? '')
  const directPaths = new Set(goMod.requires.filter((requirement) => !requirement.indirect).map((requirement) => requirement.path))
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim()
    if (line === '') return
    const [path, version, hash] = line.split(/\s+/)
    if (path === undefined || version === undefined || hash === undefined || !hash.startsWith('h1:')) {
      builder.problem({
        rule: 'sbom-lockfile-invalid',
        message: `${context.path} line ${index + 1} is not "module version h1:hash"`,
        line: index + 1,
        snippet: line,
      })
      return
    }
    if (version.endsWith('/go.mod')) return
    const id = addModule(builder, path, version, [['go:h1', hash]])
    if (directPaths.has(path)) builder.direct(id)
  })
  return builder.build()
}

/** A go.mod alone (no go.sum): its `require` lines, direct and indirect. */
export const readGoMod: LockfileReader = (text, context) => {
  const builder = createGraphBuilder('golang', context.path, 'go.mod')
  for (const requirement of parseGoMod(text).requires) {
    const id = addModule(builder, requirement.path, requirement.version, [])
    if (!requirement.indirect) builder.direct(id)
  }
  return builder.build()
}
