import { isMap, pairOf, valueOf, type YamlNode } from '@pipeguard/workflow'
import type { AuditContext, AuditRule } from '../rule.js'

export const hardcodedContainerCredentials: AuditRule = {
  meta: {
    id: 'hardcoded-container-credentials',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'A container or service registry password is written in the workflow',
    help: 'Anyone who can read the repository can read the password. Store it as a secret: `password: ${{ secrets.REGISTRY_PASSWORD }}`.',
    examples: {
      bad: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: registry.example.com/app:1\n      credentials:\n        username: ci\n        password: hunter2\n    steps:\n      - run: make\n',
      good: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: registry.example.com/app:1\n      credentials:\n        username: ci\n        password: ${{ secrets.REGISTRY_PASSWORD }}\n    steps:\n      - run: make\n',
    },
  },
  check(unit, context) {
    if (unit.kind !== 'workflow') return
    const jobs = unit.workflow.jobs
    for (let jobIndex = 0; jobIndex < jobs.length; jobIndex++) {
      const job = jobs[jobIndex]!
      if (job.container !== undefined) check(context, job.container, `job '${job.id}' container`)
      const services = job.services?.pairs
      if (services === undefined) continue
      for (let index = 0; index < services.length; index++) {
        check(context, services[index]!.value, `service '${services[index]!.key.value}' of job '${job.id}'`)
      }
    }
  },
}

function check(context: AuditContext, container: YamlNode | null | undefined, what: string): void {
  if (!isMap(container)) return
  const password = pairOf(valueOf(container, 'credentials'), 'password')
  if (password === undefined || password.value?.kind !== 'scalar') return
  const value = password.value.value
  if (value.trim() === '' || value.includes('${{')) return
  context.report({
    start: password.value.start,
    end: password.value.end,
    message: `the registry password of the ${what} is written in the workflow, readable by anyone who can read the repository; use a secret: \${{ secrets.NAME }}.`,
    snippet: `${what} password`,
  })
}
