import { beforeAll, describe, expect, it } from '@jest/globals'
import type { PackageGraph } from '../package-graph.js'
import { loadPurlLibrary } from '../purl.js'
import { readCargoLock } from './cargo.js'
import { readComposerLock } from './composer.js'
import { readGemfileLock } from './gem.js'
import { readGoMod, readGoSum } from './go.js'
import { readGradleLockfile } from './gradle.js'
import { loadTomlParser } from './toml-text.js'

const context = (path: string, siblings: Record<string, string> = {}) => ({ path, readSibling: (name: string) => siblings[name] })
const find = (graph: PackageGraph, id: string) => graph.packages.find((pkg) => pkg.id === id)
const A = 'a'.repeat(64)

// Purls that need normalisation or escaping take packageurl-js (readProjectGraphs loads it on demand).
beforeAll(loadPurlLibrary)
// Cargo.lock is TOML, read through smol-toml, which readProjectGraphs loads on demand.
beforeAll(loadTomlParser)

describe('readGoSum', () => {
  it('lists modules whose zip go.sum hashes, keeps h1 as a property, and marks the non-indirect requires direct', () => {
    const sum =
      'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\ngithub.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=\ngolang.org/x/sys v0.1.0/go.mod h1:oPkhp1MJrh7nUepCBck5+mAzfO9JrbApNNgaTdGDITg=\ngolang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=\n'
    const mod =
      'module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/pkg/errors v0.9.1\n\tgolang.org/x/text v0.14.0 // indirect\n)\n'
    const graph = readGoSum(sum, context('go.sum', { 'go.mod': mod }))
    expect(graph.packages.map((pkg) => pkg.id)).toEqual(['pkg:golang/github.com/pkg/errors@v0.9.1', 'pkg:golang/golang.org/x/text@v0.14.0'])
    expect(find(graph, 'pkg:golang/github.com/pkg/errors@v0.9.1')!.properties).toEqual([
      ['go:h1', 'h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4='],
    ])
    expect(graph.direct).toEqual(['pkg:golang/github.com/pkg/errors@v0.9.1'])
  })

  it('reports a malformed go.sum line, and reads go.mod alone', () => {
    expect(readGoSum('garbage\n', context('go.sum')).problems).toEqual([
      expect.objectContaining({ rule: 'sbom-lockfile-invalid', line: 1 }),
    ])
    const graph = readGoMod('module m\nrequire github.com/a/b v1.0.0\n', context('go.mod'))
    expect(graph.packages.map((pkg) => pkg.id)).toEqual(['pkg:golang/github.com/a/b@v1.0.0'])
  })
})

describe('readCargoLock', () => {
  it('reads registry and git crates with checksums, workspace members, and edges with versions', () => {
    const lock = `version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "serde 1.0.0",\n "tool",\n]\n\n[[package]]\nname = "serde"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${A}"\n\n[[package]]\nname = "serde"\nversion = "0.9.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${A}"\n\n[[package]]\nname = "tool"\nversion = "0.2.0"\nsource = "git+https://github.com/o/tool?rev=abc#0123456789abcdef0123456789abcdef01234567"\n`
    const graph = readCargoLock(lock, context('Cargo.lock'))
    expect(graph.problems).toEqual([])
    expect(find(graph, 'pkg:cargo/app@0.1.0')).toMatchObject({
      source: 'workspace',
      dependencies: ['pkg:cargo/serde@1.0.0', 'pkg:cargo/tool@0.2.0'],
    })
    expect(find(graph, 'pkg:cargo/serde@1.0.0')!.hashes).toEqual([{ alg: 'SHA-256', content: A }])
    expect(find(graph, 'pkg:cargo/tool@0.2.0')).toMatchObject({
      source: 'git',
      properties: [['pipeguard:git-commit', '0123456789abcdef0123456789abcdef01234567']],
    })
  })
})

describe('readGemfileLock', () => {
  it('reads GEM, GIT and PATH specs, merges platform variants, and takes checksums and direct dependencies', () => {
    const lock = `GIT\n  remote: https://github.com/o/gitgem.git\n  revision: 0123456789abcdef0123456789abcdef01234567\n  specs:\n    gitgem (0.1.0)\n\nPATH\n  remote: .\n  specs:\n    mygem (1.0.0)\n      rack (>= 2)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.16.0)\n      racc (~> 1.4)\n    nokogiri (1.16.0-x86_64-linux)\n      racc (~> 1.4)\n    racc (1.7.3)\n    rack (3.0.8)\n\nPLATFORMS\n  ruby\n  x86_64-linux\n\nDEPENDENCIES\n  gitgem!\n  mygem!\n  nokogiri\n\nCHECKSUMS\n  rack (3.0.8) sha256=${A}\n\nBUNDLED WITH\n   2.5.4\n`
    const graph = readGemfileLock(lock, context('Gemfile.lock'))
    expect(graph.problems).toEqual([])
    expect(graph.packages.map((pkg) => pkg.id)).toEqual([
      'pkg:gem/gitgem@0.1.0',
      'pkg:gem/mygem@1.0.0',
      'pkg:gem/nokogiri@1.16.0',
      'pkg:gem/racc@1.7.3',
      'pkg:gem/rack@3.0.8',
    ])
    expect(find(graph, 'pkg:gem/nokogiri@1.16.0')).toMatchObject({
      dependencies: ['pkg:gem/racc@1.7.3'],
      properties: [['gem:platform', 'x86_64-linux']],
    })
    expect(find(graph, 'pkg:gem/rack@3.0.8')!.hashes).toEqual([{ alg: 'SHA-256', content: A }])
    expect(find(graph, 'pkg:gem/mygem@1.0.0')).toMatchObject({ source: 'workspace', dependencies: ['pkg:gem/rack@3.0.8'] })
    expect(find(graph, 'pkg:gem/gitgem@0.1.0')).toMatchObject({
      source: 'git',
      qualifiers: { vcs_url: 'git+https://github.com/o/gitgem.git' },
    })
    expect(graph.direct).toEqual(['pkg:gem/gitgem@0.1.0', 'pkg:gem/mygem@1.0.0', 'pkg:gem/nokogiri@1.16.0'])
  })
})

describe('readComposerLock', () => {
  it('reads packages and packages-dev with licenses, SHA-1 dist hashes and edges, skipping platform requirements', () => {
    const lock = JSON.stringify({
      packages: [
        {
          name: 'monolog/monolog',
          version: '3.5.0',
          license: ['MIT'],
          dist: { type: 'zip', shasum: '19203fb59991df98e3a287050d4647cdeaf32499', reference: 'abc' },
          require: { php: '>=8.1', 'ext-json': '*', 'psr/log': '^3' },
        },
        { name: 'psr/log', version: '3.0.0', license: ['MIT'], dist: { type: 'zip', shasum: '' } },
      ],
      'packages-dev': [{ name: 'phpunit/phpunit', version: '10.5.0', license: ['BSD-3-Clause'] }],
    })
    const graph = readComposerLock(
      lock,
      context('composer.lock', { 'composer.json': '{"require":{"monolog/monolog":"^3"},"require-dev":{"phpunit/phpunit":"^10"}}' }),
    )
    expect(find(graph, 'pkg:composer/monolog/monolog@3.5.0')).toMatchObject({
      licenses: ['MIT'],
      hashes: [{ alg: 'SHA-1', content: '19203fb59991df98e3a287050d4647cdeaf32499' }],
      dependencies: ['pkg:composer/psr/log@3.0.0'],
    })
    expect(find(graph, 'pkg:composer/phpunit/phpunit@10.5.0')).toMatchObject({ dev: true, licenses: ['BSD-3-Clause'] })
    expect(graph.direct).toEqual(['pkg:composer/monolog/monolog@3.5.0', 'pkg:composer/phpunit/phpunit@10.5.0'])
  })
})

describe('readGradleLockfile', () => {
  it('reads coordinates, keeps configurations, marks test-only ones dev, and reports a malformed line', () => {
    const lock =
      '# This is a Gradle generated file\ncom.google.guava:guava:33.0.0-jre=compileClasspath,runtimeClasspath\norg.junit.jupiter:junit-jupiter:5.10.1=testCompileClasspath,testRuntimeClasspath\nnot a coordinate\nempty=annotationProcessor\n'
    const graph = readGradleLockfile(lock, context('gradle.lockfile'))
    expect(graph.packages.map((pkg) => [pkg.id, pkg.dev])).toEqual([
      ['pkg:maven/com.google.guava/guava@33.0.0-jre', false],
      ['pkg:maven/org.junit.jupiter/junit-jupiter@5.10.1', true],
    ])
    expect(graph.problems).toEqual([expect.objectContaining({ rule: 'sbom-lockfile-invalid', line: 4 })])
  })
})
