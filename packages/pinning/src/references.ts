import {
  isMap,
  isScalar,
  isSeq,
  pairOf,
  scalarOf,
  valueOf,
  type Action,
  type Repository,
  type SourceFile,
  type Step,
  type UsesRef,
  type Workflow,
  type YamlMap,
  type YamlNode,
  type YamlScalar,
} from '@pipeguard/workflow'

export type RepositoryUses = Extract<UsesRef, { kind: 'repository' }>

/** A `uses:` of another repository: a step's action or a job's reusable workflow. */
export interface UsesReference {
  file: SourceFile
  node: YamlScalar
  ref: RepositoryUses
  where: 'step' | 'job'
}

/** A container image a workflow or action runs. */
export interface ImageReference {
  file: SourceFile
  node: YamlScalar
  /** The image as written, without `docker://`. */
  image: string
  where: 'docker-step' | 'container' | 'service' | 'action-image'
}

/** A `run:` script with the shell that runs it. */
export interface RunScript {
  file: SourceFile
  node: YamlScalar
  shell: string | undefined
  workingDirectory: string | undefined
}

function stepsOf(model: Workflow | Action): { steps: Step[]; file: SourceFile }[] {
  if (model.kind === 'action') return [{ steps: model.steps, file: model.file }]
  return model.jobs.map((job) => ({ steps: job.steps, file: model.file }))
}

const usesCache = new WeakMap<Repository, UsesReference[]>()

/** Every repository `uses:` in workflows (steps and jobs) and actions (composite steps), in file order. */
export function usesReferences(repository: Repository): UsesReference[] {
  const cached = usesCache.get(repository)
  if (cached !== undefined) return cached
  const found: UsesReference[] = []
  for (const workflow of repository.workflows) {
    for (const job of workflow.jobs) {
      if (job.uses?.ref.kind === 'repository') found.push({ file: workflow.file, node: job.uses.node, ref: job.uses.ref, where: 'job' })
    }
  }
  // Every action.yml below the root is modelled, so the steps of local composite actions (`./path`) are all here,
  // however deeply they are nested: following `./` references adds nothing the walk has not seen.
  for (const model of [...repository.workflows, ...repository.actions]) {
    for (const { steps, file } of stepsOf(model)) {
      for (const step of steps) {
        if (step.uses?.ref.kind === 'repository') found.push({ file, node: step.uses.node, ref: step.uses.ref, where: 'step' })
      }
    }
  }
  found.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.node.start - b.node.start))
  usesCache.set(repository, found)
  return found
}

/** Every image in `docker://` steps, `container:`, `services.*.image` and Docker actions' `runs.image`. */
export function imageReferences(repository: Repository): ImageReference[] {
  const found: ImageReference[] = []
  const add = (file: SourceFile, node: YamlNode | null | undefined, where: ImageReference['where']): void => {
    if (!isScalar(node) || node.value.trim() === '') return
    found.push({ file, node, image: node.value.trim().replace(/^docker:\/\//, ''), where })
  }
  for (const model of [...repository.workflows, ...repository.actions]) {
    for (const { steps, file } of stepsOf(model)) {
      for (const step of steps) if (step.uses?.ref.kind === 'docker') add(file, step.uses.node, 'docker-step')
    }
  }
  for (const workflow of repository.workflows) {
    for (const job of workflow.jobs) {
      // `${{ matrix.image }}` is checked at each value the matrix gives it, where the fix belongs.
      const addJob = (node: YamlNode | null | undefined, where: ImageReference['where']): void => {
        const values = isScalar(node) ? matrixValues(job.strategy, node.value) : undefined
        if (values === undefined) add(workflow.file, node, where)
        else for (const value of values) add(workflow.file, value, where)
      }
      addJob(isMap(job.container) ? scalarOf(job.container, 'image') : job.container, 'container')
      for (const pair of job.services?.pairs ?? []) addJob(isMap(pair.value) ? scalarOf(pair.value, 'image') : pair.value, 'service')
    }
  }
  for (const action of repository.actions) {
    if (action.runtime === 'docker' && action.image?.value.startsWith('docker://')) add(action.file, action.image, 'action-image')
  }
  return found
}

/**
 * The literal values a `${{ matrix.a.b }}` expression (the whole value) takes: from `strategy.matrix.a` (a list)
 * and `strategy.matrix.include[*].a`, followed through `.b`. Undefined when the value is not such an expression
 * or any value is not a literal (then the caller checks the expression as written).
 */
export function matrixValues(strategy: YamlMap | undefined, value: string): YamlScalar[] | undefined {
  const match = /^\$\{\{\s*matrix\.([\w-]+(?:\.[\w-]+)*)\s*\}\}$/.exec(value.trim())
  const matrix = valueOf(strategy, 'matrix')
  if (match === null || !isMap(matrix)) return undefined
  const [key, ...path] = match[1]!.split('.')
  const follow = (node: YamlNode | null | undefined): YamlNode | null | undefined =>
    path.reduce<YamlNode | null | undefined>((at, part) => valueOf(at, part), node)
  const values: (YamlNode | null | undefined)[] = []
  const listed = valueOf(matrix, key!)
  if (isSeq(listed)) values.push(...listed.items.map(follow))
  else if (listed !== undefined) return undefined
  const include = valueOf(matrix, 'include')
  if (isSeq(include))
    for (const entry of include.items) if (isMap(entry) && pairOf(entry, key!) !== undefined) values.push(follow(valueOf(entry, key!)))
  if (values.length === 0 || !values.every((node) => isScalar(node) && !node.value.includes('${{'))) return undefined
  return values as YamlScalar[]
}

/** Every `run:` script of workflows and composite actions. */
export function runScripts(repository: Repository): RunScript[] {
  const found: RunScript[] = []
  for (const model of [...repository.workflows, ...repository.actions]) {
    for (const { steps, file } of stepsOf(model)) {
      for (const step of steps) {
        if (step.run !== undefined)
          found.push({ file, node: step.run, shell: step.shell?.value, workingDirectory: step.workingDirectory?.value })
      }
    }
  }
  return found
}
