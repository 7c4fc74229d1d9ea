import { describe, expect, it } from '@jest/globals'
import { auditFiles, auditWorkflow, summary } from '../__fixtures__/audit-files.js'
import { posixWrites } from './github-env.js'

const privileged = (run: string, shell = ''): string =>
  `on: pull_request_target\npermissions: {}\njobs:\n  meta:\n    runs-on: ubuntu-latest\n    steps:\n      - ${shell}run: |\n${run
    .split('\n')
    .map((line) => `          ${line}`)
    .join('\n')}\n`

describe('github-env', () => {
  it('finds writes in a command substitution of a heredoc body and after a group, wherever the name is written', () => {
    const nested = 'cat <<EOF\n$(echo "X=$TITLE" >> $GITHUB_ENV)\nEOF\n'
    expect(posixWrites(nested, new Map([['TITLE', 'github.event.issue.title']]))).toEqual([
      { target: '$GITHUB_ENV', start: 10, end: 43, tainted: 'github.event.issue.title' },
    ])
    expect(posixWrites('echo hi\n{ echo "A=$B"; } >> "$GITHUB_ENV"\necho ok\n')).toEqual([{ target: '$GITHUB_ENV', start: 8, end: 41 }])
    expect(posixWrites('echo "A=$B" > out.txt\necho done\n')).toEqual([])
  })

  it('reports computed writes at their script lines, parsed as bash: error when traced to attacker data, else warning', async () => {
    const findings = auditWorkflow(
      privileged(
        [
          'echo "A=$(date)" >> $GITHUB_ENV',
          'echo "B=${{ github.event.pull_request.title }}" >> "$GITHUB_ENV"',
          'echo "$DIR" | tee -a $GITHUB_PATH',
          'cat <<EOF >> "$GITHUB_ENV"',
          'C=$VALUE',
          'EOF',
        ].join('\n'),
      ),
    )
    expect(summary(findings, 'github-env')).toEqual(['8 warning', '9 error', '10 warning', '11 warning'])
    expect(findings.find((finding) => finding.line === 9 && finding.ruleId === 'github-env')!.message).toContain(
      'github.event.pull_request.title reaches $GITHUB_ENV',
    )
  })

  it('traces env: variables through shell assignments and pass-through commands, not through API calls', async () => {
    const text = privileged(
      [
        'message=$(echo "$TITLE" | grep -oP "[a-z]+" | sed "s/x/y/")',
        'copy=$message',
        'echo "$copy" >> $GITHUB_PATH',
        'NAME=$(gh api "repos/$REPO/pulls?head=$TITLE" --jq ".[0].head.label")',
        'echo "NAME=$NAME" >> "$GITHUB_ENV"',
      ].join('\n'),
    ).replace('      - run: |', '      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: |')
    const findings = auditWorkflow(text)
    expect(summary(findings, 'github-env')).toEqual(['12 error', '14 warning'])
    expect(findings.find((finding) => finding.line === 12 && finding.ruleId === 'github-env')!.message).toContain(
      'github.event.pull_request.title (through $message) (through $copy)',
    )
  })

  it('accepts numbers and ids: numeric contexts, API numbers, counts, files only they wrote, validated variables', async () => {
    const text = privileged(
      [
        'NUMBER=$(gh api "repos/$REPO/pulls?head=$TITLE" \\',
        '  --jq ".[0].number")',
        "RUN_ID=$(gh run list -c $SHA --json databaseId --jq '.[].databaseId' | head -n 1)",
        'gh issue list --json title,number --jq ".[] | select(.title | startswith(\\"$TITLE\\")).number" > number.txt',
        "COUNT=$(jq '.items | length' data.json)",
        'echo "NUMBER=$NUMBER" >> "$GITHUB_ENV"',
        'echo "RUN_ID=$RUN_ID" >> "$GITHUB_ENV"',
        'echo "MIRROR=$(cat number.txt)" >> "$GITHUB_ENV"',
        'echo "PR=$PR COUNT=$COUNT SUM=$((COUNT + 1))" >> "$GITHUB_ENV"',
        'FROM_ARTIFACT=$(cat pr_number)',
        'if ! [[ "$FROM_ARTIFACT" =~ ^[0-9]+$ ]]; then exit 1; fi',
        'echo "FROM_ARTIFACT=$FROM_ARTIFACT" >> "$GITHUB_ENV"',
        'UNCHECKED=$(cat pr_number)',
        'echo "UNCHECKED=$UNCHECKED" >> "$GITHUB_ENV"',
        'MIXED=$(gh api repos/$REPO/pulls/1 --jq .number)',
        'MIXED=$(cat title.txt)',
        'echo "MIXED=$MIXED" >> "$GITHUB_ENV"',
        'echo "LABEL=$(gh api repos/$REPO/pulls/1 --jq .head.label)" >> "$GITHUB_ENV"',
        'BOTH=$(gh api repos/$REPO/pulls --jq ".[] | .title, .number")',
        'echo "BOTH=$BOTH" >> "$GITHUB_ENV"',
        'READ=$(gh api repos/$REPO/pulls/1 --jq .number)',
        'read -r READ < title.txt',
        'echo "READ=$READ" >> "$GITHUB_ENV"',
        'if command -v nvidia-smi; then KIND=cuda; else KIND=cpu; fi',
        'echo "KIND=$KIND" >> "$GITHUB_ENV"',
      ].join('\n'),
    ).replace(
      '      - run: |',
      '      - env:\n          TITLE: ${{ github.event.pull_request.title }}\n          PR: ${{ github.event.pull_request.number }}\n        run: |',
    )
    // Only the unvalidated artifact, the variables with one non-numeric assignment (or a read), the API label and a filter that also yields titles remain.
    expect(summary(auditWorkflow(text), 'github-env')).toEqual(['24 warning', '27 warning', '28 warning', '30 warning', '33 warning'])
  })

  it('accepts wholly literal writes, reads of the file, and comments or strings that only mention it', async () => {
    const findings = auditWorkflow(
      privileged(
        [
          'echo "A=1" >> $GITHUB_ENV',
          'printf \'B=2\\nC=3\\n\' >> "$GITHUB_ENV"',
          '# echo "$X" >> $GITHUB_ENV',
          'echo "see GITHUB_ENV docs: $URL"',
          'cat "$GITHUB_ENV"',
        ].join('\n'),
      ),
    )
    expect(summary(findings, 'github-env')).toEqual([])
  })

  it('does not report ordinary pull_request workflows, which hold no secrets', async () => {
    const findings = auditWorkflow(privileged('echo "A=$(date)" >> $GITHUB_ENV').replace('pull_request_target', 'pull_request'))
    expect(summary(findings, 'github-env')).toEqual([])
  })

  it('reads PowerShell and cmd writes line by line', async () => {
    const findings = auditWorkflow(
      privileged('echo "foo=$env:BAR" >> $env:GITHUB_ENV\necho "static=1" >> $env:GITHUB_ENV', 'shell: pwsh\n        '),
    )
    expect(summary(findings, 'github-env')).toEqual(['9 warning'])
  })

  it('reports composite actions one level lower (note when untraced): their callers may be privileged', async () => {
    const { findings } = auditFiles({
      'action.yml':
        'name: a\ndescription: d\nruns:\n  using: composite\n  steps:\n    - run: echo "V=$(cat version)" >> "$GITHUB_ENV"\n      shell: bash\n',
    })
    expect(summary(findings, 'github-env')).toEqual(['6 note'])
  })
})
