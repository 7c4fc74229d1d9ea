import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedSnapshot {
  owner: string
  repo: string
  authorization: string | undefined
  apiVersion: string | undefined
  body: unknown
}

export interface FakeDependencySubmission {
  /** Base URL, e.g. http://127.0.0.1:PORT (use as GITHUB_API_URL). */
  url: string
  /** Every snapshot accepted, in order. */
  snapshots: ReceivedSnapshot[]
  /** Answer the next submissions with this status (and GitHub's error shape) instead of accepting them. */
  refuseWith(status: number, message: string): void
  close(): Promise<void>
}

/**
 * GitHub's dependency-submission endpoint (POST /repos/{owner}/{repo}/dependency-graph/snapshots) on 127.0.0.1:
 * requires `Authorization: Bearer <token>`, answers 201 `{ id, created_at, result, message }` like GitHub.
 */
export async function startFakeDependencySubmission(token: string): Promise<FakeDependencySubmission> {
  const snapshots: ReceivedSnapshot[] = []
  let refusal: { status: number; message: string } | undefined
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const send = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      }
      const match = /^\/repos\/([^/]+)\/([^/]+)\/dependency-graph\/snapshots$/.exec(request.url ?? '')
      if (request.method !== 'POST' || match === null) return send(404, { message: 'Not Found' })
      if (request.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Bad credentials' })
      if (refusal !== undefined) return send(refusal.status, { message: refusal.message })
      let body: unknown
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return send(400, { message: 'Problems parsing JSON' })
      }
      snapshots.push({
        owner: match[1]!,
        repo: match[2]!,
        authorization: request.headers.authorization,
        apiVersion: request.headers['x-github-api-version'] as string | undefined,
        body,
      })
      send(201, {
        id: snapshots.length,
        created_at: '2026-01-01T00:00:00Z',
        result: 'SUCCESS',
        message: 'Dependency results for the repo have been successfully updated.',
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    snapshots,
    refuseWith(status, message) {
      refusal = { status, message }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
