import { isMap, isScalar, valueOf, type YamlNode } from '@pipeguard/workflow'
import { findExpressions } from '../cached.js'
import { contextPaths, parseExpression } from '../expression.js'
import type { AuditContext, AuditRule, AuditUnit } from '../rule.js'
import { unitSteps } from '../steps.js'

const KEY = 'ACTIONS_ALLOW_UNSECURE_COMMANDS'

export const insecureCommands: AuditRule = {
  meta: {
    id: 'insecure-commands',
    engine: 'audit',
    level: 'error',
    persona: 'regular',
    summary: 'ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables the set-env and add-path workflow commands',
    help: 'With it, anything a step prints (a test name, a commit message) can set environment variables and PATH for later steps. Remove it and use $GITHUB_ENV / $GITHUB_PATH files instead.',
    examples: {
      bad: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n    steps:\n      - run: make\n',
      good: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "TOOL=1" >> "$GITHUB_ENV"\n',
    },
  },
  check(unit, context) {
    if (unit.kind === 'workflow') {
      checkEnv(unit, context, unit.workflow.env, undefined)
      const jobs = unit.workflow.jobs
      for (let index = 0; index < jobs.length; index++) checkEnv(unit, context, jobs[index]!.env, jobs[index]!.strategy)
    }
    const steps = unitSteps(unit)
    for (let index = 0; index < steps.length; index++) {
      const { step, job } = steps[index]!
      if (step.env !== undefined) checkEnv(unit, context, step.env, job?.strategy)
    }
  },
}

function checkEnv(unit: AuditUnit, context: AuditContext, env: YamlNode | undefined, strategy: YamlNode | undefined): void {
  if (env === undefined) return
  if (isMap(env)) {
    const pairs = env.pairs
    for (let index = 0; index < pairs.length; index++) {
      const pair = pairs[index]!
      if (pair.key.value !== KEY) continue
      const value = isScalar(pair.value) ? pair.value.value.trim().toLowerCase() : ''
      if (value === 'false' || value === '0' || value === '') continue
      context.report({
        start: pair.key.start,
        end: (pair.value ?? pair.key).end,
        message: `${KEY} re-enables the deprecated set-env and add-path commands: any output of a step can then change the environment and PATH of later steps. Remove it.`,
      })
    }
    return
  }
  if (!isScalar(env)) return
  // env: ${{ matrix.env }} or another expression: look for the variable where the value comes from.
  for (const expression of findExpressions(unit.file, env)) {
    const parsed = parseExpression(expression.text)
    const paths = parsed === null ? [] : contextPaths(parsed)
    const fromMatrix =
      paths.some((path) => path.segments[0] === 'matrix') && JSON.stringify(valueOf(strategy, 'matrix') ?? null).includes(KEY)
    context.report({
      start: expression.start,
      end: expression.end,
      level: fromMatrix ? 'error' : 'warning',
      message: fromMatrix
        ? `this env: comes from the matrix, which sets ${KEY}: the deprecated set-env and add-path commands are enabled for the step. Remove it.`
        : `env: is computed by an expression, so it cannot be checked for ${KEY} (which would re-enable set-env and add-path); write env: as a map.`,
    })
  }
}
