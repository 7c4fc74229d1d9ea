import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeFinding, type Finding } from '@pipeguard/policy'
import { SourceFile, type Repository } from '@pipeguard/workflow'
import { fromLines } from '../dockerfile.js'
import { findFiles, isDockerfile } from '../files.js'
import { imageReferences } from '../references.js'
import type { OfflineRule } from '../rule.js'

const DIGEST = /@sha256:[0-9a-f]{64}$/

/** The command that prints an image's digest, to pin it by hand (registry lookups are not done by pipeguard yet). */
export function pinCommand(image: string): string {
  const tagged = image.includes('@') ? image.slice(0, image.indexOf('@')) : image
  return `docker buildx imagetools inspect ${tagged} --format '{{json .Manifest.Digest}}'`
}

export const unpinnedImages: OfflineRule = {
  meta: {
    id: 'unpinned-images',
    engine: 'pinning',
    level: 'error',
    summary: 'A container image is referenced by a tag instead of a sha256 digest',
    help: "Append the image's digest: `image:tag@sha256:<digest>`. Get it with `docker buildx imagetools inspect image:tag --format '{{json .Manifest.Digest}}'`.",
    options: {
      'scan-dockerfiles': {
        type: 'boolean',
        default: true,
        description: 'Also check FROM lines of every Dockerfile in the repository.',
        'x-expect': 'true or false',
      },
    },
    examples: {
      bad: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    container: node:20\n    services:\n      db:\n        image: postgres:16\n',
      good: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    container: node:20@sha256:1c4d2e3b0f8a9c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d\n    services:\n      db:\n        image: postgres:16@sha256:2d5e3f4a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e\n',
    },
  },
  check({ repository }, rule) {
    const findings: Finding[] = []
    for (const { file, node, image, where } of imageReferences(repository)) {
      // An expression may supply the digest (`image@${{ ... }}`) or the whole reference (an input, another job's
      // output): neither can be read here. An expression inside the tag of a reference without `@` is still a tag.
      if (image.includes('${{') && (image.includes('@') || /^\s*\$\{\{[^}]*\}\}\s*$/.test(image) || /^\$\{\{/.test(image))) continue
      if (DIGEST.test(image)) continue
      const what = {
        'docker-step': 'docker:// step',
        container: 'job container',
        service: 'service container',
        'action-image': 'Docker action image',
      }[where]
      findings.push(
        makeFinding({
          ruleId: 'unpinned-images',
          level: rule.level,
          message: `${what} image ${image} is not pinned to a digest, so the registry can serve different content under the same tag; pin it as ${image.split('@')[0]}@sha256:<digest> (get the digest with: ${pinCommand(image)})`,
          path: file.path,
          span: file.span(node.start, node.end),
          snippet: image,
        }),
      )
    }
    if (rule.options['scan-dockerfiles'] !== false) findings.push(...dockerfileFindings(repository, rule.level))
    return findings
  },
}

function dockerfileFindings(repository: Repository, level: Finding['level']): Finding[] {
  const root = repository.root
  const findings: Finding[] = []
  for (const path of findFiles(repository, isDockerfile)) {
    let text: string
    try {
      text = readFileSync(join(root, path), 'utf8')
    } catch {
      continue
    }
    const file = new SourceFile(path, text)
    for (const from of fromLines(text)) {
      if (from.local) continue
      const span = file.span(from.start, from.end)
      if (from.image === undefined) {
        findings.push(
          makeFinding({
            ruleId: 'unpinned-images',
            level,
            message: `FROM ${from.written} uses a build argument without a default, so the image cannot be checked; give the ARG a default pinned to a digest`,
            path,
            span,
            snippet: `FROM ${from.written}`,
          }),
        )
      } else if (!DIGEST.test(from.image)) {
        findings.push(
          makeFinding({
            ruleId: 'unpinned-images',
            level,
            message: `FROM ${from.image} is not pinned to a digest; pin it as ${from.image.split('@')[0]}@sha256:<digest> (get the digest with: ${pinCommand(from.image)})`,
            path,
            span,
            snippet: `FROM ${from.written}`,
          }),
        )
      }
    }
  }
  return findings
}
