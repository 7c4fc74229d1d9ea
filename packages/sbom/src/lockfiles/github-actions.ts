import type { Repository, Step, UsesRef } from '@pipeguard/workflow'
// The `uses:` module alone (no YAML reader): `pipeguard sbom` on a tree without workflows skips the package's start-up.
import { isFullSha } from '@pipeguard/workflow/uses'
import { createGraphBuilder } from '../graph-builder.js'
import type { PackageGraph } from '../package-graph.js'

/**
 * The actions and reusable workflows the repository's workflows and composite actions use, as
 * `pkg:githubactions/owner/repo[/path]@ref` — the purl type GitHub's dependency graph uses for them
 * (package-url/purl-spec#243; cdxgen writes `pkg:github/...` instead). A full commit SHA is recorded as
 * `pipeguard:git-commit`, and the tag in a trailing `# v4.1.0` comment as `pipeguard:version-comment`.
 * Local (`./`, `$/`) references are the project's own code; `docker://` images are not GitHub Actions packages.
 */
export function readWorkflowActions(repository: Repository, path = '.github/workflows'): PackageGraph {
  const builder = createGraphBuilder('github-actions', path, 'github-actions')
  const visit = (
    uses: { ref: UsesRef; node: { start: number } } | undefined,
    file: { path: string; position(offset: number): { line: number }; lineText(line: number): string },
  ): void => {
    if (uses === undefined || uses.ref.kind !== 'repository' || uses.ref.ref === undefined) return
    const { owner, repo, path: subPath, ref } = uses.ref
    const segments = [owner, repo, ...(subPath === undefined ? [] : subPath.split('/').filter((segment) => segment !== ''))]
    const properties: [string, string][] = [['pipeguard:used-in', file.path]]
    if (isFullSha(ref)) {
      properties.push(['pipeguard:git-commit', ref])
      const comment = /#\s*(v?\d[\w.+-]*)/.exec(file.lineText(file.position(uses.node.start).line))
      if (comment !== null) properties.push(['pipeguard:version-comment', comment[1]!])
    }
    builder.direct(
      builder.add({ namespace: segments.slice(0, -1).join('/'), name: segments[segments.length - 1]!, version: ref, properties }),
    )
  }
  const steps = (list: Step[], file: Parameters<typeof visit>[1]): void => {
    for (const step of list) visit(step.uses, file)
  }
  for (const workflow of repository.workflows) {
    for (const job of workflow.jobs) {
      visit(job.uses, workflow.file)
      steps(job.steps, workflow.file)
    }
  }
  for (const action of repository.actions) steps(action.steps, action.file)
  return builder.build()
}
