import {
  findExpressions as findAll,
  repositorySlug as slugOf,
  type Expression,
  type SourceFile,
  type UsesRef,
  type YamlScalar,
} from '@pipeguard/workflow'

// Plain maps, emptied after each run (see releaseCaches): weak maps with tens of thousands of keys cost the
// garbage collector far more than the lookups they save.
const expressions = new Map<YamlScalar, Expression[]>()
const NONE: Expression[] = []

/** findExpressions, once per scalar: several audits read the same scalars. */
export function findExpressions(file: SourceFile, scalar: YamlScalar): Expression[] {
  if (!scalar.value.includes('${{')) return NONE
  let found = expressions.get(scalar)
  if (found === undefined) {
    found = findAll(file, scalar)
    expressions.set(scalar, found)
  }
  return found
}

const slugs = new Map<UsesRef, string | undefined>()

/** repositorySlug, once per `uses:`. */
export function repositorySlug(ref: UsesRef): string | undefined {
  if (slugs.has(ref)) return slugs.get(ref)
  const slug = slugOf(ref)
  slugs.set(ref, slug)
  return slug
}

/** Empties the per-node caches once a run is over, so that they never keep a repository's model alive. */
export function releaseCaches(): void {
  expressions.clear()
  slugs.clear()
}
