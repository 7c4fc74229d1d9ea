// Shared by the benchmarks: where the corpus is, and small measuring helpers.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

export function corpusDir() {
  const folder = process.env.PIPEGUARD_CORPUS ? resolve(process.env.PIPEGUARD_CORPUS) : join(repositoryRoot, '..', 'shared', 'corpus')
  if (!existsSync(folder)) {
    console.log(`skipped: the shared corpus is absent (set PIPEGUARD_CORPUS or put it at ../shared/corpus)`)
    process.exit(0)
  }
  return folder
}

/** The repository folders of the workflow corpus (owner__repo). */
export function workflowRepositories() {
  const base = join(corpusDir(), 'workflows')
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(base, entry.name))
    .sort()
}

export function peakRssMb() {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}

/**
 * Milliseconds of CPU the main thread has used: the JIT compiles and the GC marks on other threads, which a second
 * core absorbs, are left out (process.threadCpuUsage is Node 23.9+; older Node falls back to the whole process).
 */
export function mainThreadCpuMs() {
  const usage = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage()
  return (usage.user + usage.system) / 1000
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export function ms(start) {
  return Math.round(performance.now() - start)
}

/** The command line bundle (packages/cli/bundle), rebuilt first when the compiled packages are newer. */
export function cliBundle() {
  const built = spawnSync(process.execPath, [join(repositoryRoot, 'scripts/build-cli.mjs')], { stdio: 'inherit' })
  if (built.status !== 0) throw new Error('scripts/build-cli.mjs failed')
  return join(repositoryRoot, 'packages/cli/bundle/index.js')
}
