import {
  findExpressions as findAll,
  repositorySlug as slugOf,
  type Expression,
  type SourceFile,
  type UsesRef,
  type YamlScalar,
} from '@pipeguard/workflow'

const expressions = new WeakMap<YamlScalar, Expression[]>()
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

const slugs = new WeakMap<UsesRef, string | undefined>()

/** repositorySlug, once per `uses:`. */
export function repositorySlug(ref: UsesRef): string | undefined {
  if (slugs.has(ref)) return slugs.get(ref)
  const slug = slugOf(ref)
  slugs.set(ref, slug)
  return slug
}
