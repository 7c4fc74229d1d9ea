import { createGraphBuilder, lineOf, unparsedLockfile } from '../graph-builder.js'
import { hashesFromIntegrity } from '../hashes.js'
import type { LockfileReader, PackageGraph } from '../package-graph.js'
import { splitNpmName } from '../purl.js'
import { isRecord, licensesOf, parseJson, readManifest, recordOf } from './json-text.js'
import { npmSourceOf } from './npm-source.js'

interface Node {
  path: string
  entry: Record<string, unknown>
  id: string | undefined
}

/**
 * `package-lock.json` / `npm-shrinkwrap.json`, lockfileVersion 1 (nested `dependencies`), 2 and 3 (`packages`
 * keyed by install path). Edges are resolved the way Node resolves modules: the nearest `node_modules` upwards.
 */
export const readNpmLockfile: LockfileReader = (text, context) => {
  const parsed = parseJson(text)
  if (!('value' in parsed)) {
    const builder = createGraphBuilder('npm', context.path, 'npm')
    return unparsedLockfile(builder, context.path, 'JSON', parsed)
  }
  const lock = recordOf(parsed.value)
  const version = lock.lockfileVersion
  const builder = createGraphBuilder('npm', context.path, `npm-v${String(version)}`)
  if (version !== 1 && version !== 2 && version !== 3) {
    builder.problem({
      rule: 'sbom-lockfile-unsupported',
      message: `${context.path} has lockfileVersion ${JSON.stringify(version)}; pipeguard reads versions 1, 2 and 3 — regenerate it with npm 7 or later`,
      line: lineOf(text, '"lockfileVersion"'),
    })
    return builder.build()
  }
  const nodes = new Map<string, Node>()
  if (version === 1) collectV1(recordOf(lock.dependencies), '', nodes)
  else
    for (const [path, entry] of Object.entries(recordOf(lock.packages)))
      if (isRecord(entry)) nodes.set(path, { path, entry, id: undefined })

  const manifest = readManifest(context.readSibling('package.json'))
  for (const node of nodes.values()) {
    if (node.path === '' || node.entry.link === true) continue
    node.id = addNode(node, builder)
  }
  const resolve = (name: string, from: string): Node | undefined => {
    let base = from
    for (;;) {
      const node = nodes.get(`${base === '' ? '' : `${base}/`}node_modules/${name}`)
      if (node !== undefined) {
        const target = node.entry.link === true && typeof node.entry.resolved === 'string' ? nodes.get(node.entry.resolved) : node
        return target
      }
      if (base === '') return undefined
      const cut = base.lastIndexOf('/node_modules/')
      base = cut === -1 ? '' : base.slice(0, cut)
    }
  }
  const link = (from: Node | undefined, fromPath: string, names: Record<string, unknown>, required: boolean): string[] => {
    const ids: string[] = []
    for (const name of Object.keys(names)) {
      const target = resolve(name, fromPath)
      if (target?.id !== undefined) {
        ids.push(target.id)
        if (from?.id !== undefined) builder.depend(from.id, target.id)
      } else if (target === undefined && required) {
        builder.problem({
          rule: 'sbom-dangling-dependency',
          message: `${from?.id ?? 'the project'} requires ${name}, which ${context.path} does not contain; run npm install to repair the lockfile`,
          line: lineOf(text, `"${fromPath}"`),
        })
      }
    }
    return ids
  }
  for (const node of nodes.values()) {
    if (node.path === '' || node.entry.link === true || node.id === undefined) continue
    const required = version === 1 ? recordOf(node.entry.requires) : recordOf(node.entry.dependencies)
    link(node, node.path, required, true)
    link(node, node.path, recordOf(node.entry.optionalDependencies), false)
    link(node, node.path, recordOf(node.entry.peerDependencies), false)
  }
  const root = nodes.get('')?.entry
  const rootDependencies =
    root !== undefined
      ? { ...recordOf(root.dependencies), ...recordOf(root.devDependencies), ...recordOf(root.optionalDependencies) }
      : manifest !== undefined
        ? { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.optionalDependencies }
        : Object.fromEntries(
            [...nodes.keys()]
              .filter((path) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path))
              .map((path) => [path.slice('node_modules/'.length), '*']),
          )
  for (const id of link(undefined, '', rootDependencies, root !== undefined || manifest !== undefined)) builder.direct(id)
  for (const node of nodes.values()) {
    if (node.id !== undefined && !node.path.includes('node_modules/')) builder.direct(node.id)
  }
  return builder.build() satisfies PackageGraph
}

function collectV1(dependencies: Record<string, unknown>, parent: string, nodes: Map<string, Node>): void {
  for (const [name, entry] of Object.entries(dependencies)) {
    if (!isRecord(entry)) continue
    const path = `${parent === '' ? '' : `${parent}/`}node_modules/${name}`
    nodes.set(path, { path, entry, id: undefined })
    collectV1(recordOf(entry.dependencies), path, nodes)
  }
}

function addNode(node: Node, builder: ReturnType<typeof createGraphBuilder>): string | undefined {
  const { entry, path } = node
  const installedAs = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
  const workspace = !path.includes('node_modules/')
  let name = typeof entry.name === 'string' ? entry.name : workspace ? undefined : installedAs
  let version = typeof entry.version === 'string' ? entry.version : undefined
  // v1 writes an alias as version "npm:real-name@1.2.3" and a git dependency as its URL.
  if (version?.startsWith('npm:')) {
    const spec = version.slice(4)
    const at = spec.lastIndexOf('@')
    name = spec.slice(0, at)
    version = spec.slice(at + 1)
  }
  const origin = npmSourceOf(typeof entry.resolved === 'string' ? entry.resolved : version)
  if (!workspace && origin.source === 'local') return undefined
  if (origin.source === 'git' && version !== undefined && !/^\d/.test(version)) version = origin.commit ?? version
  if (name === undefined) name = path.split('/').pop() ?? path
  const [namespace, bare] = splitNpmName(name)
  const integrity = typeof entry.integrity === 'string' ? hashesFromIntegrity(entry.integrity) : { hashes: [], invalid: [] }
  const properties: [string, string][] = integrity.invalid.map((token) => ['pipeguard:unreadable-integrity', token])
  if (name !== installedAs && !workspace) properties.push(['pipeguard:installed-as', installedAs])
  if (origin.commit !== undefined) properties.push(['pipeguard:git-commit', origin.commit])
  if (workspace) properties.push(['pipeguard:workspace-path', path])
  return builder.add({
    namespace,
    name: bare,
    version: version ?? '',
    ...(origin.qualifiers ? { qualifiers: origin.qualifiers } : {}),
    source: workspace ? 'workspace' : origin.source,
    dev: entry.dev === true,
    optional: entry.optional === true || entry.devOptional === true,
    hashes: integrity.hashes,
    licenses: licensesOf(entry.license),
    properties,
  })
}
