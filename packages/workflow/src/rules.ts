import type { RuleMeta } from '@pipeguard/policy'

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024

export const invalidWorkflowRule: RuleMeta = {
  id: 'invalid-workflow',
  engine: 'workflow',
  level: 'error',
  summary: 'A workflow or action file that cannot be read or does not have the shape GitHub requires',
  help: 'Fix the file at the reported line: GitHub rejects a workflow it cannot parse, and pipeguard cannot check it either.',
  options: {
    'max-bytes': {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_MAX_FILE_BYTES,
      'x-expect': 'a positive integer (bytes)',
      description: 'Files larger than this are reported instead of parsed.',
    },
  },
  examples: {
    bad: 'on: push\njobs:\n  build:\n    steps:\n      - run: make\n',
    good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
  },
}

export const workflowRules: readonly RuleMeta[] = [invalidWorkflowRule]
