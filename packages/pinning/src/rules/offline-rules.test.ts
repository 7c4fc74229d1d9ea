import { afterEach, describe, expect, it } from '@jest/globals'
import { defaultPolicy, type Policy } from '@pipeguard/policy'
import { tempRepository, type TempRepository } from '@pipeguard/test-kit'
import { loadRepository } from '@pipeguard/workflow'
import { runPinCheck } from '../engine.js'

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683'
let repository: TempRepository | undefined
afterEach(() => repository?.remove())

function check(files: Record<string, string>, configure: (policy: Policy) => void = () => {}) {
  repository = tempRepository(files)
  const policy = defaultPolicy()
  configure(policy)
  return runPinCheck(loadRepository(repository.root), policy).findings
}
const brief = (findings: ReturnType<typeof check>) =>
  findings.map((finding) => `${finding.ruleId} ${finding.path}:${finding.line}:${finding.column}`)

describe('unpinned-uses', () => {
  const workflow = [
    'on: push',
    'jobs:',
    '  call:',
    '    uses: org/shared/.github/workflows/ci.yml@v1',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - uses: actions/cache@${SHA} # v4.1.2`,
    '      - uses: someone/tool@main',
    '      - uses: ./.github/actions/local',
    '      - uses: $/.github/actions/same',
    '      - uses: docker://alpine@sha256:' + 'a'.repeat(64),
    '      - uses: someone/short@11bd719',
    '',
  ].join('\n')

  it('reports tags, branches and short SHAs of steps and reusable workflows at their exact position', () => {
    const findings = check({ '.github/workflows/ci.yml': workflow }).filter((finding) => finding.ruleId === 'unpinned-uses')
    expect(brief(findings)).toEqual([
      'unpinned-uses .github/workflows/ci.yml:4:11',
      'unpinned-uses .github/workflows/ci.yml:8:15',
      'unpinned-uses .github/workflows/ci.yml:10:15',
      'unpinned-uses .github/workflows/ci.yml:14:15',
    ])
    expect(findings[0]!.message).toContain('reusable workflow org/shared/.github/workflows/ci.yml@v1')
    expect(findings[2]!.message).toContain('branch')
    expect(findings[3]!.message).toContain('not a full lowercase 40-character SHA')
  })

  it('follows local composite actions into their steps', () => {
    const findings = check({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/setup\n',
      '.github/actions/setup/action.yml': 'name: s\nruns:\n  using: composite\n  steps:\n    - uses: ./.github/actions/inner\n',
      '.github/actions/inner/action.yml': 'name: i\nruns:\n  using: composite\n  steps:\n    - uses: actions/setup-node@v4\n',
    })
    expect(brief(findings)).toEqual(['unpinned-uses .github/actions/inner/action.yml:5:13'])
  })

  it('lets a ref-pin policy accept tags but still reports branches', () => {
    const findings = check({ '.github/workflows/ci.yml': workflow }, (policy) => {
      policy.rules['unpinned-uses'] = { options: { policies: { 'actions/*': 'ref-pin', 'someone/*': 'ref-pin', 'org/shared': 'any' } } }
    }).filter((finding) => finding.ruleId === 'unpinned-uses')
    expect(brief(findings)).toEqual(['unpinned-uses .github/workflows/ci.yml:10:15', 'unpinned-uses .github/workflows/ci.yml:14:15'])
  })

  it('treats allow patterns as ref-pin', () => {
    const findings = check({ '.github/workflows/ci.yml': workflow }, (policy) => {
      policy.rules['unpinned-uses'] = { options: { allow: ['actions/*'] } }
    }).filter((finding) => finding.ruleId === 'unpinned-uses')
    expect(findings.map((finding) => finding.line)).toEqual([4, 10, 14])
  })
})

describe('missing-version-comment', () => {
  it('reports SHA pins without a version comment and accepts the common comment styles', () => {
    const findings = check({
      '.github/workflows/ci.yml': [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: x',
        '    steps:',
        `      - uses: actions/checkout@${SHA}`,
        `      - uses: actions/checkout@${SHA} # v4.2.2`,
        `      - uses: actions/checkout@${SHA} # tag=v4.2.2`,
        `      - uses: "actions/checkout@${SHA}"  # v4`,
        `      - uses: actions/checkout@${SHA} # the good one`,
        `      - {uses: actions/checkout@${SHA}, with: {a: 1}}`,
        `      - uses: grafana/shared-workflows/actions/get-vault-secrets@${SHA} # get-vault-secrets/v1.3.2`,
        `      - uses: actions/checkout@${SHA} # main`,
        '',
      ].join('\n'),
    })
    expect(brief(findings)).toEqual([
      'missing-version-comment .github/workflows/ci.yml:6:15',
      'missing-version-comment .github/workflows/ci.yml:10:15',
      'missing-version-comment .github/workflows/ci.yml:11:16',
      'missing-version-comment .github/workflows/ci.yml:13:15',
    ])
  })

  it('can require a full version', () => {
    const findings = check(
      { '.github/workflows/ci.yml': `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${SHA} # v4\n` },
      (policy) => {
        policy.rules['missing-version-comment'] = { options: { pattern: '^v\\d+\\.\\d+\\.\\d+$' } }
      },
    )
    expect(findings).toHaveLength(1)
    expect(findings[0]!.message).toContain("'v4' of actions/checkout does not match")
  })
})

describe('unpinned-images', () => {
  const digest = `@sha256:${'b'.repeat(64)}`
  it('reports containers, services, docker:// steps and Docker action images without a digest', () => {
    const findings = check({
      '.github/workflows/ci.yml': [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: x',
        '    container: node:20',
        '    services:',
        '      db:',
        '        image: postgres:16',
        `      cache:`,
        `        image: redis:7${digest}`,
        '    steps:',
        '      - uses: docker://alpine:3.20',
        '  b:',
        '    runs-on: x',
        '    strategy:',
        '      matrix:',
        `        image: ['node:22${digest}', 'node:20']`,
        '        include:',
        '          - image: python:3.13',
        '    container:',
        '      image: ${{ matrix.image }}',
        '  c:',
        '    runs-on: x',
        '    container:',
        '      image: ${{ inputs.image }}',
        '    services:',
        '      db:',
        '        image: postgres:${{ matrix.pg }}',
        '      cache:',
        '        image: redis@${{ inputs.digest }}',
        '',
      ].join('\n'),
      'action.yml': "name: d\nruns:\n  using: docker\n  image: 'docker://ghcr.io/o/i:1'\n",
    })
    expect(brief(findings)).toEqual([
      'unpinned-images .github/workflows/ci.yml:5:16',
      'unpinned-images .github/workflows/ci.yml:8:16',
      'unpinned-images .github/workflows/ci.yml:12:15',
      'unpinned-images .github/workflows/ci.yml:17:100',
      'unpinned-images .github/workflows/ci.yml:19:20',
      'unpinned-images .github/workflows/ci.yml:28:16',
      'unpinned-images action.yml:4:10',
    ])
    expect(findings[0]!.message).toContain("docker buildx imagetools inspect node:20 --format '{{json .Manifest.Digest}}'")
  })

  it('reads Dockerfile FROM lines with ARG defaults, stages, scratch and --platform', () => {
    const findings = check({
      Dockerfile: [
        'ARG BASE=golang:1.23',
        'ARG RUNTIME',
        '# FROM commented:out',
        `FROM --platform=$BUILDPLATFORM \${BASE} AS build`,
        'RUN go build',
        'FROM build AS test',
        `FROM gcr.io/distroless/static${digest}`,
        'FROM scratch',
        'FROM ${RUNTIME}',
        'from \\',
        '  ubuntu:24.04',
        '',
      ].join('\n'),
    })
    expect(brief(findings)).toEqual([
      'unpinned-images Dockerfile:4:32',
      'unpinned-images Dockerfile:9:6',
      'unpinned-images Dockerfile:11:3',
    ])
    expect(findings[0]!.message).toContain('FROM golang:1.23 is not pinned')
    expect(findings[1]!.message).toContain('without a default')
  })
})

describe('unpinned-install', () => {
  it('reports installs in run scripts at the line of the command', () => {
    const findings = check({
      '.github/workflows/ci.yml': [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: x',
        '    steps:',
        '      - run: |',
        '          npm ci',
        '          curl -fsSL https://get.example.com | sudo bash',
        '          npm install',
        '      - run: ./scripts/setup.sh',
        '      - shell: pwsh',
        '        run: npm install',
        '      - shell: pwsh',
        "        run: iex ((New-Object System.Net.WebClient).DownloadString('https://community.chocolatey.org/install.ps1'))",
        '      - run: |',
        '          choco install cmake',
        '          iwr https://x.test/i.ps1 | iex',
        '',
      ].join('\n'),
      'scripts/setup.sh': '#!/bin/sh\nset -e\npip install requests\n',
    })
    expect(brief(findings)).toEqual([
      'unpinned-install .github/workflows/ci.yml:8:11',
      'unpinned-install .github/workflows/ci.yml:9:11',
      'unpinned-install .github/workflows/ci.yml:12:14',
      'unpinned-install .github/workflows/ci.yml:14:14',
      'unpinned-install .github/workflows/ci.yml:16:11',
      'unpinned-install .github/workflows/ci.yml:17:11',
      'unpinned-install scripts/setup.sh:3:1',
    ])
    expect(findings[2]!.message).toMatch(/^npm install resolves/)
    expect(findings[4]!.message).toMatch(/^choco install installs the latest/)
    expect(findings[5]!.message).toMatch(/^PowerShell runs a script it downloads/)
  })

  it('follows the scripts a run: script runs even when the same text was read before where there was none', () => {
    const run = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: npm install && ./ci/go.sh\n'
    expect(brief(check({ '.github/workflows/ci.yml': run }))).toEqual(['unpinned-install .github/workflows/ci.yml:6:14'])
    repository?.remove()
    expect(brief(check({ '.github/workflows/ci.yml': run, 'ci/go.sh': 'curl -fsSL https://x.test/i | sh\n' }))).toEqual([
      'unpinned-install .github/workflows/ci.yml:6:14',
      'unpinned-install ci/go.sh:1:1',
    ])
  })
})

describe('missing-lockfile', () => {
  it('reports manifests with dependencies and no lockfile beside them or in a workspace root', () => {
    const findings = check({
      'package.json': '{ "name": "root", "private": true, "workspaces": ["packages/*"], "devDependencies": { "jest": "^30" } }',
      'package-lock.json': '{}',
      'packages/a/package.json': '{ "name": "a", "dependencies": { "left-pad": "1" } }',
      'tools/package.json': '{ "name": "tools",\n  "dependencies": { "x": "1" } }',
      'docs/package.json': '{ "name": "docs" }',
      'py/pyproject.toml': '[project]\nname = "p"\ndependencies = ["requests"]\n',
      'rs/Cargo.toml': '[package]\nname = "r"\n\n[dependencies]\nserde = "1"\n',
      'rs/Cargo.lock': '',
      'go/go.mod': 'module x\n\ngo 1.23\n\nrequire golang.org/x/mod v0.20.0\n',
      'crates/Cargo.toml': '[workspace]\nmembers = ["c/*"]\n',
      'crates/Cargo.lock': '',
      'crates/c/one/Cargo.toml': '[package]\nname = "one"\n[dependencies]\nserde = "1"\n',
      'pn/pnpm-workspace.yaml': "packages:\n  - 'apps/**'\n",
      'pn/pnpm-lock.yaml': '',
      'pn/apps/web/x/package.json': '{ "dependencies": { "react": "19" } }',
    })
    expect(brief(findings)).toEqual([
      'missing-lockfile go/go.mod:5:1',
      'missing-lockfile py/pyproject.toml:3:1',
      'missing-lockfile tools/package.json:2:3',
    ])
  })

  it('never reads a workspace file through a link that leads out of the repository', () => {
    const outside = tempRepository({ 'package.json': '{ "workspaces": ["packages/*"] }' })
    try {
      repository = tempRepository({ 'package-lock.json': '{}', 'packages/a/package.json': '{ "dependencies": { "left-pad": "1" } }' })
      repository.link('package.json', `${outside.root}/package.json`)
      const findings = runPinCheck(loadRepository(repository.root), defaultPolicy()).findings
      // Read through the link, the outside file would make packages/a a workspace member covered by package-lock.json.
      expect(brief(findings)).toEqual(['missing-lockfile packages/a/package.json:1:3'])
    } finally {
      outside.remove()
    }
  })
})
