import { parseLockfileYaml, type YamlValue } from '../lockfile-yaml.js'
import type { GraphBuilder } from '../graph-builder.js'

/** The documents of a YAML lockfile, or undefined after recording an `sbom-lockfile-invalid` problem. */
export function yamlDocuments(text: string, path: string, builder: GraphBuilder): YamlValue[] | undefined {
  const parsed = parseLockfileYaml(text)
  if ('error' in parsed) {
    builder.problem({
      rule: 'sbom-lockfile-invalid',
      message: `${path} is not valid YAML: ${parsed.error.message}`,
      line: parsed.error.line,
      column: parsed.error.column,
    })
    return undefined
  }
  return parsed.documents
}

export function mapOf(value: YamlValue | undefined): { [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}
}

export function textOf(value: YamlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}
