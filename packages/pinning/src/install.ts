import { commandWords, parseShell, type ShellCommand, type ShellPipeline, type ShellWord } from '@pipeguard/workflow'

/** An installation in a script that does not pin what it installs; offsets are into the script. */
export interface UnpinnedInstall {
  start: number
  end: number
  message: string
  /** The words that decided it, for a stable fingerprint. */
  snippet: string
}

const DOWNLOADERS = new Set(['curl', 'wget', 'iwr', 'invoke-webrequest', 'irm', 'invoke-restmethod'])
const INTERPRETERS = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'fish',
  'python',
  'python3',
  'python2',
  'perl',
  'ruby',
  'node',
  'php',
  'pwsh',
  'powershell',
  'iex',
  'invoke-expression',
  'source',
  '.',
  'eval',
])
const VERIFIERS = new Set([
  'sha256sum',
  'sha384sum',
  'sha512sum',
  'shasum',
  'gpg',
  'gpgv',
  'cosign',
  'minisign',
  'slsa-verifier',
  'signify',
])
const COMMIT_IN_URL = /[/@=][0-9a-f]{40}(?:[/?#]|$)/

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/

/** The part after the last `/` or `\` of the first line (as `path.replace(/^.*[\\/]/, '')`, without a regex per call). */
function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  if (slash === -1) return path
  return LINE_TERMINATOR.test(path) ? path.replace(/^.*[\\/]/, '') : path.slice(slash + 1)
}

function programOf(word: ShellWord | undefined): string {
  const name = baseName(word?.value ?? '').toLowerCase()
  return name.endsWith('.exe') ? name.slice(0, -4) : name
}
const SCHEME = /^(https?|ftp):\/\//i
const urlsOf = (words: ShellWord[]): string[] =>
  words.map((word) => word.value).filter((value) => SCHEME.test(value) || startsWithHost(value))

/**
 * `/^[\w.-]+\.[a-z]{2,}\//i` (`example.com/path`) in one pass, without a regex run per word: the first character
 * outside `[\w.-]` must be `/`, and the two or more letters before it must follow a `.` that follows something.
 */
export function startsWithHost(value: string): boolean {
  let end = 0
  while (end < value.length && isHostCharacter(value.charCodeAt(end))) end++
  if (value.charCodeAt(end) !== 47 /* / */) return false
  let letters = end
  while (letters > 0 && isLetter(value.charCodeAt(letters - 1))) letters--
  return end - letters >= 2 && letters >= 2 && value.charCodeAt(letters - 1) === 46 /* . */
}

const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
const isHostCharacter = (code: number): boolean => isLetter(code) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45
const pinnedUrl = (words: ShellWord[]): boolean => {
  const urls = urlsOf(words)
  return urls.length > 0 && urls.every((url) => COMMIT_IN_URL.test(url))
}
const snippetOf = (words: ShellWord[]): string => words.map((word) => word.value).join(' ')

/**
 * Scorecard's Pinned-Dependencies checks for scripts, on a parsed script: downloads piped into an interpreter or
 * saved and then executed (fine when the URL is pinned to a commit SHA), and package managers installing without
 * a lockfile, hashes or versions.
 */
export function unpinnedInstalls(script: string, pipelines?: ShellPipeline[]): UnpinnedInstall[] {
  if (!mayInstall(script)) return []
  return installsIn(pipelines ?? parseShell(script))
}

/** `unpinnedInstalls` without the `mayInstall` pre-check: the parsed script is always read. */
export function installsIn(pipelines: ShellPipeline[]): UnpinnedInstall[] {
  const found: UnpinnedInstall[] = []
  const downloaded = new Map<string, { pinned: boolean }>()
  const report = (words: ShellWord[], message: string): void => {
    found.push({ start: words[0]!.start, end: words[words.length - 1]!.end, message, snippet: snippetOf(words) })
  }
  for (let p = 0; p < pipelines.length; p++) {
    const commands: { command: ShellCommand; words: ShellWord[]; program: string }[] = []
    let downloadAt = -1
    const inPipeline = pipelines[p]!.commands
    for (let c = 0; c < inPipeline.length; c++) {
      const command = inPipeline[c]!
      const words = commandWords(command)
      if (words.length === 0) continue
      const program = programOf(words[0])
      if (downloadAt === -1 && DOWNLOADERS.has(program)) downloadAt = commands.length
      commands.push({ command, words, program })
    }
    // 1. download | interpreter
    if (downloadAt !== -1) {
      const download = commands[downloadAt]!
      let interpreter: (typeof commands)[number] | undefined
      for (let index = downloadAt + 1; index < commands.length && interpreter === undefined; index++)
        if (INTERPRETERS.has(commands[index]!.program)) interpreter = commands[index]
      if (interpreter !== undefined && !pinnedUrl(download.words)) {
        report(
          [...download.words, ...interpreter.words],
          `${download.program} output is piped into ${interpreter.program}: the script runs whatever the server sends today; download a file pinned by commit SHA or checksum, verify it, then run it`,
        )
      }
      rememberDownload(download.command, download.words, downloaded)
    }
    for (let c = 0; c < commands.length; c++) {
      const { words, program } = commands[c]!
      // A checksum or signature check after a download vouches for what was downloaded before it.
      if (VERIFIERS.has(program) && (program !== 'gpg' || words.some((word) => word.value === '--verify'))) {
        for (const entry of downloaded.values()) entry.pinned = true
        continue
      }
      // 2. interpreter "$(curl ...)" / <(curl ...)
      if (INTERPRETERS.has(program)) {
        const fetched = words
          .slice(1)
          .find((word) => word.substitutions.some((substitution) => FETCH_IN_SUBSTITUTION.test(substitution.script)))
        if (fetched !== undefined && !COMMIT_IN_URL.test(fetched.value)) {
          report(
            words,
            `${program} runs a script fetched by a command substitution: it runs whatever the server sends today; download a file pinned by commit SHA or checksum, verify it, then run it`,
          )
          continue
        }
        // 3. downloaded earlier, executed now: `bash install.sh`
        const target = words.slice(1).find((word) => !word.value.startsWith('-'))
        const earlier = target === undefined ? undefined : downloaded.get(baseName(target.value))
        if (earlier !== undefined && !earlier.pinned) {
          report(
            words,
            `${target!.value} was downloaded earlier in this script and is executed here without being pinned or verified; pin the URL to a commit SHA or check its checksum before running it`,
          )
          continue
        }
      }
      const direct = downloaded.size === 0 ? undefined : downloaded.get(baseName(words[0]!.value))
      if (direct !== undefined && !direct.pinned && /[\\/]/.test(words[0]!.value)) {
        report(
          words,
          `${words[0]!.value} was downloaded earlier in this script and is executed here without being pinned or verified; pin the URL to a commit SHA or check its checksum before running it`,
        )
        continue
      }
      const problem = packageManagerProblem(words, program)
      if (problem !== undefined) report(words, problem)
    }
  }
  return found.sort((a, b) => a.start - b.start)
}

const FETCH_IN_SUBSTITUTION = /\b(curl|wget|iwr|Invoke-WebRequest)\b/i

const POWERSHELL_EXECUTE = /\b(iex|invoke-expression)\b/i
const POWERSHELL_DOWNLOAD = /\b(downloadstring|downloadfile|iwr|invoke-webrequest|irm|invoke-restmethod|net\.webclient)\b/i

/**
 * PowerShell's download-and-run idiom, line by line: `iex ((New-Object Net.WebClient).DownloadString('https://…'))`
 * or `iwr https://… | iex` (the shell reader does not parse PowerShell expressions).
 */
export function powershellInstalls(script: string): UnpinnedInstall[] {
  const found: UnpinnedInstall[] = []
  if (!POWERSHELL_EXECUTE.test(script)) return found
  let start = 0
  for (const line of script.split('\n')) {
    if (POWERSHELL_EXECUTE.test(line) && POWERSHELL_DOWNLOAD.test(line) && !COMMIT_IN_URL.test(line) && !/^\s*#/.test(line)) {
      const indent = line.length - line.trimStart().length
      const text = line.trim()
      found.push({
        start: start + indent,
        end: start + indent + text.length,
        message:
          'PowerShell runs a script it downloads (Invoke-Expression of a download): it runs whatever the server sends today; download a file pinned by commit SHA or checksum, verify it (Get-FileHash), then run it',
        snippet: text,
      })
    }
    start += line.length + 1
  }
  return found
}

/**
 * What any finding of `installsIn` needs, so that a script without it is not parsed (most scripts, cheaply):
 * - a package-manager command as `packageManagerProblem` reads it: the manager as the program and one of the
 *   subcommands it reports as the very next word (`npm test`, `go build`, `npm ci`, `npm --prefix x install` and
 *   `yarn --no-immutable` report nothing), redirections allowed between them (`npm 2>/dev/null install`), or
 *   `cinst`, an install by itself;
 * - a downloader, and a way for its download to run: a file it saves (`-o`/`-O`/`--output…`/`-OutFile`/
 *   `--remote-name`, a `>` redirection, or wget, which saves by default) that may be run later, or an interpreter
 *   (`sh`, `python`, `.`, `eval`, `iex`...) with a pipe or a command substitution (`$(`, backticks, `<(`, `>(`).
 * Like the shell reader's users, it assumes names and options are not spelled with quotes inside them (`n"p"m`).
 */
const DOWNLOADER = /\b(curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)\b/i
/**
 * A saving option as a word of its own (as `rememberDownload` compares them), `wget`, or a `>` redirection: an odd
 * run of `>` not ending in `>&`/`>|` (`>>` appends, and is not followed), or any `>` after `&` or `<` (`&>`, `<>`).
 */
const SAVES =
  /wget|(?<![^\s|&;()<>'"\\`])(-[oO]|--output(-document)?|-OutFile|-outfile|--remote-name)(?![^\s|&;()<>'"\\`=])|(?<![>&<])(>>)*>(?![>&|])|[&<]>/
const INTERPRETER =
  /\b(sh|bash|zsh|dash|ksh|fish|python[23]?|perl|ruby|node|php|pwsh|powershell|iex|invoke-expression|source|eval)\b|(?<![^\s|&;()<>'"\\`])\.(?![^\s|&;()<>'"\\`])/i
const PIPE_OR_SUBSTITUTION = /[|`]|\$\(|[<>]\(/
const MANAGER_COMMAND =
  /\bcinst\b|\b(npm|pnpm|yarn|pip[23]?|go|choco|nuget|dotnet|gem)(\.exe)?["']?([^\S\n]|\\\r?\n)+(["']?|\d*[<>&]([^\n]|\\\n)*?)\b(install|i|add|it|install-test|get|upgrade|restore|global)\b/i

export function mayInstall(script: string): boolean {
  return (
    MANAGER_COMMAND.test(script) ||
    (DOWNLOADER.test(script) && (SAVES.test(script) || (INTERPRETER.test(script) && PIPE_OR_SUBSTITUTION.test(script))))
  )
}

/**
 * One scan that fails for every script in which neither `mayInstall` nor `powershellInstalls` can find anything
 * (nine scripts in ten): the names of the downloaders, of `Invoke-Expression` and of the package managers.
 */
export const INSTALL_WORD =
  /\b(curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|cinst|iex|invoke-expression|npm|pnpm|yarn|pip[23]?|go|choco|nuget|dotnet|gem)\b/i

function rememberDownload(command: ShellCommand, words: ShellWord[], downloaded: Map<string, { pinned: boolean }>): void {
  const pinned = pinnedUrl(words)
  const values = words.map((word) => word.value)
  const program = programOf(words[0])
  for (let index = 1; index < values.length; index++) {
    const value = values[index]!
    const next = values[index + 1]
    if (
      (value === '-o' ||
        value === '--output' ||
        value === '-O' ||
        value === '--output-document' ||
        value === '-OutFile' ||
        value === '-outfile') &&
      next !== undefined &&
      next !== '-' &&
      !(program === 'curl' && value === '-O')
    ) {
      downloaded.set(baseName(next), { pinned })
    } else if (value.startsWith('--output=') || value.startsWith('--output-document='))
      downloaded.set(baseName(value.replace(/^[^=]*=/, '')), { pinned })
  }
  // curl -O and plain wget save under the URL's file name.
  const remoteName =
    program === 'wget'
      ? !values.some((value) => value.startsWith('-O') || value.startsWith('--output-document'))
      : values.includes('-O') || values.includes('--remote-name')
  if (remoteName) for (const url of urlsOf(words)) downloaded.set(baseName(url.replace(/[?#].*$/, '')), { pinned })
  for (const redirect of command.redirects)
    if (redirect.operator === '>' && redirect.target) downloaded.set(baseName(redirect.target.value), { pinned })
}

const hasFlag = (args: string[], ...flags: string[]): boolean =>
  args.some((arg) => flags.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))
const positional = (args: string[]): string[] => args.filter((arg) => !arg.startsWith('-'))

const MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'pip', 'pip3', 'go', 'choco', 'cinst', 'nuget', 'dotnet', 'gem'])

/** Why a package-manager command (`command`: its program's name) installs unpinned packages, or undefined. */
function packageManagerProblem(words: ShellWord[], command: string): string | undefined {
  let program = command
  let values: string[]
  if (MANAGERS.has(program)) values = words.map((word) => word.value)
  // python -m pip install ..., py -m pip
  else if (/^(python[\d.]*|py)$/.test(program) && words[1]?.value === '-m' && /^pip\d?$/.test(words[2]?.value ?? '')) {
    program = 'pip'
    values = words.slice(2).map((word) => word.value)
  } else return undefined
  const [, sub, ...rest] = values
  switch (program) {
    case 'npm':
      if (sub === 'install' || sub === 'i' || sub === 'add' || sub === 'install-test' || sub === 'it') {
        return `npm ${sub} resolves versions at run time and may change package-lock.json; use npm ci, which installs exactly what the lockfile pins`
      }
      return undefined
    case 'yarn':
      if (sub === 'add' || (sub === 'global' && rest[0] === 'add'))
        return `yarn ${sub} installs packages outside the lockfile; add them to package.json and yarn.lock, then run yarn install --frozen-lockfile (yarn 1) or --immutable`
      if ((sub === 'install' || sub === undefined) && hasFlag(rest, '--no-frozen-lockfile', '--no-immutable'))
        return 'yarn install is told to ignore the lockfile; drop --no-frozen-lockfile / --no-immutable'
      return undefined
    case 'pnpm':
      if (sub === 'add' || ((sub === 'install' || sub === 'i') && positional(rest).length > 0))
        return `pnpm ${sub} ${positional(rest).join(' ')} installs packages outside the lockfile; add them to package.json and pnpm-lock.yaml, then run pnpm install --frozen-lockfile`
      if ((sub === 'install' || sub === 'i') && hasFlag(rest, '--no-frozen-lockfile'))
        return 'pnpm install is told to ignore the lockfile; drop --no-frozen-lockfile'
      return undefined
    case 'pip':
    case 'pip3':
      if (sub !== 'install') return undefined
      if (hasFlag(rest, '--require-hashes', '--no-index')) return undefined
      if (positional(rest).length > 0 && positional(rest).every((arg) => arg.endsWith('.whl')) && !hasFlag(rest, '-r', '--requirement'))
        return undefined
      return 'pip install without --require-hashes installs whatever versions and files the index serves; pin every package with hashes (pip-compile --generate-hashes) and use --require-hashes'
    case 'go':
      if (sub !== 'install' && sub !== 'get') return undefined
      for (const arg of positional(rest)) {
        if (arg.startsWith('.') || arg.startsWith('/')) continue
        const version = arg.includes('@') ? arg.slice(arg.lastIndexOf('@') + 1) : undefined
        if (version === undefined && sub === 'install') continue // `go install pkg` builds from the module's go.mod/go.sum
        if (
          version === undefined ||
          version === 'latest' ||
          version === 'master' ||
          version === 'main' ||
          version === 'upgrade' ||
          version === 'patch'
        ) {
          return `go ${sub} ${arg} is not pinned to a version; use ${arg.split('@')[0]}@vX.Y.Z (go.sum then checks its hash)`
        }
      }
      return undefined
    case 'choco':
    case 'cinst':
      if (
        (program === 'cinst' || sub === 'install' || sub === 'upgrade') &&
        !hasFlag(values, '--version', '--requirechecksums', '--require-checksums')
      ) {
        return `choco ${sub} installs the latest package version; pin it with --version and --requirechecksums`
      }
      return undefined
    case 'nuget':
      if (sub === 'install' && !hasFlag(rest, '-Version', '-version'))
        return 'nuget install without -Version installs the latest package; pin it with -Version'
      if (sub === 'restore' && !hasFlag(rest, '-LockedMode', '-lockedmode'))
        return 'nuget restore without -LockedMode may resolve versions other than packages.lock.json; add -LockedMode'
      return undefined
    case 'dotnet':
      if (sub === 'add' && rest[0] === 'package' && !hasFlag(rest, '--version', '-v'))
        return 'dotnet add package without --version adds the latest version; pin it with --version'
      if (sub === 'restore' && !hasFlag(rest, '--locked-mode'))
        return 'dotnet restore without --locked-mode may resolve versions other than packages.lock.json; add --locked-mode'
      return undefined
    case 'gem':
      if (
        sub === 'install' &&
        !hasFlag(rest, '-v', '--version') &&
        !positional(rest).some((arg) => arg.endsWith('.gem') || /:\S+$/.test(arg))
      ) {
        return 'gem install without --version installs the latest release; pin it with -v X.Y.Z, or use a Gemfile.lock with bundle install'
      }
      return undefined
    default:
      return undefined
  }
}
