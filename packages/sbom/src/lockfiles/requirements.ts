import { createGraphBuilder } from '../graph-builder.js'
import type { LockfileReader } from '../package-graph.js'
import { pypiName } from '../purl.js'
import { pythonHashes } from './python-common.js'

const DEV_FILE = /(^|[-_/.])(dev|develop|development|test|tests|testing|lint|docs|ci)([-_.]|$)/i

/**
 * pip requirements files. Only exact pins (`name==1.2.3`, `===`) are components: a range is reported as
 * `sbom-unpinned-requirement` and never invented into a version. `--hash` options become hashes.
 */
export const readRequirements: LockfileReader = (text, context) => {
  const builder = createGraphBuilder('pypi', context.path, 'requirements')
  const dev = DEV_FILE.test(context.path.replace(/\.txt$/, ''))
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n')
  for (let index = 0; index < lines.length; index++) {
    const start = index + 1
    let logical = lines[index]!.replace(/\r$/, '')
    while (logical.endsWith('\\') && index + 1 < lines.length) {
      index++
      logical = `${logical.slice(0, -1)} ${lines[index]!.replace(/\r$/, '')}`
    }
    const content = logical.replace(/(^|\s)#.*$/, '').trim()
    if (content === '' || (content.startsWith('-') && !/^-e\s|^--editable\s/.test(content))) continue
    if (/^(-e|--editable)\s/.test(content)) continue
    const hashes = [...content.matchAll(/--hash[=\s]+(\S+)/g)].map((match) => ({ hash: match[1]!.replace(/^(\w+):/, '$1:') }))
    const requirement = content.replace(/--\S+([=\s]+\S+)?/g, '').trim()
    const url = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*@\s*(\S+)/.exec(requirement)
    if (url !== null) {
      const spec = url[3]!
      const git = spec.startsWith('git+')
      const ref = git ? /@([^@#/]+)(#.*)?$/.exec(spec.slice(spec.indexOf('://') + 3))?.[1] : undefined
      const { hashes: hashList, properties } = pythonHashes(hashes)
      builder.direct(
        builder.add({
          name: pypiName(url[1]!),
          version: ref ?? '',
          source: git ? 'git' : 'url',
          qualifiers: git ? { vcs_url: spec.replace(/@[^@/]+$/, '') } : { download_url: spec },
          dev,
          hashes: hashList,
          properties: dev ? [...properties, ['pipeguard:dev-reason', `listed only in ${context.path}`]] : properties,
        }),
      )
      continue
    }
    const pin = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*(;.*)?$/.exec(requirement)
    if (pin === null) {
      const column = lines[start - 1]!.indexOf(requirement.split(/\s/)[0] ?? requirement) + 1
      builder.problem({
        rule: 'sbom-unpinned-requirement',
        message: `'${requirement}' is not pinned to one version, so the SBOM cannot say what gets installed; pin it (name==1.2.3, e.g. with pip-compile --generate-hashes)`,
        line: start,
        column: Math.max(column, 1),
        snippet: requirement,
      })
      continue
    }
    const { hashes: hashList, properties } = pythonHashes(hashes)
    if (dev) properties.push(['pipeguard:dev-reason', `listed only in ${context.path}`])
    builder.direct(builder.add({ name: pypiName(pin[1]!), version: pin[3]!, dev, hashes: hashList, properties }))
  }
  return builder.build()
}
