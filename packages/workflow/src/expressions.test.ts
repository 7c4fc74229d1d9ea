import { describe, expect, it } from '@jest/globals'
import { findExpressions } from './expressions.js'
import { parseYaml } from './parse-yaml.js'
import { SourceFile } from './source-file.js'
import { isMap, isScalar, type YamlScalar } from './yaml-node.js'

function scalars(text: string): { file: SourceFile; values: YamlScalar[] } {
  const file = new SourceFile('w.yml', text)
  const root = parseYaml(text).documents[0]
  if (!isMap(root)) throw new Error('not a map')
  return { file, values: root.pairs.map((pair) => pair.value).filter(isScalar) }
}

describe('findExpressions', () => {
  it('finds expressions with exact positions in plain, quoted and block scalars', () => {
    const { file, values } = scalars(
      "a: echo ${{ github.head_ref }}\nb: 'x ${{ format(''{0}'', github.actor) }}'\nc: \"${{ inputs.name }}\"\nd: |\n  echo hi\n  echo ${{ github.event.issue.title }} ${{ env.X }}\n",
    )
    const found = values.map((value) =>
      findExpressions(file, value).map((expression) => [expression.text, expression.span.line, expression.span.column]),
    )
    expect(found).toEqual([
      [['github.head_ref', 1, 9]],
      [["format('{0}', github.actor)", 2, 7]],
      [['inputs.name', 3, 5]],
      [
        ['github.event.issue.title', 6, 8],
        ['env.X', 6, 40],
      ],
    ])
  })
  it('does not end an expression at braces inside a string literal', () => {
    const { file, values } = scalars("a: ${{ contains('}}', github.ref) }}\n")
    expect(findExpressions(file, values[0]!).map((expression) => expression.text)).toEqual(["contains('}}', github.ref)"])
  })
})
