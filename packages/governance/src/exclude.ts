import picomatch from 'picomatch'

/** The `exclude` option of rules that skip some workflow files: a list of globs over repository-relative paths. */
export const excludeOption = (description: string): Record<string, unknown> => ({
  type: 'array',
  items: { type: 'string' },
  default: [],
  'x-expect': 'a list of globs',
  description,
})

/** A predicate telling whether a path matches one of the rule's `exclude` globs (none match an empty list). */
export function excludedBy(globs: unknown): (path: string) => boolean {
  const list = globs as string[]
  return list.length === 0 ? () => false : picomatch(list, { dot: true })
}
