import { describe, expect, it } from '@jest/globals'
import { isFullSha, parseImage, parseUses } from './uses.js'

describe('parseUses', () => {
  it('parses owner/repo@ref and owner/repo/path@ref', () => {
    expect(parseUses('actions/checkout@v4')).toEqual({
      kind: 'repository',
      raw: 'actions/checkout@v4',
      owner: 'actions',
      repo: 'checkout',
      path: undefined,
      ref: 'v4',
      slug: 'actions/checkout',
    })
    expect(parseUses('Azure/Login@v2')).toMatchObject({ owner: 'Azure', repo: 'Login', slug: 'azure/login' })
    expect(parseUses('github/codeql-action/init@abc')).toMatchObject({ owner: 'github', repo: 'codeql-action', path: 'init', ref: 'abc' })
    expect(parseUses('org/repo/.github/workflows/build.yml@main')).toMatchObject({ path: '.github/workflows/build.yml', ref: 'main' })
  })
  it('parses local, same-repository and docker references', () => {
    expect(parseUses('./.github/actions/setup')).toEqual({ kind: 'local', raw: './.github/actions/setup', path: '.github/actions/setup' })
    expect(parseUses('$/.github/workflows/build.yml')).toEqual({
      kind: 'same-repository',
      raw: '$/.github/workflows/build.yml',
      path: '.github/workflows/build.yml',
    })
    expect(parseUses('docker://rhysd/actionlint:1.7.12@sha256:b193')).toMatchObject({
      kind: 'docker',
      image: 'rhysd/actionlint',
      tag: '1.7.12',
      digest: 'sha256:b193',
    })
  })
  it('does not guess at expressions or malformed values', () => {
    expect(parseUses('${{ matrix.action }}').kind).toBe('unknown')
    expect(parseUses('not a reference').kind).toBe('unknown')
    expect(parseUses('actions/checkout')).toMatchObject({ kind: 'repository', ref: undefined })
  })
  it('keeps a registry port apart from the tag', () => {
    expect(parseImage('localhost:5000/tool')).toEqual({ image: 'localhost:5000/tool', tag: undefined, digest: undefined })
    expect(parseImage('ghcr.io/o/tool:1.2')).toEqual({ image: 'ghcr.io/o/tool', tag: '1.2', digest: undefined })
  })
  it('accepts only a full lowercase 40-hex SHA as a pin', () => {
    expect(isFullSha('8e8c483db84b4bee98b60c0593521ed34d9990e8')).toBe(true)
    expect(isFullSha('8e8c483')).toBe(false)
    expect(isFullSha('\uFEFF8e8c483db84b4bee98b60c0593521ed34d9990e')).toBe(false)
  })
})
