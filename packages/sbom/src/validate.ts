import type { SchemaError } from '../validators/bom-1.6.js'
import type { SpecVersion } from './bom.js'

type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null }

/** Loads only the requested version's validator (each is 0.3–1.2 MB of generated code). */
async function validatorFor(specVersion: SpecVersion): Promise<Validate> {
  switch (specVersion) {
    case '1.4':
      return (await import('../validators/bom-1.4.js')).validate
    case '1.5':
      return (await import('../validators/bom-1.5.js')).validate
    case '1.6':
      return (await import('../validators/bom-1.6.js')).validate
    case '1.7':
      return (await import('../validators/bom-1.7.js')).validate
  }
}

/** A BOM that does not validate against the official CycloneDX JSON schema of its version. */
export class BomValidationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BomValidationError'
  }
}

/**
 * Validates a BOM's JSON form against the official CycloneDX JSON schema (strict, as the library's
 * JsonStrictValidator), with validators precompiled from the library's res/schema files
 * (scripts/generate-validators.mjs). Throws BomValidationError when invalid.
 */
export async function validateBom(json: unknown, specVersion: SpecVersion): Promise<void> {
  const validate = await validatorFor(specVersion)
  if (validate(json)) return
  const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`)
  throw new BomValidationError(
    `the generated SBOM does not validate against the CycloneDX ${specVersion} JSON schema: ${errors.join('; ')}`,
  )
}
