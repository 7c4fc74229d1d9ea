import { describe, expect, it } from '@jest/globals'
import { commentAfter, commentsOf } from './comments.js'
import { parseYaml } from './parse-yaml.js'
import { SourceFile } from './source-file.js'
import { isMap, scalarOf, valueOf } from './yaml-node.js'

const text = [
  '# top comment',
  'on: push # trailing',
  'jobs:',
  '  a:',
  "    name: 'not # a comment'",
  '    steps:',
  '      - uses: actions/checkout@8e8c483db84b4bee98b60c0593521ed34d9990e8 # v4.1.0',
  '      - run: |',
  '          # a shell comment, not YAML',
  '          echo hi#there',
  '  # indented comment',
  '',
].join('\n')

describe('comments', () => {
  const file = new SourceFile('w.yml', text)
  const root = parseYaml(text).documents[0] ?? null

  it('lists every YAML comment with its line, and none inside scalars', () => {
    expect(commentsOf(file, root).map((comment) => [comment.line, comment.text])).toEqual([
      [1, '# top comment'],
      [2, '# trailing'],
      [7, '# v4.1.0'],
      [11, '# indented comment'],
    ])
  })

  it('finds the comment after a node on its line', () => {
    const jobs = valueOf(root, 'jobs')
    const job = isMap(jobs) ? valueOf(jobs, 'a') : undefined
    const steps = valueOf(job, 'steps')
    const step = steps?.kind === 'seq' ? steps.items[0] : undefined
    const uses = scalarOf(step, 'uses')!
    expect(commentAfter(file, uses)).toEqual({ text: '# v4.1.0', start: text.indexOf('# v4.1.0'), end: text.indexOf('# v4.1.0') + 8 })
    expect(commentAfter(file, scalarOf(job, 'name')!)).toBeUndefined()
  })
})
