import type { RuleMeta } from './rule.js'

const LEVEL_VALUES = ['error', 'warning', 'note', 'off']

/** The ajv options the policy schema is compiled with, at run time and into validators/policy.js alike. */
export const POLICY_SCHEMA_AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const

/**
 * The JSON Schema (draft-07) of the policy file for the given rules. `x-expect` phrases what a value must be,
 * for error messages ("must be a positive integer").
 */
export function policySchema(rules: readonly RuleMeta[]): Record<string, unknown> {
  const ruleProperties: Record<string, unknown> = {}
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    ruleProperties[rule.id] = {
      description: `${rule.summary} (default: ${rule.level}).`,
      if: { type: 'string' },
      then: { enum: LEVEL_VALUES, 'x-expect': 'one of error, warning, note, off' },
      else: {
        type: 'object',
        'x-expect': 'a level or a map of options',
        properties: { level: { enum: LEVEL_VALUES, 'x-expect': 'one of error, warning, note, off' }, ...rule.options },
        additionalProperties: false,
      },
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/pipeguard/pipeguard/packages/policy/schema/pipeguard.schema.json',
    title: 'pipeguard policy',
    description: 'The policy file of pipeguard (.github/pipeguard.yml).',
    type: 'object',
    'x-expect': 'a map',
    additionalProperties: false,
    properties: {
      version: { const: 1, 'x-expect': '1' },
      extends: {
        type: 'string',
        'x-expect': 'a relative path or owner/repo/path@ref',
        description: 'A local policy file (relative to this one) or owner/repo/path@ref, merged under this one.',
        minLength: 1,
      },
      'fail-on': {
        enum: ['error', 'warning', 'note', 'never'],
        'x-expect': 'one of error, warning, note, never',
        description: 'The lowest level that fails a run.',
      },
      persona: {
        enum: ['regular', 'pedantic'],
        'x-expect': 'regular or pedantic',
        description: 'pedantic also enables the rules that are off by default for their noise.',
      },
      rules: {
        type: 'object',
        'x-expect': 'a map of rule ids',
        properties: ruleProperties,
        additionalProperties: false,
      },
      ignore: {
        type: 'array',
        'x-expect': 'a list of ignore entries',
        items: {
          type: 'object',
          'x-expect': 'a map with rule, paths, reason and expires',
          required: ['rule', 'reason'],
          additionalProperties: false,
          properties: {
            rule: { type: 'string', 'x-expect': 'a rule id', minLength: 1 },
            paths: {
              type: 'array',
              'x-expect': 'a list of path globs',
              items: { type: 'string', minLength: 1, 'x-expect': 'a path glob' },
            },
            reason: { type: 'string', minLength: 1, 'x-expect': 'a non-empty string' },
            expires: {
              type: 'string',
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              'x-expect': 'a date YYYY-MM-DD',
            },
          },
        },
      },
    },
  }
}
