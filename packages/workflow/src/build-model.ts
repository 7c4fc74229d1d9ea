import type { Action, ActionInput, ActionRuntime, Job, Permissions, Step, Trigger, Workflow } from './model.js'
import type { SourceFile } from './source-file.js'
import { parseUses } from './uses.js'
import { isMap, isScalar, isSeq, pairOf, scalarOf, valueOf, type YamlMap, type YamlNode, type YamlScalar } from './yaml-node.js'

/** A structural problem of a workflow or action file, at a source range. */
export interface StructureProblem {
  message: string
  start: number
  end: number
}

export interface Built<T> {
  model: T | undefined
  problems: StructureProblem[]
}

export function buildWorkflow(file: SourceFile, document: YamlNode | null): Built<Workflow> {
  const problems: StructureProblem[] = []
  if (!isMap(document)) {
    problems.push(rootProblem(file, document, 'a workflow must be a map with `on:` and `jobs:`'))
    return { model: undefined, problems }
  }
  const on = pairOf(document, 'on')
  if (on === undefined)
    problems.push({ message: 'the workflow has no `on:` triggers, so it never runs', start: document.start, end: document.start })
  const jobsPair = pairOf(document, 'jobs')
  const jobs: Job[] = []
  if (jobsPair === undefined || !isMap(jobsPair.value)) {
    const node = jobsPair?.key ?? document
    problems.push({ message: '`jobs:` must be a map of job ids to jobs', start: node.start, end: node.start })
  } else {
    const pairs = jobsPair.value.pairs
    for (let at = 0; at < pairs.length; at++) {
      const pair = pairs[at]!
      if (!isMap(pair.value)) {
        problems.push({ message: `job '${pair.key.value}' must be a map`, start: pair.key.start, end: pair.key.end })
        continue
      }
      const job = buildJob(pair.key, pair.value)
      if (job.uses === undefined && job.runsOn === undefined) {
        problems.push({
          message: `job '${job.id}' has no \`runs-on:\` (nor \`uses:\` of a reusable workflow)`,
          start: pair.key.start,
          end: pair.key.end,
        })
      }
      jobs.push(job)
    }
  }
  const model: Workflow = {
    kind: 'workflow',
    file,
    root: document,
    name: scalarOf(document, 'name'),
    on,
    triggers: on === undefined ? [] : triggersOf(on.value),
    permissions: permissionsOf(valueOf(document, 'permissions')),
    env: valueOf(document, 'env') ?? undefined,
    concurrency: valueOf(document, 'concurrency') ?? undefined,
    defaults: valueOf(document, 'defaults') ?? undefined,
    jobs,
  }
  return { model, problems }
}

export function buildAction(file: SourceFile, document: YamlNode | null): Built<Action> {
  const problems: StructureProblem[] = []
  if (!isMap(document)) {
    problems.push(rootProblem(file, document, 'action metadata must be a map with `name:` and `runs:`'))
    return { model: undefined, problems }
  }
  const runs = valueOf(document, 'runs')
  const using = isMap(runs) ? scalarOf(runs, 'using') : undefined
  if (!isMap(runs)) {
    const node = pairOf(document, 'runs')?.key ?? document
    problems.push({ message: 'the action has no `runs:` map, so it cannot run', start: node.start, end: node.start })
  } else if (using === undefined) {
    const node = pairOf(document, 'runs')!.key
    problems.push({ message: '`runs.using` is missing: say composite, docker or nodeNN', start: node.start, end: node.end })
  }
  const runtime = runtimeOf(using?.value)
  const inputsNode = valueOf(document, 'inputs')
  const inputs: ActionInput[] = isMap(inputsNode)
    ? inputsNode.pairs.map((pair) => ({ name: pair.key.value, node: pair.key, config: pair.value }))
    : []
  const stepsNode = isMap(runs) ? valueOf(runs, 'steps') : undefined
  const outputs = valueOf(document, 'outputs')
  const model: Action = {
    kind: 'action',
    file,
    root: document,
    name: scalarOf(document, 'name'),
    description: scalarOf(document, 'description'),
    inputs,
    outputs: isMap(outputs) ? outputs : undefined,
    runs: isMap(runs) ? runs : undefined,
    runtime,
    using,
    image: isMap(runs) ? scalarOf(runs, 'image') : undefined,
    steps: runtime === 'composite' ? stepsOf(stepsNode) : [],
  }
  return { model, problems }
}

function rootProblem(file: SourceFile, document: YamlNode | null, message: string): StructureProblem {
  if (document === null && file.text.trim() === '') return { message: 'the file is empty', start: 0, end: 0 }
  const start = document?.start ?? 0
  return { message, start, end: start }
}

function runtimeOf(using: string | undefined): ActionRuntime {
  if (using === undefined) return 'unknown'
  if (using === 'composite') return 'composite'
  if (using === 'docker') return 'docker'
  return /^node\d+$/.test(using) ? 'javascript' : 'unknown'
}

/** A field of a job or step as read from its map: absent (undefined), `key:` with nothing (null), or a node. */
type Field = YamlNode | null | undefined

function buildJob(idNode: YamlScalar, node: YamlMap): Job {
  // One pass over the job's keys (the last of a repeated key wins, as YAML loaders keep): a lookup per field was a
  // visible share of building the model of a large repository.
  let name: Field,
    runsOn: Field,
    needs: Field,
    condition: Field,
    permissions: Field,
    env: Field,
    environment: Field,
    container: Field,
    services: Field,
    strategy: Field,
    timeout: Field,
    concurrency: Field,
    uses: Field,
    withNode: Field,
    secrets: Field,
    steps: Field
  const pairs = node.pairs
  for (let at = 0; at < pairs.length; at++) {
    const pair = pairs[at]!
    const value = pair.value
    switch (pair.key.value) {
      case 'name':
        name = value
        break
      case 'runs-on':
        runsOn = value
        break
      case 'needs':
        needs = value
        break
      case 'if':
        condition = value
        break
      case 'permissions':
        permissions = value
        break
      case 'env':
        env = value
        break
      case 'environment':
        environment = value
        break
      case 'container':
        container = value
        break
      case 'services':
        services = value
        break
      case 'strategy':
        strategy = value
        break
      case 'timeout-minutes':
        timeout = value
        break
      case 'concurrency':
        concurrency = value
        break
      case 'uses':
        uses = value
        break
      case 'with':
        withNode = value
        break
      case 'secrets':
        secrets = value
        break
      case 'steps':
        steps = value
        break
    }
  }
  const usesNode = asScalar(uses)
  return {
    id: idNode.value,
    idNode,
    node,
    name: asScalar(name),
    runsOn: runsOn ?? undefined,
    needs: isScalar(needs) ? [needs.value] : isSeq(needs) ? needs.items.filter(isScalar).map((item) => item.value) : [],
    if: asScalar(condition),
    permissions: permissionsOf(permissions),
    env: env ?? undefined,
    environment: environment ?? undefined,
    container: container ?? undefined,
    services: asMap(services),
    strategy: asMap(strategy),
    timeoutMinutes: asScalar(timeout),
    concurrency: concurrency ?? undefined,
    uses: usesNode === undefined ? undefined : { ref: parseUses(usesNode.value), node: usesNode },
    with: asMap(withNode),
    secrets: secrets ?? undefined,
    steps: stepsOf(steps),
  }
}

export function stepsOf(node: YamlNode | null | undefined): Step[] {
  if (!isSeq(node)) return []
  const steps: Step[] = []
  const items = node.items
  for (let index = 0; index < items.length; index++) {
    const item = items[index]
    if (!isMap(item)) continue
    let id: Field,
      name: Field,
      uses: Field,
      run: Field,
      shell: Field,
      condition: Field,
      withNode: Field,
      env: Field,
      workingDirectory: Field
    const pairs = item.pairs
    for (let at = 0; at < pairs.length; at++) {
      const pair = pairs[at]!
      const value = pair.value
      switch (pair.key.value) {
        case 'id':
          id = value
          break
        case 'name':
          name = value
          break
        case 'uses':
          uses = value
          break
        case 'run':
          run = value
          break
        case 'shell':
          shell = value
          break
        case 'if':
          condition = value
          break
        case 'with':
          withNode = value
          break
        case 'env':
          env = value
          break
        case 'working-directory':
          workingDirectory = value
          break
      }
    }
    const usesNode = asScalar(uses)
    steps.push({
      index,
      node: item,
      id: asScalar(id),
      name: asScalar(name),
      uses: usesNode === undefined ? undefined : { ref: parseUses(usesNode.value), node: usesNode },
      run: asScalar(run),
      shell: asScalar(shell),
      if: asScalar(condition),
      with: asMap(withNode),
      env: env ?? undefined,
      workingDirectory: asScalar(workingDirectory),
    })
  }
  return steps
}

function asScalar(node: YamlNode | null | undefined): YamlScalar | undefined {
  return node?.kind === 'scalar' ? node : undefined
}

function asMap(node: YamlNode | null | undefined): YamlMap | undefined {
  return node?.kind === 'map' ? node : undefined
}

function triggersOf(node: YamlNode | null): Trigger[] {
  if (isScalar(node)) return [{ event: node.value, node, config: null }]
  if (isSeq(node)) return node.items.filter(isScalar).map((item) => ({ event: item.value, node: item, config: null }))
  if (isMap(node)) return node.pairs.map((pair) => ({ event: pair.key.value, node: pair.key, config: pair.value }))
  return []
}

export function permissionsOf(node: YamlNode | null | undefined): Permissions | undefined {
  if (node === null || node === undefined) return undefined
  const scopes: Permissions['scopes'] = new Map()
  if (isMap(node)) {
    const pairs = node.pairs
    for (let at = 0; at < pairs.length; at++) {
      const pair = pairs[at]!
      if (isScalar(pair.value)) scopes.set(pair.key.value, { level: pair.value.value, pair })
    }
  }
  return { node, shorthand: isScalar(node) ? node.value : undefined, scopes }
}
