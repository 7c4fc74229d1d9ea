import { contextPaths, parseExpression } from '../expression.js'
import { isMap, isScalar, isSeq, type YamlNode } from '@pipeguard/workflow'
import { findExpressions } from '../cached.js'
import type { AuditRule } from '../rule.js'

export const secretsOutsideEnv: AuditRule = {
  meta: {
    id: 'secrets-outside-env',
    engine: 'audit',
    level: 'note',
    persona: 'pedantic',
    summary: 'A job uses secrets without a deployment environment',
    help: 'Repository secrets are available to every job. Secrets in a deployment environment are only released to jobs that name it (`environment: production`), with its protection rules (reviewers, branch limits). Move the secret to an environment and name it on the job.',
    examples: {
      bad: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n',
      good: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    for (const job of unit.workflow.jobs) {
      if (job.environment !== undefined || job.uses !== undefined) continue
      const seen = new Set<YamlNode>()
      const visit = (node: YamlNode | null): void => {
        if (node === null || seen.has(node)) return
        seen.add(node)
        if (isSeq(node)) node.items.forEach(visit)
        else if (isMap(node)) node.pairs.forEach((pair) => visit(pair.value))
        else if (isScalar(node) && /secrets/i.test(node.value)) {
          for (const expression of findExpressions(unit.file, node)) {
            const parsed = parseExpression(expression.text)
            if (parsed === null) continue
            const names = contextPaths(parsed).filter((path) => path.segments[0] === 'secrets' && path.segments[1] !== 'github_token')
            if (names.length === 0) continue
            context.report({
              start: expression.start,
              end: expression.end,
              message: `job '${job.id}' reads ${names.map((path) => path.segments.join('.')).join(', ')} without a deployment environment: repository secrets reach every job. Move it to an environment and add \`environment:\` to the job.`,
            })
          }
        }
      }
      visit(job.node)
    }
  },
}
