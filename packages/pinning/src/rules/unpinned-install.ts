import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, normalize, posix } from 'node:path'
import { makeFinding, type Finding, type Level } from '@pipeguard/policy'
import {
  commandWords,
  isInsideRoot,
  parseShell,
  sourceOffsetOf,
  SourceFile,
  type Repository,
  type ShellPipeline,
} from '@pipeguard/workflow'
import { INSTALL_WORD, installsIn, mayInstall, powershellInstalls, type UnpinnedInstall } from '../install.js'
import { runScripts } from '../references.js'
import type { OfflineRule } from '../rule.js'

const NOT_SHELL = /^(cmd|python)\b/
const POWERSHELL = /^(pwsh|powershell)\b/

export const unpinnedInstall: OfflineRule = {
  meta: {
    id: 'unpinned-install',
    engine: 'pinning',
    level: 'warning',
    summary: 'A script downloads and runs code, or installs packages, without pinning them',
    help: 'Use lockfile installs (npm ci, pip install --require-hashes, go install pkg@vX.Y.Z, --version for choco/nuget/dotnet/gem), and never pipe a download into a shell: download a file pinned by commit SHA or checksum, verify it, then run it.',
    options: {
      'follow-scripts': {
        type: 'boolean',
        default: true,
        description: 'Also check the *.sh files of the repository that run: steps execute.',
        'x-expect': 'true or false',
      },
    },
    examples: {
      bad: 'steps:\n  - run: curl -fsSL https://example.com/install.sh | bash\n  - run: npm install\n  - run: pip install -r requirements.txt\n',
      good: 'steps:\n  - run: npm ci\n  - run: pip install --require-hashes -r requirements.txt\n  - run: go install golang.org/x/tools/cmd/goimports@v0.28.0\n',
    },
  },
  check({ repository }, rule) {
    const findings: Finding[] = []
    const scripts = new Set<string>()
    const names = rule.options['follow-scripts'] !== false ? shellScriptNames(repository) : NO_NAMES
    const runs = runScripts(repository)
    for (let index = 0; index < runs.length; index++) {
      const { file, node, shell, workingDirectory } = runs[index]!
      if (shell !== undefined && NOT_SHELL.test(shell)) continue
      const script = node.value
      const follow = namesScript(script, names) && !POWERSHELL.test(shell ?? '')
      // One scan settles most scripts: no downloader, Invoke-Expression or package manager is named at all. It reads
      // the scalar's source (a slice of the flat file text), not its value, which the YAML reader builds line by line
      // (a rope a regex must first copy); outside double quotes (escapes) a name is written the same in both.
      if (!follow && !INSTALL_WORD.test(node.style === 'double' ? script : file.text.slice(node.start, node.end))) continue
      const located = (installs: UnpinnedInstall[]): void => {
        for (const install of installs) {
          const start = sourceOffsetOf(file, node, install.start)
          const end = sourceOffsetOf(file, node, install.end)
          findings.push(finding(rule.level, install.message, file.path, file.span(start, Math.max(start, end)), install.snippet))
        }
      }
      const analysis = analysisOf(script)
      // Without `shell:`, Windows runners use PowerShell: check its idiom too.
      const fromPowershell = shell === undefined || POWERSHELL.test(shell) ? (analysis.powershell ??= powershellInstalls(script)) : []
      located(fromPowershell)
      const installing = (analysis.mayInstall ??= mayInstall(script))
      if (!follow && !installing) continue
      let pipelines = analysis.pipelines
      if (analysis.installs === undefined || (follow && pipelines === undefined)) {
        pipelines ??= parseShell(script)
        analysis.installs ??= installing ? installsIn(pipelines) : []
        // Only a script whose `*.sh` files are followed keeps its parse: kept trees would outlive the young
        // generation and be copied by every scavenge of the run.
        if (follow) analysis.pipelines = pipelines
      }
      // PowerShell's package managers read like shell commands; its download idiom is reported once, above.
      located(
        analysis.installs.filter((install) => !fromPowershell.some((other) => install.start < other.end && other.start < install.end)),
      )
      if (follow) for (const path of executedScripts(pipelines!, workingDirectory)) scripts.add(path)
    }
    for (const path of [...scripts].sort()) findings.push(...scriptFindings(repository.root, path, rule.level))
    return findings
  },
}

const NO_NAMES = new Set<string>()

/**
 * The file names of the repository's `*.sh` files, from the model's listing (undefined without one: then any `.sh`
 * word counts). A script is parsed to follow the scripts it runs only when it names one of them: most `.sh` words in
 * workflows name scripts of other repositories or of the runner, and parsing is the expensive part of this rule.
 */
function shellScriptNames(repository: Repository): Set<string> | undefined {
  if (repository.files === undefined) return undefined
  const names = new Set<string>()
  for (const path of repository.files) if (path.endsWith('.sh')) names.add(path.slice(path.lastIndexOf('/') + 1))
  return names
}

const SH_WORD = /[\w.+-]+\.sh\b/g

function namesScript(script: string, names: Set<string> | undefined): boolean {
  if (names?.size === 0 || !script.includes('.sh')) return false
  if (names === undefined) return /\.sh\b/.test(script)
  for (const [word] of script.matchAll(SH_WORD)) if (names.has(word)) return true
  return false
}

/** What a script's text alone decides, each part computed on first need (results are only read, never changed). */
interface ScriptAnalysis {
  powershell?: UnpinnedInstall[]
  mayInstall?: boolean
  pipelines?: ShellPipeline[]
  installs?: UnpinnedInstall[]
}

// A third of the corpus's run: scripts repeat another one word for word (`npm ci`, the same setup in every job):
// each distinct text is read once per process. Bounded so a long-lived process does not keep every script.
const analyses = new Map<string, ScriptAnalysis>()
const MAX_ANALYSES = 20_000

function analysisOf(script: string): ScriptAnalysis {
  let analysis = analyses.get(script)
  if (analysis === undefined) {
    if (analyses.size >= MAX_ANALYSES) analyses.clear()
    analysis = {}
    analyses.set(script, analysis)
  }
  return analysis
}

function finding(level: Level, message: string, path: string, span: ReturnType<SourceFile['span']>, snippet: string): Finding {
  return makeFinding({ ruleId: 'unpinned-install', level, message, path, span, snippet })
}

/** Repository-relative paths of `*.sh` files a script runs: `./x.sh`, `bash x.sh`, `source x.sh`. */
export function executedScripts(pipelines: ShellPipeline[], workingDirectory: string | undefined): string[] {
  const found: string[] = []
  const base = workingDirectory !== undefined && !workingDirectory.includes('${{') ? workingDirectory : '.'
  for (const pipeline of pipelines) {
    for (const command of pipeline.commands) {
      const words = commandWords(command)
      const program = words[0]?.value ?? ''
      const candidates = /^(ba|z|da|k)?sh$|^source$|^\.$/.test(program)
        ? words
            .slice(1)
            .filter((word) => !word.value.startsWith('-'))
            .slice(0, 1)
        : [words[0]]
      for (const word of candidates) {
        const value = word?.value
        if (value === undefined || !value.endsWith('.sh') || value.includes('$')) continue
        const relative = posix.normalize(posix.join(base, value.replace(/^\.\//, '')))
        if (!relative.startsWith('..') && !relative.startsWith('/')) found.push(relative)
      }
    }
  }
  return found
}

function scriptFindings(root: string, path: string, level: Level): Finding[] {
  const absolute = join(root, normalize(path))
  try {
    if (!existsSync(absolute) || !statSync(absolute).isFile() || !isInsideRoot(root, absolute) || statSync(absolute).size > 1_000_000)
      return []
  } catch {
    return []
  }
  const text = readFileSync(absolute, 'utf8')
  const file = new SourceFile(path, text)
  return (mayInstall(text) ? installsIn(parseShell(text)) : []).map((install) =>
    finding(level, install.message, path, file.span(install.start, install.end), install.snippet),
  )
}
