import { readFileSync } from 'node:fs'
import { writeFileAtomic } from './atomic-write.js'
import type { Finding } from './finding.js'
import { InputError } from './input-error.js'

/**
 * A baseline records the fingerprints of the findings a repository accepted when it adopted pipeguard,
 * so that a run fails only on new ones.
 */
export interface BaselineFile {
  version: 1
  tool: 'pipeguard'
  fingerprints: string[]
}

export function readBaseline(path: string): Set<string> {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
    throw new InputError(`cannot read baseline: ${reason}`, { file: path })
  }
  const fingerprints = (data as Partial<BaselineFile> | null)?.fingerprints
  if (!Array.isArray(fingerprints) || fingerprints.some((value) => typeof value !== 'string')) {
    throw new InputError('not a pipeguard baseline: expected {"fingerprints": [strings]}', { file: path })
  }
  return new Set(fingerprints)
}

export function writeBaseline(path: string, findings: readonly Finding[]): void {
  const fingerprints = [...new Set(findings.map((finding) => finding.fingerprint))].sort()
  const baseline: BaselineFile = { version: 1, tool: 'pipeguard', fingerprints }
  writeFileAtomic(path, `${JSON.stringify(baseline, null, 2)}\n`)
}
