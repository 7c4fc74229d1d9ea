import type { LockedPackage, PackageGraph } from './package-graph.js'

/** GitHub's dependency-submission snapshot (POST /repos/{owner}/{repo}/dependency-graph/snapshots), version 0. */
export interface DependencySnapshot {
  version: 0
  sha: string
  ref: string
  job: { correlator: string; id: string; html_url?: string }
  detector: { name: string; version: string; url: string }
  scanned: string
  manifests: Record<string, SnapshotManifest>
}

export interface SnapshotManifest {
  name: string
  file: { source_location: string }
  resolved: Record<
    string,
    { package_url: string; relationship: 'direct' | 'indirect'; scope: 'runtime' | 'development'; dependencies: string[] }
  >
}

export interface SnapshotContext {
  sha: string
  ref: string
  /** `<workflow>_<job>` on Actions: snapshots with the same correlator replace each other. */
  correlator: string
  jobId: string
  jobUrl?: string
  toolVersion: string
  scanned: Date
}

function purlOf(pkg: LockedPackage): string {
  return pkg.qualifiers === undefined
    ? pkg.id
    : `${pkg.id}?${Object.entries(pkg.qualifiers)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
        .join('&')}`
}

/**
 * One manifest per lockfile with every third-party package (workspace members are the repository's own code),
 * its relationship (direct when the project depends on it), scope (development for dev-only) and dependencies.
 */
export function buildSnapshot(graphs: readonly PackageGraph[], context: SnapshotContext): DependencySnapshot {
  const manifests: Record<string, SnapshotManifest> = {}
  for (const graph of graphs) {
    const ownCode = new Set(graph.packages.filter((pkg) => pkg.source === 'workspace' || pkg.source === 'local').map((pkg) => pkg.id))
    const direct = new Set(graph.direct)
    for (const pkg of graph.packages) if (ownCode.has(pkg.id)) for (const dependency of pkg.dependencies) direct.add(dependency)
    const byId = new Map(graph.packages.map((pkg) => [pkg.id, pkg]))
    const resolved: SnapshotManifest['resolved'] = {}
    for (const pkg of graph.packages) {
      if (ownCode.has(pkg.id)) continue
      resolved[pkg.id] = {
        package_url: purlOf(pkg),
        relationship: direct.has(pkg.id) ? 'direct' : 'indirect',
        scope: pkg.dev ? 'development' : 'runtime',
        dependencies: pkg.dependencies.filter((id) => !ownCode.has(id)).map((id) => purlOf(byId.get(id)!)),
      }
    }
    if (Object.keys(resolved).length === 0) continue
    manifests[graph.lockfile] = { name: graph.lockfile, file: { source_location: graph.lockfile }, resolved }
  }
  return {
    version: 0,
    sha: context.sha,
    ref: context.ref,
    job: { correlator: context.correlator, id: context.jobId, ...(context.jobUrl !== undefined ? { html_url: context.jobUrl } : {}) },
    detector: { name: 'pipeguard', version: context.toolVersion, url: 'https://github.com/pipeguard/pipeguard' },
    scanned: context.scanned.toISOString(),
    manifests,
  }
}

export interface SubmitOptions {
  /** REST API base URL (GITHUB_API_URL on runners and GHES). */
  apiUrl: string
  token: string
  /** `owner/repo`. */
  repository: string
  timeoutMs?: number
}

/** What GitHub answered: the snapshot id and its processing result. */
export interface SubmitResult {
  id: number | undefined
  result: string | undefined
  message: string | undefined
}

/** Thrown when GitHub refuses or cannot take the snapshot; the message says what to do. */
export class SubmissionError extends Error {
  readonly status: number | undefined
  constructor(message: string, status?: number) {
    super(message)
    this.name = 'SubmissionError'
    this.status = status
  }
}

/** Sends a snapshot to the dependency-submission API. Needs `contents: write` on the token. */
export async function submitSnapshot(snapshot: DependencySnapshot, options: SubmitOptions): Promise<SubmitResult> {
  if (!/^[^/\s]+\/[^/\s]+$/.test(options.repository)) throw new SubmissionError(`'${options.repository}' is not an owner/repo name`)
  const url = `${options.apiUrl.replace(/\/+$/, '')}/repos/${options.repository}/dependency-graph/snapshots`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
        'user-agent': 'pipeguard',
        'x-github-api-version': '2022-11-28',
      },
      body: JSON.stringify(snapshot),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    })
  } catch (error) {
    throw new SubmissionError(`could not reach ${url}: ${(error as Error).message}`)
  }
  const text = await response.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    // A proxy's HTML error page: the status below says enough.
  }
  if (!response.ok) {
    const hint =
      response.status === 403 || response.status === 404
        ? ' (the token needs `contents: write` permission; on pull requests from forks it is read-only)'
        : response.status === 401
          ? ' (the token is missing or invalid)'
          : ''
    throw new SubmissionError(
      `GitHub refused the dependency snapshot: HTTP ${response.status}${typeof body.message === 'string' ? ` ${body.message}` : ''}${hint}`,
      response.status,
    )
  }
  return {
    id: typeof body.id === 'number' ? body.id : undefined,
    result: typeof body.result === 'string' ? body.result : undefined,
    message: typeof body.message === 'string' ? body.message : undefined,
  }
}

/** The snapshot's sha/ref/job from the variables the Actions runner sets; undefined naming what is missing. */
export function snapshotContextFromEnvironment(
  env: Record<string, string | undefined>,
  toolVersion: string,
  scanned = new Date(),
): SnapshotContext | string {
  const missing = ['GITHUB_SHA', 'GITHUB_REF', 'GITHUB_RUN_ID', 'GITHUB_JOB', 'GITHUB_REPOSITORY'].filter((name) => !env[name])
  if (missing.length > 0) return `missing ${missing.join(', ')} (set by the Actions runner)`
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  return {
    sha: env.GITHUB_SHA!,
    ref: env.GITHUB_REF!,
    correlator: `${env.GITHUB_WORKFLOW ?? 'workflow'}_${env.GITHUB_JOB}_pipeguard-sbom`,
    jobId: env.GITHUB_RUN_ID!,
    jobUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
    toolVersion,
    scanned,
  }
}
