import { getFileText, type GitHubClient } from '@pipeguard/github'
import { makeFinding, type ActiveRule, type Finding } from '@pipeguard/policy'
import { buildAction, isFullSha, parseYaml, SourceFile } from '@pipeguard/workflow'
import { mapLimited } from './pool.js'
import type { UsesReference } from './references.js'

/** Composite actions inside composite actions are followed this deep. */
const MAX_DEPTH = 3

/**
 * Pinning an action by SHA pins its own files, not what a composite action `uses:` in turn: those refs are read
 * from its action.yml at the pinned commit (one or two contents requests per unique action, nested composites
 * followed), and every mutable one is reported at the outer `uses:` (Scorecard never looks inside).
 */
export async function remoteCompositeFindings(
  client: GitHubClient,
  references: readonly UsesReference[],
  rule: ActiveRule,
  concurrency = 8,
): Promise<Finding[]> {
  const memo = new Map<string, Promise<string[]>>()
  const inside = (owner: string, repo: string, path: string | undefined, ref: string, depth: number): Promise<string[]> => {
    const key = `${owner}/${repo}/${path ?? ''}@${ref}`.toLowerCase()
    let pending = memo.get(key)
    if (pending === undefined) {
      pending = readInside(owner, repo, path, ref, depth)
      memo.set(key, pending)
    }
    return pending
  }
  const readInside = async (owner: string, repo: string, path: string | undefined, ref: string, depth: number): Promise<string[]> => {
    const folder = path === undefined || path === '' ? '' : `${path.replace(/\/+$/, '')}/`
    let name = `${folder}action.yml`
    let text = await getFileText(client, owner, repo, name, ref)
    if (text === undefined) {
      name = `${folder}action.yaml`
      text = await getFileText(client, owner, repo, name, ref)
    }
    if (text === undefined) return []
    const parsed = parseYaml(text)
    if (parsed.problem !== undefined) return []
    const action = buildAction(new SourceFile(`${owner}/${repo}/${name}`, text), parsed.documents[0] ?? null).model
    if (action === undefined || action.kind !== 'action' || action.runtime !== 'composite') return []
    const found: string[] = []
    for (const step of action.steps) {
      const inner = step.uses?.ref
      if (inner?.kind !== 'repository' || inner.ref === undefined) continue
      if (!isFullSha(inner.ref)) found.push(inner.raw)
      else if (depth < MAX_DEPTH) {
        const via = `${inner.owner}/${inner.repo}${inner.path ? `/${inner.path}` : ''}`
        found.push(...(await inside(inner.owner, inner.repo, inner.path, inner.ref, depth + 1)).map((raw) => `${raw} (through ${via})`))
      }
    }
    return found
  }

  const pinned = references.filter((reference) => reference.where === 'step' && isFullSha(reference.ref.ref))
  const results = await mapLimited(pinned, concurrency, (reference) =>
    inside(reference.ref.owner, reference.ref.repo, reference.ref.path, reference.ref.ref!, 1),
  )
  return pinned.flatMap((reference, index) => {
    const unpinned = results[index]!
    if (unpinned.length === 0) return []
    const { ref, file, node } = reference
    const name = `${ref.owner}/${ref.repo}${ref.path ? `/${ref.path}` : ''}`
    return [
      makeFinding({
        ruleId: rule.meta.id,
        level: rule.level,
        message: `${name} is pinned, but it is a composite action that runs ${unpinned.join(', ')}: mutable refs that the pin does not freeze; ask its maintainers to pin them, or use an action that does`,
        path: file.path,
        span: file.span(node.start, node.end),
        snippet: `${ref.raw} composite`,
      }),
    ]
  })
}
