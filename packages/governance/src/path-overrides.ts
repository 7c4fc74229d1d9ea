import picomatch from 'picomatch'

/** `overrides: [{ paths: [globs], ...limits }]`: the last entry whose globs match a path wins. */
export interface PathOverride {
  paths: string[]
  [limit: string]: unknown
}

export function overrideSchema(limits: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'array',
    'x-expect': 'a list of { paths: [globs], ...limits }',
    description: 'Different limits for the files matching some globs; the last matching entry wins.',
    default: [],
    items: {
      type: 'object',
      required: ['paths'],
      additionalProperties: false,
      'x-expect': 'a map with paths and limits',
      properties: { paths: { type: 'array', items: { type: 'string' }, minItems: 1, 'x-expect': 'a list of globs' }, ...limits },
    },
  }
}

/** The option value for a path: the last matching override's, else the rule's own. */
export function optionFor(options: Record<string, unknown>, key: string, path: string): unknown {
  const overrides = (options.overrides ?? []) as PathOverride[]
  for (let index = overrides.length - 1; index >= 0; index--) {
    const override = overrides[index]!
    if (override[key] !== undefined && picomatch(override.paths, { dot: true })(path)) return override[key]
  }
  return options[key]
}
