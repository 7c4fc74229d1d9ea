import {
  isFullSha,
  isMap,
  isScalar,
  isSeq,
  pairOf,
  scalarOf,
  valueOf,
  type Repository,
  type SourceFile,
  type Job,
  type Step,
  type UsesRef,
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
  /** The ref is a full commit SHA (`isFullSha`). */
  pinned: boolean
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

// The walks below run once per repository over every job and step, in a process that ends soon after: indexed loops
// keep the interpreter (most of this code never gets optimized) from allocating an iterator result per element.

/** One walk over every job and step of the repository collects what the rules and the fix read. */
function referencesOf(repository: Repository): References {
  const cached = walked.get(repository)
  if (cached !== undefined) return cached
  const found: References & { dockerSteps: ImageReference[]; jobImages: ImageReference[] } = {
    uses: [],
    images: [],
    runs: [],
    dockerSteps: [],
    jobImages: [],
  }
  const workflows = repository.workflows
  for (let w = 0; w < workflows.length; w++) {
    const file = workflows[w]!.file
    const jobs = workflows[w]!.jobs
    for (let j = 0; j < jobs.length; j++) {
      const job = jobs[j]!
      if (job.uses?.ref.kind === 'repository')
        found.uses.push({ file, node: job.uses.node, ref: job.uses.ref, where: 'job', pinned: isFullSha(job.uses.ref.ref) })
      addSteps(found, job.steps, file)
      if (job.container !== undefined)
        addJobImage(found.jobImages, file, job, isMap(job.container) ? scalarOf(job.container, 'image') : job.container, 'container')
      const services = job.services?.pairs
      if (services !== undefined)
        for (let p = 0; p < services.length; p++) {
          const value = services[p]!.value
          addJobImage(found.jobImages, file, job, isMap(value) ? scalarOf(value, 'image') : value, 'service')
        }
    }
  }
  // Every action.yml below the root is modelled, so the steps of local composite actions (`./path`) are all here,
  // however deeply they are nested: following `./` references adds nothing the walk has not seen.
  const actions = repository.actions
  for (let a = 0; a < actions.length; a++) addSteps(found, actions[a]!.steps, actions[a]!.file)
  const actionImages: ImageReference[] = []
  for (let a = 0; a < actions.length; a++) {
    const action = actions[a]!
    if (action.runtime === 'docker' && action.image?.value.startsWith('docker://'))
      addImage(actionImages, action.file, action.image, 'action-image')
  }
  const uses = found.uses
  uses.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.node.start - b.node.start))
  const result = { uses, images: [...found.dockerSteps, ...found.jobImages, ...actionImages], runs: found.runs }
  walked.set(repository, result)
  return result
}

function addSteps(found: References & { dockerSteps: ImageReference[] }, steps: Step[], file: SourceFile): void {
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!
    const stepUses = step.uses
    if (stepUses !== undefined) {
      if (stepUses.ref.kind === 'repository')
        found.uses.push({ file, node: stepUses.node, ref: stepUses.ref, where: 'step', pinned: isFullSha(stepUses.ref.ref) })
      else if (stepUses.ref.kind === 'docker') addImage(found.dockerSteps, file, stepUses.node, 'docker-step')
    }
    if (step.run !== undefined)
      found.runs.push({ file, node: step.run, shell: step.shell?.value, workingDirectory: step.workingDirectory?.value })
  }
}

function addImage(found: ImageReference[], file: SourceFile, node: YamlNode | null | undefined, where: ImageReference['where']): void {
  if (!isScalar(node) || node.value.trim() === '') return
  found.push({ file, node, image: node.value.trim().replace(/^docker:\/\//, ''), where })
}

/** `${{ matrix.image }}` is checked at each value the matrix gives it, where the fix belongs. */
function addJobImage(
  found: ImageReference[],
  file: SourceFile,
  job: Job,
  node: YamlNode | null | undefined,
  where: ImageReference['where'],
): void {
  const values = isScalar(node) ? matrixValues(job.strategy, node.value) : undefined
  if (values === undefined) addImage(found, file, node, where)
  else for (const value of values) addImage(found, file, value, where)
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
