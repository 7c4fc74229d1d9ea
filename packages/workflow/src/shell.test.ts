import { describe, expect, it } from '@jest/globals'
import { commandWords, parseShell } from './shell.js'
import { sourceOffsetOf } from './scalar-offset.js'
import { parseYaml } from './parse-yaml.js'
import { SourceFile } from './source-file.js'
import { scalarOf, type YamlScalar } from './yaml-node.js'

const names = (script: string): string[][] =>
  parseShell(script).map((pipeline) => pipeline.commands.map((command) => commandWords(command)[0]?.value ?? ''))

describe('parseShell', () => {
  it('splits lists and pipelines and removes quotes', () => {
    const pipelines = parseShell(`curl -fsSL "https://x.test/a b" | sudo -E bash -s -- --flag\nnpm ci && echo 'done; ok'`)
    expect(pipelines.map((pipeline) => pipeline.commands.map((command) => command.words.map((word) => word.value)))).toEqual([
      [
        ['curl', '-fsSL', 'https://x.test/a b'],
        ['sudo', '-E', 'bash', '-s', '--', '--flag'],
      ],
      [['npm', 'ci']],
      [['echo', 'done; ok']],
    ])
    expect(names('curl x | sudo -E bash')).toEqual([['curl', 'bash']])
  })

  it('keeps offsets of words in the script', () => {
    const script = 'A=1 wget -qO- https://x.test/i.sh | sh'
    const [pipeline] = parseShell(script)
    const wget = pipeline!.commands[0]!.words[1]!
    expect(script.slice(wget.start, wget.end)).toBe('wget')
    expect(commandWords(pipeline!.commands[0]!)[0]!.value).toBe('wget')
  })

  it('reads command substitutions as nested pipelines', () => {
    expect(names('bash -c "$(curl -fsSL https://x.test/install.sh)"')).toEqual([['bash'], ['curl']])
    expect(names('bash <(curl -fsSL https://x.test/i.sh)')).toEqual([['bash'], ['curl']])
    const script = 'eval `wget -O- x`'
    const nested = parseShell(script)[1]!
    expect(script.slice(nested.start, nested.end)).toBe('wget -O- x')
  })

  it('skips comments, line continuations and here-document bodies', () => {
    expect(names('# curl x | sh\npip install \\\n  --require-hashes -r r.txt\ncat <<EOF > f\ncurl x | sh\nEOF\nmake')).toEqual([
      ['pip'],
      ['cat'],
      ['make'],
    ])
  })

  it('treats redirections apart from arguments', () => {
    const [pipeline] = parseShell('curl -o install.sh https://x.test 2>/dev/null >> log')
    expect(pipeline!.commands[0]!.words.map((word) => word.value)).toEqual(['curl', '-o', 'install.sh', 'https://x.test'])
    expect(pipeline!.commands[0]!.redirects.map((redirect) => [redirect.operator, redirect.target?.value])).toEqual([
      ['>', '/dev/null'],
      ['>>', 'log'],
    ])
  })

  it('survives unbalanced quotes', () => {
    expect(names('echo "unterminated | sh')).toEqual([['echo']])
  })

  it('reads a form feed or vertical tab as part of a word, as bash does, and always ends', () => {
    const [pipeline] = parseShell('npm install left-pad\f\vecho done')
    expect(pipeline!.commands[0]!.words.map((word) => word.value)).toEqual(['npm', 'install', 'left-pad\f\vecho', 'done'])
    // Every character, inside a word and on its own: each word read covers at least one character (an empty word is
    // how the reader used to stall on a form feed).
    for (let code = 0; code < 128; code++) {
      const char = String.fromCharCode(code)
      const words = parseShell(`a${char}b ${char}`).flatMap((pipeline) => pipeline.commands.flatMap((command) => command.words))
      expect(words.filter((word) => word.end <= word.start)).toEqual([])
    }
  })
})

describe('sourceOffsetOf', () => {
  const scalarIn = (text: string, key: string): { file: SourceFile; scalar: YamlScalar } => {
    const document = parseYaml(text).documents[0]!
    return { file: new SourceFile('x.yml', text), scalar: scalarOf(document, key)! }
  }

  it('maps offsets in literal block scalars to the exact source line and column', () => {
    const { file, scalar } = scalarIn('run: |\n  echo hi\n    npm install\n', 'run')
    const at = sourceOffsetOf(file, scalar, scalar.value.indexOf('npm'))
    expect(file.position(at)).toEqual({ line: 3, column: 5 })
  })

  it('maps offsets in plain and quoted one-line scalars', () => {
    const plain = scalarIn('run: npm install x\n', 'run')
    expect(plain.file.position(sourceOffsetOf(plain.file, plain.scalar, 4))).toEqual({ line: 1, column: 10 })
    const quoted = scalarIn("run: 'npm i'\n", 'run')
    expect(quoted.file.position(sourceOffsetOf(quoted.file, quoted.scalar, 4))).toEqual({ line: 1, column: 11 })
  })
})
