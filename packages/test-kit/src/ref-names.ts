import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

// Pieces that hit each rule of git's ref grammar: dots, slashes, '@{', '.lock', '*', forbidden characters,
// control bytes, DEL, UTF-8 letters, bytes that are not UTF-8, and ordinary text so that many names are valid.
const PIECES: readonly Buffer[] = [
  'a',
  'b',
  'Z',
  'x',
  '0',
  '9',
  'main',
  'feature',
  'v1',
  '1.2.3',
  '-',
  '_',
  '+',
  ',',
  '=',
  '%',
  '#',
  '.',
  '..',
  '...',
  '/',
  '//',
  '@',
  '@{',
  '{',
  '}',
  '@{u}',
  '*',
  '**',
  '.lock',
  'lock',
  '.lo',
  'ck',
  '~',
  '^',
  ':',
  '?',
  '[',
  ']',
  '\\',
  ' ',
  '\t',
  '\n',
  '\x01',
  '\x1f',
  '\x7f',
  '!',
  '$',
  '`',
  ';',
  '"',
  "'",
  'HEAD',
  'refs/',
  'heads/',
  'tags/',
].map((piece) => Buffer.from(piece, 'utf8'))
const HIGH: readonly Buffer[] = [
  Buffer.from('é', 'utf8'),
  Buffer.from('е', 'utf8'),
  Buffer.from('\u200b', 'utf8'),
  Buffer.from('\u202e', 'utf8'),
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0x80, 0x80]),
]

/** A small deterministic generator (mulberry32), so a failing name can be reproduced from the seed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface RefNameOptions {
  seed?: number
  /** Leave out names starting with '-': `git check-ref-format` would read them as options. */
  noLeadingDash?: boolean
}

/** `count` distinct ref names as bytes, biased toward git's edge cases (roughly half of them valid). */
export function generateRefNames(count: number, options: RefNameOptions = {}): Buffer[] {
  const next = random(options.seed ?? 1)
  const seen = new Set<string>()
  const names: Buffer[] = []
  const plain = PIECES.slice(0, 10)
  while (names.length < count) {
    const parts: Buffer[] = []
    const length = 1 + Math.floor(next() * 7)
    for (let index = 0; index < length; index++) {
      const roll = next()
      const pool = roll < 0.45 ? plain : roll < 0.93 ? PIECES : HIGH
      parts.push(pool[Math.floor(next() * pool.length)] as Buffer)
      if (next() < 0.3) parts.push(Buffer.from('/'))
    }
    const name = Buffer.concat(parts)
    if (options.noLeadingDash && name[0] === 0x2d) continue
    const key = name.toString('latin1')
    if (seen.has(key)) continue
    seen.add(key)
    names.push(name)
  }
  return names
}

export interface GitVerdict {
  /** Exit code of git check-ref-format: 0 valid. */
  code: number
  /** What it printed on stdout (the normalized name with --normalize or --branch). */
  stdout: Buffer
}

// A constant script, never built from data: names arrive NUL-separated on stdin and reach git as one argv entry each
// (bash's read loop forks git directly, twice as fast here as spawning from Node).
const WORKER = 'while IFS= read -r -d "" name; do git check-ref-format "$@" "$name"; printf "\\0%d\\0" "$?"; done'

/**
 * Runs the real `git check-ref-format FLAGS NAME` once per name (git has no batch mode), a few workers in
 * parallel, outside any repository so that `--branch` does not expand `@{-1}`. Returns verdicts in input order.
 */
export async function gitCheckRefFormat(names: readonly Buffer[], flags: readonly string[]): Promise<GitVerdict[]> {
  const home = mkdtempSync(join(tmpdir(), 'pipeguard-git-'))
  try {
    const workers = Math.max(2, Math.min(4, availableParallelism()))
    const size = Math.ceil(names.length / workers)
    const chunks = Array.from({ length: workers }, (_, index) => names.slice(index * size, (index + 1) * size))
    const results = await Promise.all(chunks.map((chunk) => runWorker(chunk, flags, home)))
    return results.flat()
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

function runWorker(names: readonly Buffer[], flags: readonly string[], home: string): Promise<GitVerdict[]> {
  if (names.length === 0) return Promise.resolve([])
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', ['-c', WORKER, 'worker', ...flags], {
      cwd: home,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        GIT_CEILING_DIRECTORIES: dirname(home),
        GIT_CONFIG_NOSYSTEM: '1',
        LC_ALL: 'C',
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    })
    const out: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git check-ref-format worker exited with ${code}`))
      const fields = splitNul(Buffer.concat(out))
      const verdicts: GitVerdict[] = []
      for (let index = 0; index + 1 < fields.length; index += 2) {
        verdicts.push({ stdout: fields[index] as Buffer, code: Number((fields[index + 1] as Buffer).toString('latin1')) })
      }
      if (verdicts.length !== names.length) return reject(new Error(`git answered ${verdicts.length} of ${names.length} names`))
      resolvePromise(verdicts)
    })
    const parts: Buffer[] = []
    for (const name of names) parts.push(name, Buffer.from([0]))
    child.stdin.end(Buffer.concat(parts))
  })
}

function splitNul(buffer: Buffer): Buffer[] {
  const fields: Buffer[] = []
  let start = 0
  for (let index = 0; index < buffer.length; index++) {
    if (buffer[index] === 0) {
      fields.push(buffer.subarray(start, index))
      start = index + 1
    }
  }
  return fields
}
