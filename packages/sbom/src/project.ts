import { lstatSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parseGoMod } from './lockfiles/go.js'
import { parseJson, readManifest, recordOf } from './lockfiles/json-text.js'
import { parseToml } from './lockfiles/toml-text.js'

export interface ProjectIdentity {
  name: string
  version: string | undefined
}

/** A manifest's text; a symbolic link is not followed (it could lead out of the scanned folder). */
function readText(path: string): string | undefined {
  let isFile: boolean
  try {
    isFile = lstatSync(path).isFile()
  } catch {
    return undefined
  }
  return isFile ? readFileSync(path, 'utf8') : undefined
}

/**
 * The project a BOM describes: the name and version its own manifest declares (package.json, pyproject.toml,
 * Cargo.toml, composer.json, go.mod), else the folder's name. Never an absolute path.
 */
export function projectIdentity(folder: string, fallbackName: string = basename(folder)): ProjectIdentity {
  const npm = readManifest(readText(join(folder, 'package.json')))
  if (npm?.name !== undefined) return { name: npm.name, version: npm.version }
  const pyproject = readText(join(folder, 'pyproject.toml'))
  if (pyproject !== undefined) {
    const parsed = parseToml(pyproject)
    if ('value' in parsed) {
      const project = recordOf(parsed.value.project)
      const poetry = recordOf(recordOf(parsed.value.tool).poetry)
      const name = typeof project.name === 'string' ? project.name : typeof poetry.name === 'string' ? poetry.name : undefined
      const version =
        typeof project.version === 'string' ? project.version : typeof poetry.version === 'string' ? poetry.version : undefined
      if (name !== undefined) return { name, version }
    }
  }
  const cargo = readText(join(folder, 'Cargo.toml'))
  if (cargo !== undefined) {
    const parsed = parseToml(cargo)
    const pkg = 'value' in parsed ? recordOf(parsed.value.package) : {}
    if (typeof pkg.name === 'string') return { name: pkg.name, version: typeof pkg.version === 'string' ? pkg.version : undefined }
  }
  const composer = readText(join(folder, 'composer.json'))
  if (composer !== undefined) {
    const parsed = parseJson(composer)
    const json = 'value' in parsed ? recordOf(parsed.value) : {}
    if (typeof json.name === 'string') return { name: json.name, version: typeof json.version === 'string' ? json.version : undefined }
  }
  const goMod = readText(join(folder, 'go.mod'))
  const module = goMod === undefined ? undefined : parseGoMod(goMod).module
  if (module !== undefined) return { name: module, version: undefined }
  return { name: fallbackName === '' ? 'project' : fallbackName, version: undefined }
}
