import { describe, expect, it } from '@jest/globals'
import { activeRule } from './active-rule.js'
import { defaultPolicy } from './policy.js'
import type { RuleMeta } from './rule.js'

const sized: RuleMeta = {
  id: 'workflow-size',
  engine: 'governance',
  level: 'error',
  summary: '',
  help: '',
  options: { 'max-lines': { type: 'integer', default: 500 } },
}
const optIn: RuleMeta = {
  id: 'missing-concurrency',
  engine: 'governance',
  level: 'off',
  summary: '',
  help: '',
  options: { triggers: { type: 'array' } },
}
const pedantic: RuleMeta = { id: 'anonymous-definition', engine: 'audit', level: 'note', persona: 'pedantic', summary: '', help: '' }

describe('activeRule', () => {
  it('uses the default level and option defaults when the policy is silent', () => {
    expect(activeRule(defaultPolicy(), sized)).toMatchObject({ level: 'error', options: { 'max-lines': 500 } })
  })
  it('lets the policy override level and options', () => {
    const policy = { ...defaultPolicy(), rules: { 'workflow-size': { level: 'warning' as const, options: { 'max-lines': 9 } } } }
    expect(activeRule(policy, sized)).toMatchObject({ level: 'warning', options: { 'max-lines': 9 } })
  })
  it('keeps an opt-in rule off until the policy configures it, then enables it at warning', () => {
    expect(activeRule(defaultPolicy(), optIn)).toBeUndefined()
    const policy = { ...defaultPolicy(), rules: { 'missing-concurrency': { options: { triggers: ['push'] } } } }
    expect(activeRule(policy, optIn)?.level).toBe('warning')
  })
  it('enables pedantic rules only with the pedantic persona or an explicit level', () => {
    expect(activeRule(defaultPolicy(), pedantic)).toBeUndefined()
    expect(activeRule({ ...defaultPolicy(), persona: 'pedantic' }, pedantic)?.level).toBe('note')
    expect(activeRule({ ...defaultPolicy(), rules: { 'anonymous-definition': { level: 'error', options: {} } } }, pedantic)?.level).toBe(
      'error',
    )
  })
  it('disables a rule set to off', () => {
    expect(activeRule({ ...defaultPolicy(), rules: { 'workflow-size': { level: 'off', options: {} } } }, sized)).toBeUndefined()
  })
})
