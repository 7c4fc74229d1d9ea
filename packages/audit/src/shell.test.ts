import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { corpusPath, describeCorpus } from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { readdirSync } from 'node:fs'
import { parseShell, walkShell, wordText, type ShellNode } from './shell.js'

const types = (root: ShellNode | undefined): string[] => {
  const found: string[] = []
  if (root !== undefined) walkShell(root, (node) => void found.push(node.type))
  return found
}

describe('the shell parser', () => {
  it('reads pipelines, redirections, assignments and expansions with their lines', () => {
    const root = parseShell('A=$(echo "$X" | sed s/a/b/)\necho "v=${A}" | tee -a "$GITHUB_ENV" # note\n')!
    const statements = root.children
    expect(statements.map((statement) => statement.line)).toEqual([0, 1])
    const assign = statements[0]!.children[0]!.children[0]!
    expect(assign).toMatchObject({ type: 'Assign', value: 'A' })
    expect(types(assign).slice(0, 9)).toEqual(['Assign', 'Word', 'CmdSubst', 'Stmt', 'CallExpr', 'Word', 'Lit', 'Word', 'DblQuoted'])
    expect(types(assign)).toContain('ParamExp')
    expect(statements[1]!.children.map((command) => wordText(command.children[0]))).toEqual(['echo', 'tee'])
  })

  it('reads heredoc bodies (expanding unless the delimiter is quoted) and attaches them to their redirection', () => {
    const root = parseShell('cat <<EOF >> "$GITHUB_ENV"\nA=$B\nEOF\ncat <<\'EOF\'\n$C\nEOF\necho done\n')!
    const bodies: ShellNode[] = []
    walkShell(root, (node) => void (node.heredoc === true && bodies.push(node)))
    expect(bodies.map((body) => types(body).join(' '))).toEqual(['Word Lit ParamExp Lit', 'Word Lit'])
    expect(root.children.map((statement) => statement.line)).toEqual([0, 3, 6])
  })

  it('reads through if, loops, case, groups and functions, with redirections after a group applying to it', () => {
    const script = [
      'if [[ -n "$A" && $B < 3 ]]; then',
      '  for f in *.txt; do echo "$f"; done >> "$GITHUB_PATH"',
      'fi',
      'case "$X" in a) echo a ;; (b) echo b ;; esac',
      '{ echo x; echo "$Y"; } > out',
      'f() { echo "$1"; }',
      'function g { echo hi; }',
      'echo $((1 + 2)) ${#ARR[@]} `date` <(ls)',
    ].join('\n')
    const root = parseShell(script)!
    expect(root).toBeDefined()
    const calls: string[] = []
    walkShell(root, (node) => void (node.type === 'CallExpr' && calls.push(wordText(node.children[0]))))
    expect(calls).toEqual(expect.arrayContaining(['[[', 'echo', 'g', 'date', 'ls']))
    expect(types(root)).toEqual(expect.arrayContaining(['ArithmExp', 'ProcSubst', 'Block', 'Redirect']))
    // The redirection after `done` belongs to the statement that closes the loop, on line 2.
    const redirects: ShellNode[] = []
    walkShell(root, (node) => void (node.type === 'Redirect' && redirects.push(node)))
    expect(redirects.map((redirect) => `${redirect.line}:${wordText(redirect.children[0])}`)).toEqual(['0:3', '1:$GITHUB_PATH', '4:out'])
  })

  it('replaces ${{ }} with a placeholder word of the same length and returns undefined for unterminated quotes', () => {
    const root = parseShell('echo "${{ github.event.issue.title }}"')!
    expect(wordText(root.children[0]!.children[0]!.children[1])).toMatch(/^_G0E+$/)
    expect(parseShell('echo "unterminated')).toBeUndefined()
  })
})

describeCorpus('the shell parser on the corpus', () => {
  it('parses every bash run: script of the 60 repositories except PowerShell ones, without throwing', () => {
    const base = corpusPath('workflows')
    let parsed = 0
    const failed: string[] = []
    for (const name of readdirSync(base).filter((entry) => entry !== 'MANIFEST.tsv')) {
      const repository = loadRepository(join(base, name))
      const steps = [
        ...repository.actions.flatMap((action) => action.steps),
        ...repository.workflows.flatMap((workflow) => workflow.jobs.flatMap((job) => job.steps)),
      ]
      for (const step of steps) {
        if (step.run === undefined || (step.shell !== undefined && !/bash|sh/.test(step.shell.value))) continue
        if (parseShell(step.run.value) === undefined) failed.push(step.run.value.slice(0, 60))
        else parsed++
      }
    }
    expect(parsed).toBeGreaterThan(6000)
    // The only scripts that do not parse are PowerShell scripts of Windows jobs that rely on the default shell.
    expect(
      failed.filter(
        (script) =>
          !/`\n|Import-Module|Invoke-WebRequest|Get-ChildItem|reg add|Move-Item|\$env:|Write-Output|^\$\w+ = |wingetcreate|for \(\$|bundle install --gemfile \w+\\/i.test(
            script,
          ),
      ),
    ).toEqual([])
  })
})
