import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'
import { corpusPath, describeCorpus } from '@pipeguard/test-kit'
import { FULL_YAML_PARSER_NEEDED, loadFullYamlParser, parseLockfileYaml } from './lockfile-yaml.js'

const reference = (text: string) => parseAllDocuments(text, { schema: 'failsafe' }).map((document) => document.toJS())

describe('parseLockfileYaml', () => {
  it('reads the lockfile subset exactly as a full YAML parser does (failsafe: every scalar a string)', () => {
    const text = [
      "lockfileVersion: '9.0'",
      '# a comment',
      'settings:',
      '  autoInstallPeers: true',
      'packages:',
      "  '@scope/a@1.0.0(b@2)':",
      '    resolution: {integrity: sha512-abc/+==, tarball: https://x.test/a.tgz}',
      '    engines: {node: \'>=18\', npm: "9 || 10"}',
      '    cpu: [x64, arm64]',
      '    empty: {}',
      '    none:',
      '    list:',
      '    - one',
      '    - "two: 2"',
      '  "quoted \\"key\\"": it\'s plain # trailing comment',
      '',
    ].join('\n')
    const parsed = parseLockfileYaml(text)
    expect(parsed).toEqual({ documents: reference(text) })
  })

  it('asks for the full parser outside the subset until it is loaded (the fast path never loads it)', () => {
    expect(() => parseLockfileYaml('a: &x {b: c}\nd: *x\n')).toThrow(FULL_YAML_PARSER_NEEDED)
    expect(parseLockfileYaml('a: b\n')).toEqual({ documents: [{ a: 'b' }] })
  })

  it('falls back to the full parser outside the subset (anchors, block scalars) with the same result', async () => {
    await loadFullYamlParser()
    for (const text of ['a: &x {b: c}\nd: *x\n', 'a: |\n  line one\n  line two\n', 'a:\n  - b: c\n    d: e\n', 'a: plain\n  continued\n']) {
      expect(parseLockfileYaml(text)).toEqual({ documents: reference(text) })
    }
  })

  it('gives the line of an error in a document that is not YAML', async () => {
    await loadFullYamlParser()
    expect(parseLockfileYaml('a: 1\nb: [1, 2\nc: 3\n')).toEqual({ error: expect.objectContaining({ line: expect.any(Number) }) })
    expect(parseLockfileYaml('a: 1\na: 2\n')).toEqual({
      error: expect.objectContaining({ line: 2, message: expect.stringContaining('unique') }),
    })
  })
})

describeCorpus('parseLockfileYaml on the corpus', () => {
  it.each([
    'pnpm-v5/vitejs__vite/pnpm-lock.yaml',
    'pnpm-v6/vitejs__vite/pnpm-lock.yaml',
    'pnpm-v9/vitejs__vite/pnpm-lock.yaml',
    'yarn-berry/jestjs__jest/yarn.lock',
  ])('matches the yaml package on %s', (path) => {
    const text = readFileSync(corpusPath('lockfiles', path), 'utf8')
    expect(parseLockfileYaml(text)).toEqual({ documents: reference(text) })
  })
})
