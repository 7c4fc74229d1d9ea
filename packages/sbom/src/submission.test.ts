import { afterEach, describe, expect, it } from '@jest/globals'
import { startFakeDependencySubmission, type FakeDependencySubmission } from '@pipeguard/test-kit'
import { createGraphBuilder } from './graph-builder.js'
import type { PackageGraph } from './package-graph.js'
import { buildSnapshot, snapshotContextFromEnvironment, SubmissionError, submitSnapshot } from './submission.js'

function graphs(): PackageGraph[] {
  const builder = createGraphBuilder('npm', 'web/package-lock.json', 'npm-v3')
  const workspace = builder.add({ name: 'ui', version: '1.0.0', source: 'workspace' })
  const a = builder.add({ name: 'a', version: '1.0.0' })
  const b = builder.add({ name: 'b', version: '2.0.0', qualifiers: { vcs_url: 'git+https://github.com/o/b.git' } })
  const d = builder.add({ name: 'd', version: '1.0.0', dev: true })
  builder.depend(workspace, a)
  builder.depend(a, b)
  builder.direct(workspace)
  builder.direct(d)
  return [builder.build(), createGraphBuilder('pypi', 'empty/requirements.txt', 'requirements').build()]
}

const context = {
  sha: 'f'.repeat(40),
  ref: 'refs/heads/main',
  correlator: 'ci_build_pipeguard-sbom',
  jobId: '42',
  toolVersion: '0.1.0',
  scanned: new Date(0),
}

let fake: FakeDependencySubmission | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

describe('buildSnapshot', () => {
  it('lists each lockfile as a manifest of third-party packages with relationship, scope and dependencies', () => {
    expect(buildSnapshot(graphs(), context)).toEqual({
      version: 0,
      sha: 'f'.repeat(40),
      ref: 'refs/heads/main',
      job: { correlator: 'ci_build_pipeguard-sbom', id: '42' },
      detector: { name: 'pipeguard', version: '0.1.0', url: 'https://github.com/pipeguard/pipeguard' },
      scanned: '1970-01-01T00:00:00.000Z',
      manifests: {
        'web/package-lock.json': {
          name: 'web/package-lock.json',
          file: { source_location: 'web/package-lock.json' },
          resolved: {
            'pkg:npm/a@1.0.0': {
              package_url: 'pkg:npm/a@1.0.0',
              relationship: 'direct',
              scope: 'runtime',
              dependencies: ['pkg:npm/b@2.0.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fo%2Fb.git'],
            },
            'pkg:npm/b@2.0.0': {
              package_url: 'pkg:npm/b@2.0.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fo%2Fb.git',
              relationship: 'indirect',
              scope: 'runtime',
              dependencies: [],
            },
            'pkg:npm/d@1.0.0': { package_url: 'pkg:npm/d@1.0.0', relationship: 'direct', scope: 'development', dependencies: [] },
          },
        },
      },
    })
  })

  it('takes sha, ref and job from the runner environment, or names what is missing', () => {
    const env = {
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: 'refs/tags/v1',
      GITHUB_RUN_ID: '7',
      GITHUB_JOB: 'sbom',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKFLOW: 'Release',
    }
    expect(snapshotContextFromEnvironment(env, '0.1.0', new Date(0))).toEqual({
      sha: 'a'.repeat(40),
      ref: 'refs/tags/v1',
      correlator: 'Release_sbom_pipeguard-sbom',
      jobId: '7',
      jobUrl: 'https://github.com/o/r/actions/runs/7',
      toolVersion: '0.1.0',
      scanned: new Date(0),
    })
    expect(snapshotContextFromEnvironment({ GITHUB_SHA: 'a' }, '0.1.0')).toBe(
      'missing GITHUB_REF, GITHUB_RUN_ID, GITHUB_JOB, GITHUB_REPOSITORY (set by the Actions runner)',
    )
  })
})

describe('submitSnapshot (against a dependency-submission API on 127.0.0.1)', () => {
  it('posts the snapshot with the token and API version and returns the snapshot id', async () => {
    fake = await startFakeDependencySubmission('t0ken')
    const snapshot = buildSnapshot(graphs(), context)
    const answer = await submitSnapshot(snapshot, { apiUrl: `${fake.url}/`, token: 't0ken', repository: 'octo/app' })
    expect(answer).toEqual({ id: 1, result: 'SUCCESS', message: 'Dependency results for the repo have been successfully updated.' })
    expect(fake.snapshots).toEqual([
      { owner: 'octo', repo: 'app', authorization: 'Bearer t0ken', apiVersion: '2022-11-28', body: snapshot },
    ])
  })

  it('explains a refusal: a read-only token, bad credentials, an unreachable server', async () => {
    fake = await startFakeDependencySubmission('t0ken')
    const snapshot = buildSnapshot(graphs(), context)
    await expect(submitSnapshot(snapshot, { apiUrl: fake.url, token: 'wrong', repository: 'octo/app' })).rejects.toThrow(
      'HTTP 401 Bad credentials (the token is missing or invalid)',
    )
    fake.refuseWith(403, 'Resource not accessible by integration')
    await expect(submitSnapshot(snapshot, { apiUrl: fake.url, token: 't0ken', repository: 'octo/app' })).rejects.toThrow(
      'HTTP 403 Resource not accessible by integration (the token needs `contents: write` permission',
    )
    const url = fake.url
    await fake.close()
    fake = undefined
    await expect(submitSnapshot(snapshot, { apiUrl: url, token: 't0ken', repository: 'octo/app', timeoutMs: 2000 })).rejects.toBeInstanceOf(
      SubmissionError,
    )
    await expect(submitSnapshot(snapshot, { apiUrl: url, token: 't0ken', repository: 'not a repo' })).rejects.toThrow(
      "'not a repo' is not an owner/repo name",
    )
  })
})
