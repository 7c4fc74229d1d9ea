import type { PackageHash } from './package-graph.js'

const SRI_ALGORITHMS: Record<string, { alg: PackageHash['alg']; hexLength: number }> = {
  sha1: { alg: 'SHA-1', hexLength: 40 },
  sha256: { alg: 'SHA-256', hexLength: 64 },
  sha384: { alg: 'SHA-384', hexLength: 96 },
  sha512: { alg: 'SHA-512', hexLength: 128 },
  md5: { alg: 'MD5', hexLength: 32 },
}

/**
 * Subresource-integrity strings (`sha512-<base64>`, several separated by spaces) as CycloneDX hex hashes.
 * A value that does not decode to the algorithm's length is returned in `invalid` so the caller can report it:
 * the CycloneDX library silently drops malformed hashes, we never do.
 */
export function hashesFromIntegrity(integrity: string): { hashes: PackageHash[]; invalid: string[] } {
  const hashes: PackageHash[] = []
  const invalid: string[] = []
  for (const token of integrity.trim().split(/\s+/)) {
    if (token === '') continue
    const dash = token.indexOf('-')
    const known = dash === -1 ? undefined : SRI_ALGORITHMS[token.slice(0, dash).toLowerCase()]
    if (known === undefined) {
      invalid.push(token)
      continue
    }
    const content = Buffer.from(token.slice(dash + 1).replace(/\?.*$/, ''), 'base64').toString('hex')
    if (content.length !== known.hexLength) invalid.push(token)
    else hashes.push({ alg: known.alg, content })
  }
  return { hashes, invalid }
}

/** `sha256:<hex>` / `sha256=<hex>` / bare hex of a known length as a CycloneDX hash; undefined when malformed. */
export function hashFromHex(value: string, algorithm?: string): PackageHash | undefined {
  const match = /^(?:(md5|sha1|sha256|sha384|sha512)[:=])?([0-9a-fA-F]+)$/.exec(value.trim())
  if (match === null) return undefined
  const content = match[2]!.toLowerCase()
  const name =
    (match[1] ?? algorithm)?.toLowerCase() ?? Object.keys(SRI_ALGORITHMS).find((key) => SRI_ALGORITHMS[key]!.hexLength === content.length)
  const known = name === undefined ? undefined : SRI_ALGORITHMS[name]
  if (known === undefined || known.hexLength !== content.length) return undefined
  return { alg: known.alg, content }
}
