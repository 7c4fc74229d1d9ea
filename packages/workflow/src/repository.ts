import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { activeRule, makeFinding, type Finding, type Policy, type Span } from '@pipeguard/policy'
import { buildAction, buildWorkflow, type StructureProblem } from './build-model.js'
import { discoverFiles, type FileRole } from './discover.js'
import type { Action, Unreadable, Workflow } from './model.js'
import { parseYaml } from './parse-yaml.js'
import { DEFAULT_MAX_FILE_BYTES, invalidWorkflowRule } from './rules.js'
import { SourceFile } from './source-file.js'

/** A problem that keeps a file from being modelled fully: reported as `invalid-workflow`. */
export interface FileProblem {
  path: string
  message: string
  span: Span
  /** The source text at the problem, for a stable fingerprint. */
  snippet: string
}

/** Everything pipeguard knows about the workflows and actions of a scanned folder. */
export interface Repository {
  root: string
  workflows: Workflow[]
  actions: Action[]
  unreadable: Unreadable[]
  problems: FileProblem[]
  /** Every regular file below the root (relative, `/`-separated, sorted; `.git` and `node_modules` skipped, links not followed). */
  files: string[]
}

export interface LoadRepositoryOptions {
  /** Files larger than this are reported instead of parsed (default 2 MiB). */
  maxFileBytes?: number
}

/** The options of `loadRepository` as the policy sets them (`invalid-workflow: { max-bytes }`). */
export function repositoryOptions(policy: Policy): LoadRepositoryOptions {
  const rule = activeRule(policy, invalidWorkflowRule)
  const maxBytes = rule?.options['max-bytes'] ?? policy.rules[invalidWorkflowRule.id]?.options['max-bytes']
  return typeof maxBytes === 'number' ? { maxFileBytes: maxBytes } : {}
}

/** Discovers and models every workflow and action below `root`. Never throws for bad content. */
export function loadRepository(root: string, options: LoadRepositoryOptions = {}): Repository {
  const files: string[] = []
  const repository: Repository = { root, workflows: [], actions: [], unreadable: [], problems: [], files }
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
  const discovered = discoverFiles(root, files)
  files.sort()
  for (const found of discovered) {
    const fail = (message: string, span: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 }, snippet = message): void => {
      repository.problems.push({ path: found.path, message, span, snippet })
      repository.unreadable.push({ kind: 'unreadable', path: found.path, role: found.role })
    }
    if (found.problem !== undefined) {
      fail(found.problem)
      continue
    }
    const bytes = readUpTo(found.absolute, maxBytes, MAX_SUFFIX_BYTES)
    if (typeof bytes === 'number') {
      fail(
        `the file is ${bytes.toLocaleString('en-US')} bytes, over the limit of ${maxBytes.toLocaleString('en-US')}; split it, or raise rules.invalid-workflow.max-bytes in the policy`,
      )
      continue
    }
    const decoded = decode(bytes)
    if ('message' in decoded) {
      fail(decoded.message, decoded.span)
      continue
    }
    addFile(repository, found.role, new SourceFile(found.path, decoded.text), decoded.padded)
  }
  return repository
}

/**
 * Parses one file's text into the repository (used by loadRepository, and by tests with in-memory text). `padded` is
 * the text followed by the YAML reader's suffix, when the caller decoded it so (see ParseYamlOptions).
 */
export function addFile(repository: Repository, role: FileRole, file: SourceFile, padded?: string): void {
  const parsed =
    file.text.charCodeAt(0) === 0xfeff ? parseYaml(` ${file.text.slice(1)}`) : parseYaml(file.text, padded === undefined ? {} : { padded })
  const report = (problem: StructureProblem): void => {
    const span = file.span(problem.start, problem.end)
    repository.problems.push({ path: file.path, message: problem.message, span, snippet: `${problem.message} ${file.lineText(span.line)}` })
  }
  if (parsed.problem !== undefined) {
    report({ message: `invalid YAML: ${parsed.problem.message}`, start: parsed.problem.offset, end: parsed.problem.offset })
    repository.unreadable.push({ kind: 'unreadable', path: file.path, role })
    return
  }
  if (parsed.documents.length > 1) {
    report({ message: `the file holds ${parsed.documents.length} YAML documents; GitHub reads only one`, start: 0, end: 0 })
  }
  const document = parsed.documents[0] ?? null
  const built = role === 'workflow' ? buildWorkflow(file, document) : buildAction(file, document)
  built.problems.forEach(report)
  if (built.model === undefined) repository.unreadable.push({ kind: 'unreadable', path: file.path, role })
  else if (built.model.kind === 'workflow') repository.workflows.push(built.model)
  else repository.actions.push(built.model)
}

/**
 * The file's bytes followed by `spare` bytes of room, or its size when that is over `maxBytes` (then nothing is
 * read); one open, stat and read.
 */
function readUpTo(path: string, maxBytes: number, spare: number): { bytes: Buffer; size: number } | number {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    if (size > maxBytes) return size
    const bytes = Buffer.allocUnsafe(size + spare)
    let filled = 0
    while (filled < size) {
      const read = readSync(fd, bytes, filled, size - filled, null)
      if (read === 0) break
      filled += read
    }
    return { bytes, size: filled }
  } finally {
    closeSync(fd)
  }
}

/** The longest readingSuffix: a line break and the NUL end marker. */
const MAX_SUFFIX_BYTES = 2

type Decoded = { text: string; padded: string } | { message: string; span: Span }

/** One strict decoder for every file: decoding is stateless without `stream`, and building one costs. */
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * UTF-8 text, or why the bytes are not a text file. The text is decoded together with the YAML reader's suffix
 * (written into the spare room after the file's bytes), and `text` is a slice of that: one copy of every file.
 */
function decode({ bytes: room, size }: { bytes: Buffer; size: number }): Decoded {
  const bytes = room.subarray(0, size)
  const nul = bytes.indexOf(0)
  if (nul !== -1) return { message: 'the file is binary (it contains a NUL byte), not YAML text', span: spanAtByte(bytes, nul) }
  try {
    // readingSuffix in bytes: a final line break ends in the byte 0x0a or 0x0d, and no other character does.
    const last = size === 0 ? 0x0a : bytes[size - 1]
    let end = size
    if (last !== 0x0a && last !== 0x0d) room[end++] = 0x0a
    room[end++] = 0
    const padded = UTF8.decode(room.subarray(0, end))
    return { text: padded.slice(0, padded.length - (end - size)), padded }
  } catch {
    const lenient = bytes.toString('utf8')
    const bad = lenient.indexOf('\uFFFD')
    const file = new SourceFile('', lenient)
    const at = file.position(Math.max(bad, 0))
    return {
      message: 'the file is not valid UTF-8 text; GitHub requires UTF-8 workflows',
      span: { line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 1 },
    }
  }
}

function spanAtByte(bytes: Buffer, offset: number): Span {
  let line = 1
  let lineStart = 0
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 10) {
      line++
      lineStart = index + 1
    }
  }
  const column = offset - lineStart + 1
  return { line, column, endLine: line, endColumn: column + 1 }
}

/**
 * The model of the repository at `root`, loaded as the policy sets it up, and the `invalid-workflow` findings for the
 * files it could not model: what every command and action that scans workflows starts from.
 */
export function readRepository(root: string, policy: Policy): { repository: Repository; findings: Finding[] } {
  const repository = loadRepository(root, repositoryOptions(policy))
  return { repository, findings: repositoryFindings(repository, policy) }
}

/** `invalid-workflow` findings for the repository's problems, at the level the policy sets (none when off). */
export function repositoryFindings(repository: Repository, policy: Policy): Finding[] {
  const rule = activeRule(policy, invalidWorkflowRule)
  if (rule === undefined) return []
  return repository.problems.map((problem) =>
    makeFinding({
      ruleId: invalidWorkflowRule.id,
      level: rule.level,
      message: problem.message,
      path: problem.path,
      span: problem.span,
      snippet: problem.snippet,
    }),
  )
}

/** The action whose metadata is at `folder` (relative, e.g. `.github/actions/setup`), if the repository has it. */
export function actionAt(repository: Repository, folder: string): Action | undefined {
  const base = folder.replace(/^\.\//, '').replace(/\/+$/, '')
  const prefix = base === '' || base === '.' ? '' : `${base}/`
  return repository.actions.find((action) => action.file.path === `${prefix}action.yml` || action.file.path === `${prefix}action.yaml`)
}
