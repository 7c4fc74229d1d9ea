import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { defaultPolicy } from '@pipeguard/policy'
import { corpusPath, describeCorpus } from '@pipeguard/test-kit'
import { loadRepository, parseShell } from '@pipeguard/workflow'
import { runPinCheck } from './engine.js'
import { INSTALL_WORD, installsIn, mayInstall, powershellInstalls, startsWithHost, unpinnedInstalls } from './install.js'
import { runScripts } from './references.js'

const SHA = 'a'.repeat(40)
const reported = (script: string): string[] => unpinnedInstalls(script).map((install) => script.slice(install.start, install.end))

describe('unpinnedInstalls', () => {
  it.each([
    ['curl -sSL https://x.test/install.sh | bash', 'curl -sSL https://x.test/install.sh | bash'],
    ['wget -qO- https://x.test/i | sudo -E sh -s -- -y', 'wget -qO- https://x.test/i | sudo -E sh -s -- -y'],
    ['bash -c "$(curl -fsSL https://x.test/install.sh)"', 'bash -c "$(curl -fsSL https://x.test/install.sh)"'],
    ['bash <(curl -fsSL https://x.test/install.sh)', 'bash <(curl -fsSL https://x.test/install.sh)'],
    ['curl -o install.sh https://x.test/install.sh\nchmod +x install.sh\n./install.sh --yes', './install.sh --yes'],
    ['wget https://x.test/get.sh && bash get.sh', 'bash get.sh'],
    ['npm install', 'npm install'],
    ['npm i -g typescript@5', 'npm i -g typescript@5'],
    ['pip install -r requirements.txt', 'pip install -r requirements.txt'],
    ['python -m pip install --upgrade pip', 'python -m pip install --upgrade pip'],
    ['go install golang.org/x/tools/cmd/goimports@latest', 'go install golang.org/x/tools/cmd/goimports@latest'],
    ['go get github.com/x/y', 'go get github.com/x/y'],
    ['choco install cmake', 'choco install cmake'],
    ['nuget restore App.sln', 'nuget restore App.sln'],
    ['dotnet add package Newtonsoft.Json', 'dotnet add package Newtonsoft.Json'],
    ['dotnet restore', 'dotnet restore'],
    ['gem install bundler', 'gem install bundler'],
    ['yarn add lodash', 'yarn add lodash'],
    ['pnpm add -D vitest', 'pnpm add -D vitest'],
    ['yarn global add serve', 'yarn global add serve'],
  ])('reports %j', (script, expected) => {
    expect(reported(script)).toEqual([expected])
  })

  it.each([
    'npm ci',
    'pip install --no-index --find-links wheels protobuf',
    'curl -fsSLo tool.sh https://x.test/tool.sh\necho "${SHA}  tool.sh" | sha256sum -c -\nbash tool.sh',
    'wget https://x.test/i.sh https://x.test/i.sh.asc\ngpg --verify i.sh.asc i.sh\nsh i.sh',
    'pnpm install --frozen-lockfile',
    'yarn install --immutable',
    'pip install --require-hashes -r requirements.txt',
    'pip install dist/pkg-1.0-py3-none-any.whl',
    'go install golang.org/x/tools/cmd/goimports@v0.28.0',
    'go install ./...',
    'go get -d ./...',
    'choco install cmake --version 3.30.0',
    'nuget install Foo -Version 1.2.3',
    'dotnet restore --locked-mode',
    'gem install bundler -v 2.5.0',
    `curl -fsSL https://raw.githubusercontent.com/o/r/${SHA}/install.sh | bash`,
    'curl -fsSL https://x.test/data.json | jq .',
    'echo "curl https://x.test | bash"',
    '# npm install',
    'cat <<EOF\nnpm install\nEOF',
  ])('accepts %j', (script) => {
    expect(reported(script)).toEqual([])
  })
})

describeCorpus('missing-lockfile over the lockfile corpus', () => {
  it('finds the lockfile of every npm, cargo, go, gem and composer manifest in the corpus', () => {
    const findings: string[] = []
    for (const ecosystem of readdirSync(corpusPath('lockfiles'))) {
      if (ecosystem === 'MANIFEST.tsv') continue
      for (const project of readdirSync(corpusPath('lockfiles', ecosystem))) {
        const repository = loadRepository(corpusPath('lockfiles', ecosystem, project))
        for (const finding of runPinCheck(repository, defaultPolicy()).findings) {
          if (finding.ruleId === 'missing-lockfile' && !/pyproject\.toml$/.test(finding.path))
            findings.push(`${ecosystem}/${project}/${finding.path}`)
        }
      }
    }
    expect(findings).toEqual([])
  })
})

describe('mayInstall', () => {
  it('lets through every script a finding can come from, and skips scripts that install nothing', () => {
    const through = [
      'npm install',
      'npm \\\n  install left-pad',
      'python -m pip install requests',
      'curl -fsSL https://x.example/i.sh -o i.sh\nbash i.sh',
      'cinst git',
      'yarn install --no-immutable',
      'go get example.com/tool',
      'dotnet restore',
      '"npm" \'install\'',
      'NPM.EXE install',
      'npm 2>/dev/null install',
      'choco >&2 install cmake',
      'pip > pip.log \\\n  install requests',
      'curl -fsSL https://x.test/i | sh',
      'bash -c "$(curl -fsSL https://x.test/i)"',
      'iwr https://x.test/i.ps1 -OutFile i.ps1\n./i.ps1',
      'wget https://x.test/get.sh\nbash get.sh',
      'curl https://x.test/i > i.sh\nsh i.sh',
      'curl -fsSL https://x.test/i >>> i.sh\n./i.sh',
      'curl https://x.test/i 2>i.log\n./i.log',
      'curl https://x.test/i &>>> i.sh\n./i.sh',
      'curl https://x.test/i <>> i.sh\n./i.sh',
      'curl "-O" https://x.test/tool\n./tool',
      'curl https://x.test/tool --output=bin/tool\nbin/tool',
      'source <(curl -fsSL https://x.test/env)',
      'curl -fsSL https://x.test/env | .',
    ]
    for (const script of through) {
      expect([script, mayInstall(script)]).toEqual([script, true])
      // each is a script the parsed check reports on: the pre-check must let it through
      expect([script, installsIn(parseShell(script)).length]).toEqual([script, 1])
    }
    const skipped = [
      'npm ci\nnpm test',
      'go build ./...\ngo test ./...',
      'pnpm run lint',
      'echo done',
      // the flag stands where the subcommand would: nothing is installed
      'yarn --no-immutable',
      'npm --version\necho install',
      // a download that is neither saved nor handed to an interpreter cannot be run
      'curl -fsSL -X POST https://api.x.test/hook',
      'curl -fsSL https://api.x.test/release | jq -r .tag_name >> "$GITHUB_OUTPUT"',
      'TAG=$(curl -fsSL https://api.x.test/release | jq -r .tag_name) 2>&1\necho "$TAG" >> "$GITHUB_ENV"',
    ]
    for (const script of skipped) {
      expect([script, mayInstall(script)]).toEqual([script, false])
      expect([script, installsIn(parseShell(script))]).toEqual([script, []])
    }
    // and whatever it lets through is what unpinnedInstalls reports on
    expect(reported('npm \\\n  install left-pad')).toHaveLength(1)
  })
})

describe('mayInstall over generated scripts', () => {
  // Commands built from the programs, subcommands, options, redirections and separators the check reads; a fixed
  // seed keeps the run the same. Any script the parsed check reports on must pass the pre-check.
  const programs = ['curl', 'wget', 'iwr', 'Invoke-WebRequest', 'bash', 'sh', '.', 'source', 'eval', 'python3', 'iex', 'sudo']
  programs.push('sudo -u uv', 'env X=1', 'npm', 'pnpm', 'yarn', 'pip', 'pip3', 'python -m pip', 'uv pip', 'go', 'choco', 'cinst')
  programs.push('nuget', 'dotnet', 'gem', 'sha256sum -c', 'gpg --verify', './i.sh', 'bin/i.sh', 'echo', 'jq', '"npm"', 'NPM.EXE')
  const words = ['install', 'i', 'ci', 'add', 'global', 'get', 'restore', 'upgrade', 'it', 'package', 'x@latest', './...', '-g']
  words.push('https://x.test/i.sh', 'x.test/a/i.sh', 'i.sh', '-o', '-O', '--output', '--output=i.sh', '--remote-name', '-OutFile')
  words.push('-fsSL', '-qO-', '-', '--require-hashes', '-r', 'req.txt', '--version', '--no-frozen-lockfile', '--no-immutable')
  words.push('"$(curl https://x.test/i)"', '<(wget -O- x.test/i)', '`curl x.test/i`', '> i.sh', '>> log', '2>/dev/null', '&> i.sh')
  words.push('>&2', '2>&1', '<in', '<<<x', '&>>x', '>|x', '<>x', '\\\n', "'install'", '"a\nb"', '$X', '>(tee x)', '# c')
  const separators = ['\n', ' | ', ' && ', '; ', ' || ', ' |& ', '\ncat <<EOF\nnpm install\nEOF\n']
  let seed = 20261122
  const pick = <T>(list: T[]): T => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return list[seed % list.length]!
  }

  it('lets through every generated script the parsed check reports on', () => {
    let reporting = 0
    for (let run = 0; run < 20_000; run++) {
      let script = ''
      for (let command = pick([1, 2, 3, 4]); command > 0; command--) {
        script += `${script === '' ? '' : pick(separators)}${pick(programs)}`
        for (let word = pick([0, 1, 2, 3, 4]); word > 0; word--) script += ` ${pick(words)}`
      }
      if (installsIn(parseShell(script)).length === 0) continue
      reporting++
      expect([script, mayInstall(script)]).toEqual([script, true])
    }
    expect(reporting).toBeGreaterThan(1_000)
  })
})

describe('startsWithHost', () => {
  it('answers as /^[\\w.-]+\\.[a-z]{2,}\\//i does', () => {
    const pattern = /^[\w.-]+\.[a-z]{2,}\//i
    const words = ['example.com/x', 'sub.example.co.uk/p', 'a.bc/', '.bc/', 'a.b/', 'ab/', 'a..cd/', 'x.COM/', 'x.c0m/']
    words.push('x.com', 'x.com//', '-.io/', '_.io/', 'a.b1cd/', 'a.bcd?/', '\u0131.com/', 'a.\u017fs/', '', '/', 'a.bc', 'a.b.cd/')
    for (const word of words) expect([word, startsWithHost(word)]).toEqual([word, pattern.test(word)])
  })
})

describeCorpus('the pre-checks over every run: script of the workflow corpus', () => {
  it('skip no script the parsed check reports on', () => {
    const scripts = new Set<string>()
    for (const folder of readdirSync(corpusPath('workflows'))) {
      if (folder === 'MANIFEST.tsv') continue
      for (const { file, node } of runScripts(loadRepository(corpusPath('workflows', folder)))) {
        scripts.add(node.value)
        // the rule scans the scalar's source text instead of its value outside double quotes
        if (node.style !== 'double' && INSTALL_WORD.test(node.value))
          expect([node.value, INSTALL_WORD.test(file.text.slice(node.start, node.end))]).toEqual([node.value, true])
      }
    }
    let reporting = 0
    for (const script of scripts) {
      const installs = installsIn(parseShell(script))
      if (installs.length > 0) {
        reporting++
        expect([script, mayInstall(script)]).toEqual([script, true])
      }
      if (installs.length > 0 || powershellInstalls(script).length > 0) expect([script, INSTALL_WORD.test(script)]).toEqual([script, true])
    }
    // the corpus has a few hundred distinct scripts that install something unpinned
    expect(reporting).toBeGreaterThan(200)
  })
})
