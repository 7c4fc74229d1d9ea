import type { SourceFile } from './source-file.js'
import type { UsesRef } from './uses.js'
import type { YamlMap, YamlNode, YamlPair, YamlScalar } from './yaml-node.js'

/** One event a workflow runs on, from any of the string, list and map forms of `on:`. */
export interface Trigger {
  event: string
  /** The node naming the event (a key in the map form, an item otherwise). */
  node: YamlScalar
  /** The event's configuration (`branches`, `types`, `inputs`, ...), null when none. */
  config: YamlNode | null
}

/**
 * `permissions:` as written: `read-all`/`write-all`/`{}` or a map of scopes. Undefined on the owner means the
 * key is absent (the repository default applies).
 */
export interface Permissions {
  node: YamlNode
  /** `read-all`, `write-all`, or undefined for the map form. */
  shorthand: string | undefined
  /** Scope to level (`read`, `write`, `none`) in the map form. */
  scopes: Map<string, { level: string; pair: YamlPair }>
}

export interface Step {
  /** 0-based position in the job's (or composite action's) steps. */
  index: number
  node: YamlMap
  id: YamlScalar | undefined
  name: YamlScalar | undefined
  uses: { ref: UsesRef; node: YamlScalar } | undefined
  run: YamlScalar | undefined
  shell: YamlScalar | undefined
  if: YamlScalar | undefined
  with: YamlMap | undefined
  env: YamlNode | undefined
  workingDirectory: YamlScalar | undefined
}

export interface Job {
  id: string
  /** The key naming the job. */
  idNode: YamlScalar
  node: YamlMap
  name: YamlScalar | undefined
  runsOn: YamlNode | undefined
  needs: string[]
  if: YamlScalar | undefined
  permissions: Permissions | undefined
  env: YamlNode | undefined
  environment: YamlNode | undefined
  container: YamlNode | undefined
  services: YamlMap | undefined
  strategy: YamlMap | undefined
  timeoutMinutes: YamlScalar | undefined
  concurrency: YamlNode | undefined
  /** A job that calls a reusable workflow. */
  uses: { ref: UsesRef; node: YamlScalar } | undefined
  with: YamlMap | undefined
  /** `secrets: inherit` (a scalar) or a map of secrets passed to a reusable workflow. */
  secrets: YamlNode | undefined
  steps: Step[]
}

export interface Workflow {
  kind: 'workflow'
  file: SourceFile
  root: YamlMap
  name: YamlScalar | undefined
  /** The `on:` pair itself (undefined when missing). */
  on: YamlPair | undefined
  triggers: Trigger[]
  permissions: Permissions | undefined
  env: YamlNode | undefined
  concurrency: YamlNode | undefined
  defaults: YamlNode | undefined
  jobs: Job[]
}

export type ActionRuntime = 'composite' | 'javascript' | 'docker' | 'unknown'

export interface ActionInput {
  name: string
  node: YamlScalar
  config: YamlNode | null
}

export interface Action {
  kind: 'action'
  file: SourceFile
  root: YamlMap
  name: YamlScalar | undefined
  description: YamlScalar | undefined
  inputs: ActionInput[]
  outputs: YamlMap | undefined
  runs: YamlMap | undefined
  runtime: ActionRuntime
  /** `runs.using` as written (`composite`, `node20`, `docker`, ...). */
  using: YamlScalar | undefined
  /** `runs.image` of a Docker action. */
  image: YamlScalar | undefined
  /** Steps of a composite action. */
  steps: Step[]
}

/** A file that was found but could not be modelled (the reason is an `invalid-workflow` finding). */
export interface Unreadable {
  kind: 'unreadable'
  path: string
  role: 'workflow' | 'action'
}
