import { createGraphBuilder } from '../graph-builder.js'
import type { LockfileReader } from '../package-graph.js'

const TEST_CONFIGURATION = /^test|Test[A-Z]?\w*$|^test$/

/**
 * `gradle.lockfile` (`group:artifact:version=configurations`). Gradle locks record no edges, so every entry is a
 * direct component; one that only test configurations use is dev-only.
 */
export const readGradleLockfile: LockfileReader = (text, context) => {
  const builder = createGraphBuilder('maven', context.path, 'gradle')
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith('empty=')) return
    const match = /^([^:\s]+):([^:\s]+):([^=\s]+)=(.*)$/.exec(line)
    if (match === null) {
      builder.problem({
        rule: 'sbom-lockfile-invalid',
        message: `${context.path} line ${index + 1} is not "group:artifact:version=configurations"`,
        line: index + 1,
        snippet: line,
      })
      return
    }
    const configurations = match[4]!
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '')
    const dev = configurations.length > 0 && configurations.every((name) => TEST_CONFIGURATION.test(name))
    builder.direct(
      builder.add({
        namespace: match[1]!,
        name: match[2]!,
        version: match[3]!,
        dev,
        properties: [
          ['gradle:configurations', configurations.join(',')],
          ...(dev ? ([['pipeguard:dev-reason', 'used only by test configurations']] as [string, string][]) : []),
        ],
      }),
    )
  })
  return builder.build()
}
