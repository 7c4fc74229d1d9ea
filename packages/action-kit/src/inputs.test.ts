import { describe, expect, it } from '@jest/globals'
import { InputError } from '@pipeguard/policy'
import { readBooleanInput, readChoiceInput, readInput } from './inputs.js'

describe('action inputs', () => {
  it('trims ASCII whitespace only, so a byte-order mark stays visible to the checks', () => {
    const sha = '\uFEFF8e8c483db84b4bee98b60c0593521ed34d9990e8'
    expect(readInput('ref', { INPUT_REF: `  ${sha}\n` })).toBe(sha)
    expect(readInput('ref', { INPUT_REF: '\u00A0x\u00A0' })).toBe('\u00A0x\u00A0')
  })
  it('reads names with spaces and dashes as the runner writes them', () => {
    expect(readInput('fail-on', { 'INPUT_FAIL-ON': 'warning' })).toBe('warning')
    expect(readInput('my input', { INPUT_MY_INPUT: 'x' })).toBe('x')
    expect(readInput('absent', {})).toBe('')
  })
  it('accepts YAML 1.2 booleans and names the input when the value is not one', () => {
    expect(readBooleanInput('flag', false, { INPUT_FLAG: 'True' })).toBe(true)
    expect(readBooleanInput('flag', true, { INPUT_FLAG: '' })).toBe(true)
    expect(() => readBooleanInput('flag', false, { INPUT_FLAG: 'yes' })).toThrow(
      new InputError("input 'flag' must be true or false, got 'yes'"),
    )
  })
  it('restricts choice inputs', () => {
    expect(readChoiceInput('format', ['github', 'text'], 'github', {})).toBe('github')
    expect(() => readChoiceInput('format', ['github', 'text'], 'github', { INPUT_FORMAT: 'xml' })).toThrow(
      /input 'format' must be one of github, text, got 'xml'/,
    )
  })
})
