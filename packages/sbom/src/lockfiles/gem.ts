import { createGraphBuilder } from '../graph-builder.js'
import { hashFromHex } from '../hashes.js'
import type { LockfileReader, PackageSource } from '../package-graph.js'

interface Spec {
  name: string
  version: string
  platform: string | undefined
  source: PackageSource
  remote: string | undefined
  revision: string | undefined
  dependencies: string[]
  line: number
}

/**
 * `Gemfile.lock`: GEM, GIT and PATH sections (PATH gems are the project's own), DEPENDENCIES for the direct ones,
 * CHECKSUMS (Bundler 2.5+) for hashes. Platform variants of one gem version (nokogiri for x86_64-linux and
 * arm64-darwin) are one component with a `gem:platform` property each.
 */
export const readGemfileLock: LockfileReader = (text, context) => {
  const builder = createGraphBuilder('gem', context.path, 'bundler')
  const specs: Spec[] = []
  const direct: string[] = []
  const checksums = new Map<string, string>()
  let section = ''
  let remote: string | undefined
  let revision: string | undefined
  let current: Spec | undefined
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '') return
    if (!line.startsWith(' ')) {
      section = line.trim()
      remote = undefined
      revision = undefined
      current = undefined
      return
    }
    const body = line.trim()
    const indent = line.length - line.trimStart().length
    if (section === 'GEM' || section === 'GIT' || section === 'PATH') {
      if (indent === 2 && body.startsWith('remote:')) remote = body.slice(7).trim()
      else if (indent === 2 && body.startsWith('revision:')) revision = body.slice(9).trim()
      else if (indent === 4) {
        const match = /^(\S+) \(([^)]+)\)$/.exec(body)
        if (match === null) {
          builder.problem({
            rule: 'sbom-lockfile-invalid',
            message: `${context.path} line ${index + 1} is not a "name (version)" spec`,
            line: index + 1,
            snippet: body,
          })
          current = undefined
          return
        }
        const [version, platform] = splitPlatform(match[2]!)
        current = {
          name: match[1]!,
          version,
          platform,
          source: section === 'PATH' ? 'workspace' : section === 'GIT' ? 'git' : 'registry',
          remote,
          revision,
          dependencies: [],
          line: index + 1,
        }
        specs.push(current)
      } else if (indent === 6 && current !== undefined) {
        current.dependencies.push(body.split(' ')[0]!)
      }
    } else if (section === 'DEPENDENCIES' && indent === 2) {
      direct.push(body.split(' ')[0]!.replace(/!$/, ''))
    } else if (section === 'CHECKSUMS' && indent === 2) {
      const match = /^(\S+) \(([^)]+)\) sha256=([0-9a-f]{64})$/.exec(body)
      if (match !== null) checksums.set(`${match[1]} ${match[2]}`, match[3]!)
    }
  })
  const byName = new Map<string, string[]>()
  for (const spec of specs) {
    const properties: [string, string][] = []
    if (spec.platform !== undefined) properties.push(['gem:platform', spec.platform])
    if (spec.revision !== undefined) properties.push(['pipeguard:git-commit', spec.revision])
    const checksum = checksums.get(`${spec.name} ${spec.version}${spec.platform ? `-${spec.platform}` : ''}`)
    const hash = checksum === undefined ? undefined : hashFromHex(checksum, 'sha256')
    // One component carries one hash per algorithm: a second platform's checksum is kept as a property.
    if (hash !== undefined && spec.platform !== undefined)
      properties.push(['pipeguard:artifact-hash', `sha256:${hash.content} ${spec.platform}`])
    const id = builder.add({
      name: spec.name,
      version: spec.version,
      source: spec.source,
      ...(spec.source === 'git' && spec.remote ? { qualifiers: { vcs_url: `git+${spec.remote}` } } : {}),
      hashes: hash !== undefined && spec.platform === undefined ? [hash] : [],
      properties,
    })
    if (!byName.get(spec.name)?.includes(id)) byName.set(spec.name, [...(byName.get(spec.name) ?? []), id])
  }
  for (const spec of specs) {
    const from = byName.get(spec.name)!.find((id) => id.endsWith(`@${spec.version}`)) ?? byName.get(spec.name)![0]!
    for (const dependency of spec.dependencies) for (const target of byName.get(dependency) ?? []) builder.depend(from, target)
  }
  for (const name of direct) for (const id of byName.get(name) ?? []) builder.direct(id)
  return builder.build()
}

/** `1.16.0-x86_64-linux` -> [`1.16.0`, `x86_64-linux`]; RubyGems versions never contain `-`. */
function splitPlatform(value: string): [string, string | undefined] {
  const dash = value.indexOf('-')
  return dash === -1 ? [value, undefined] : [value.slice(0, dash), value.slice(dash + 1)]
}
