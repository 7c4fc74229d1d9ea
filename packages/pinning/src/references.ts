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

interface References {
  uses: UsesReference[]
  images: ImageReference[]
  runs: RunScript[]
}

const walked = new WeakMap<Repository, References>()

/** One walk over every job and step of the repository collects what the rules and the fix read. */
function referencesOf(repository: Repository): References {
  const cached = walked.get(repository)
  if (cached !== undefined) return cached
  const uses: UsesReference[] = []
  const runs: RunScript[] = []
  const dockerSteps: ImageReference[] = []
  const jobImages: ImageReference[] = []
  const actionImages: ImageReference[] = []
  const addImage = (found: ImageReference[], file: SourceFile, node: YamlNode | null | undefined, where: ImageReference['where']): void => {
    if (!isScalar(node) || node.value.trim() === '') return
    found.push({ file, node, image: node.value.trim().replace(/^docker:\/\//, ''), where })
  }
  const addSteps = (steps: Step[], file: SourceFile): void => {
    for (const step of steps) {
      const stepUses = step.uses
      if (stepUses !== undefined) {
        if (stepUses.ref.kind === 'repository') uses.push({ file, node: stepUses.node, ref: stepUses.ref, where: 'step' })
        else if (stepUses.ref.kind === 'docker') addImage(dockerSteps, file, stepUses.node, 'docker-step')
      }
      if (step.run !== undefined)
        runs.push({ file, node: step.run, shell: step.shell?.value, workingDirectory: step.workingDirectory?.value })
    }
  }
  for (const workflow of repository.workflows) {
    const file = workflow.file
    for (const job of workflow.jobs) {
      if (job.uses?.ref.kind === 'repository') uses.push({ file, node: job.uses.node, ref: job.uses.ref, where: 'job' })
      addSteps(job.steps, file)
      // `${{ matrix.image }}` is checked at each value the matrix gives it, where the fix belongs.
      const addJob = (node: YamlNode | null | undefined, where: ImageReference['where']): void => {
        const values = isScalar(node) ? matrixValues(job.strategy, node.value) : undefined
        if (values === undefined) addImage(jobImages, file, node, where)
        else for (const value of values) addImage(jobImages, file, value, where)
      }
      if (job.container !== undefined) addJob(isMap(job.container) ? scalarOf(job.container, 'image') : job.container, 'container')
      for (const pair of job.services?.pairs ?? []) addJob(isMap(pair.value) ? scalarOf(pair.value, 'image') : pair.value, 'service')
    }
  }
  // Every action.yml below the root is modelled, so the steps of local composite actions (`./path`) are all here,
  // however deeply they are nested: following `./` references adds nothing the walk has not seen.
  for (const action of repository.actions) addSteps(action.steps, action.file)
  for (const action of repository.actions) {
    if (action.runtime === 'docker' && action.image?.value.startsWith('docker://'))
      addImage(actionImages, action.file, action.image, 'action-image')
  }
  uses.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.node.start - b.node.start))
  const result = { uses, images: [...dockerSteps, ...jobImages, ...actionImages], runs }
  walked.set(repository, result)
  return result
}

/** Every repository `uses:` in workflows (steps and jobs) and actions (composite steps), in file order. */
export function usesReferences(repository: Repository): UsesReference[] {
  return referencesOf(repository).uses
}

/** Every image in `docker://` steps, `container:`, `services.*.image` and Docker actions' `runs.image`. */
export function imageReferences(repository: Repository): ImageReference[] {
  return referencesOf(repository).images
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
  return referencesOf(repository).runs
}
