import { describe, expect, it } from '@jest/globals'
import { applyEdits } from '@pipeguard/workflow'
import { auditFiles, auditWorkflow, summary } from '../__fixtures__/audit-files.js'
import { planFixes } from '../fix.js'
import { SourceFile } from '@pipeguard/workflow'

const job = (steps: string, on = 'issues'): string => `on: ${on}\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`

describe('template-injection', () => {
  it('reports an issue title expanded into run: as an error at the expression', async () => {
    const findings = auditWorkflow(job('      - run: echo "${{ github.event.issue.title }}"\n'))
    const found = findings.filter((finding) => finding.ruleId === 'template-injection')
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ level: 'error', line: 6, column: 20, endColumn: 51 })
    expect(found[0]!.message).toContain('github.event.issue.title')
  })

  it('ignores safe contexts: numbers, SHAs, booleans, repository names and outputs of comparisons', async () => {
    const findings = auditWorkflow(
      job(
        [
          '      - run: |',
          '          echo ${{ github.event.issue.number }} ${{ github.event.pull_request.head.sha }}',
          '          echo ${{ github.repository }} ${{ github.event.pull_request.head.repo.fork }}',
          "          echo ${{ contains(github.event.issue.title, 'bug') }} ${{ github.event.issue.title == 'x' }}",
          "          echo ${{ matrix.debug && '--debug' || '' }}",
          '',
        ].join('\n'),
      ),
    )
    expect(summary(findings, 'template-injection')).toEqual([])
  })

  it('traces env: indirection expanded with ${{ env.X }}, and step outputs computed from event data one level lower', async () => {
    const findings = auditWorkflow(
      job(
        [
          '      - id: meta',
          '        run: echo "title=${{ github.event.issue.title }}" >> "$GITHUB_OUTPUT"',
          '      - env:',
          '          TITLE: ${{ github.event.issue.body }}',
          '        run: |',
          '          echo ${{ env.TITLE }}',
          '          echo ${{ steps.meta.outputs.title }}',
          '          echo "$TITLE"',
          '',
        ].join('\n'),
      ),
    )
    expect(summary(findings, 'template-injection')).toEqual(['7 error', '11 error', '12 warning'])
  })

  it('grades workflow_dispatch string inputs as warnings and typed inputs as safe', async () => {
    const findings = auditWorkflow(
      [
        'on:',
        '  workflow_dispatch:',
        '    inputs:',
        '      name: { type: string }',
        '      count: { type: number }',
        '      mode: { type: choice, options: [a, b] }',
        'jobs:',
        '  run:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo ${{ inputs.name }} ${{ inputs.count }} ${{ inputs.mode }} ${{ github.event.inputs.name }}',
        '',
      ].join('\n'),
    )
    expect(summary(findings, 'template-injection')).toEqual(['11 warning', '11 warning'])
  })

  it('audits code inputs of known actions (github-script) and composite action steps with their inputs', async () => {
    const { findings } = auditFiles({
      '.github/workflows/ci.yml': job(
        "      - uses: actions/github-script@v7\n        with:\n          script: core.info('${{ github.event.comment.body }}')\n",
        'issue_comment',
      ),
      'action.yml':
        'name: a\ndescription: d\ninputs:\n  ref: { description: r }\nruns:\n  using: composite\n  steps:\n    - run: git checkout ${{ inputs.ref }}\n      shell: bash\n',
    })
    expect(
      findings
        .filter((finding) => finding.ruleId === 'template-injection')
        .map((finding) => `${finding.path} ${finding.line} ${finding.level}`)
        .sort(),
    ).toEqual(['.github/workflows/ci.yml 8 error', 'action.yml 8 warning'])
  })

  it('reports through YAML anchors once, at the anchored definition, without crashing', async () => {
    const findings = auditWorkflow(job('      - run: &r echo "${{ github.event.issue.title }}"\n      - run: *r\n'))
    expect(summary(findings, 'template-injection')).toEqual(['6 error'])
  })

  it("fails closed on an expression GitHub's parser rejects but that names attacker data", async () => {
    const findings = auditWorkflow(job('      - run: echo "${{ github.event.issue.title +++ }}"\n'))
    expect(summary(findings, 'template-injection')).toEqual(['6 error'])
  })

  describe('--fix', () => {
    const fixed = async (text: string): Promise<string> => {
      const result = auditFiles({ '.github/workflows/ci.yml': text }, undefined, { fixes: true })
      const plan = planFixes(new Map([['.github/workflows/ci.yml', new SourceFile('.github/workflows/ci.yml', text)]]), result.fixes)
      return plan.files.get('.github/workflows/ci.yml')?.after ?? text
    }

    it('moves the expression to env: and quotes the variable, touching nothing else', async () => {
      const before = job(
        '      - name: greet   # keep me\n        run: |\n          echo "Title: ${{ github.event.issue.title }}"\n          echo ${{ github.event.issue.body }} done\n',
      )
      const after = await fixed(before)
      expect(after).toBe(
        job(
          '      - name: greet   # keep me\n        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}\n          ISSUE_BODY: ${{ github.event.issue.body }}\n        run: |\n          echo "Title: ${ISSUE_TITLE}"\n          echo "${ISSUE_BODY}" done\n',
        ),
      )
      expect(await fixed(after)).toBe(after)
      expect(summary(auditWorkflow(after), 'template-injection')).toEqual([])
    })

    it('adds to an existing env: map and keeps CRLF line endings', async () => {
      const before = job('      - env:\n          A: 1\n        run: |\n          echo ${{ github.event.issue.title }}\n').replace(
        /\n/g,
        '\r\n',
      )
      const after = await fixed(before)
      expect(after).toBe(
        job(
          '      - env:\n          A: 1\n          ISSUE_TITLE: ${{ github.event.issue.title }}\n        run: |\n          echo "${ISSUE_TITLE}"\n',
        ).replace(/\n/g, '\r\n'),
      )
    })

    it('leaves expressions inside single quotes, heredocs and non-POSIX shells alone', async () => {
      for (const steps of [
        "      - run: |\n          echo '${{ github.event.issue.title }}'\n",
        '      - run: |\n          cat <<EOF\n          ${{ github.event.issue.title }}\n          EOF\n',
        '      - shell: pwsh\n        run: |\n          echo ${{ github.event.issue.title }}\n',
      ]) {
        expect(await fixed(job(steps))).toBe(job(steps))
      }
    })

    it('is exact: applyEdits of the planned edits equals the planned text', async () => {
      const text = job('      - run: |\n          echo ${{ github.event.issue.title }}\n')
      const result = auditFiles({ '.github/workflows/ci.yml': text }, undefined, { fixes: true })
      expect(result.fixes).toHaveLength(1)
      expect(applyEdits(text, result.fixes[0]!.edits)).toBe(await fixed(text))
    })

    it('is worked out only when the run asks for fixes, with the same findings either way', () => {
      const text = job('      - uses: actions/checkout@v4\n      - run: |\n          echo ${{ github.event.issue.title }}\n')
      const reporting = auditFiles({ '.github/workflows/ci.yml': text })
      const fixing = auditFiles({ '.github/workflows/ci.yml': text }, undefined, { fixes: true })
      expect(reporting.fixes).toEqual([])
      expect(fixing.fixes.map((fix) => fix.ruleId).sort()).toEqual(['artipacked', 'template-injection'])
      expect(reporting.findings).toEqual(fixing.findings)
    })
  })
})
