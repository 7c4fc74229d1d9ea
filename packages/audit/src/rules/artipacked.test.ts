import { describe, expect, it } from '@jest/globals'
import { SourceFile } from '@pipeguard/workflow'
import { auditFiles, summary } from '../__fixtures__/audit-files.js'
import { planFixes } from '../fix.js'

const job = (steps: string): string => `on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`

async function fixed(text: string): Promise<string> {
  const result = auditFiles({ '.github/workflows/ci.yml': text }, undefined, { fixes: true })
  const plan = planFixes(new Map([['.github/workflows/ci.yml', new SourceFile('.github/workflows/ci.yml', text)]]), result.fixes)
  return plan.files.get('.github/workflows/ci.yml')?.after ?? text
}

describe('artipacked', () => {
  it('is an error only when a later step uploads the workspace with hidden files', async () => {
    const checkout = '      - uses: actions/checkout@v4\n'
    const upload = (extra: string, version = 'v4'): string =>
      `      - uses: actions/upload-artifact@${version}\n        with:\n          path: .\n${extra}`
    expect(summary(auditFiles({ '.github/workflows/ci.yml': job(checkout) }).findings, 'artipacked')).toEqual(['7 warning'])
    expect(summary(auditFiles({ '.github/workflows/ci.yml': job(checkout + upload('')) }).findings, 'artipacked')).toEqual(['7 warning'])
    expect(
      summary(
        auditFiles({ '.github/workflows/ci.yml': job(checkout + upload('          include-hidden-files: true\n')) }).findings,
        'artipacked',
      ),
    ).toEqual(['7 error'])
    expect(summary(auditFiles({ '.github/workflows/ci.yml': job(checkout + upload('', 'v3')) }).findings, 'artipacked')).toEqual([
      '7 error',
    ])
  })

  it('fixes by adding persist-credentials: false to an existing with: map, keeping comments', async () => {
    const before = job('      - uses: actions/checkout@v4 # v4\n        with:\n          fetch-depth: 0 # full history\n')
    expect(await fixed(before)).toBe(
      job(
        '      - uses: actions/checkout@v4 # v4\n        with:\n          persist-credentials: false\n          fetch-depth: 0 # full history\n',
      ),
    )
  })

  it('fixes by adding a with: map under a uses: that has none, and leaves flow maps alone', async () => {
    expect(await fixed(job('      - name: co\n        uses: actions/checkout@v4\n'))).toBe(
      job('      - name: co\n        uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n'),
    )
    const flow = job('      - uses: actions/checkout@v4\n        with: { fetch-depth: 0 }\n')
    expect(await fixed(flow)).toBe(flow)
  })
})
