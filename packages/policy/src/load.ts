import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Document, LineCounter, Node } from 'yaml'
import { didYouMean } from './did-you-mean.js'
import type { FailOn, RuleLevel } from './finding.js'
import { InputError } from './input-error.js'
import { defaultPolicy, type IgnoreEntry, type Persona, type Policy, type RuleSetting } from './policy.js'
import type { RuleMeta } from './rule.js'
import { ruleCatalog } from './rule-catalog.js'
import { POLICY_SCHEMA_AJV_OPTIONS, policySchema } from './schema.js'

export const DEFAULT_POLICY_PATHS = ['.github/pipeguard.yml', '.github/pipeguard.yaml']

export interface LoadPolicyOptions {
  /** The scanned repository; the default policy path is looked up below it. */
  root: string
  /** An explicit policy file (`--policy`, the `policy` input), relative to the working directory. */
  file?: string | undefined
  /** Every rule that may be configured; defaults to the catalog of every engine's rules. */
  rules?: readonly RuleMeta[]
}

/**
 * Finds, reads, validates and merges the policy. Any problem with it is an InputError naming file and line.
 * The YAML and JSON Schema libraries load only when there is a policy file: most runs start faster without them.
 */
export async function loadPolicy(options: LoadPolicyOptions): Promise<Policy> {
  const file = options.file !== undefined && options.file !== '' ? resolve(options.file) : findDefault(options.root)
  if (file === undefined) return defaultPolicy()
  if (!existsSync(file)) {
    throw new InputError(`policy file not found: ${options.file ?? file}`, { file: options.file ?? file })
  }
  const rules = options.rules ?? ruleCatalog
  const loader = new PolicyLoader(options.root, rules, await loadLibraries(rules))
  return loader.load(file, [])
}

/** ajv and yaml are CommonJS: Node exposes their exports as named exports, a bundler (ncc) under `default`. */
function named<T extends object>(module: T, key: keyof T): T {
  return module[key] === undefined ? ((module as { default?: T }).default ?? module) : module
}

async function loadLibraries(rules: readonly RuleMeta[]): Promise<Libraries> {
  const [validate, yaml] = await Promise.all([schemaValidator(rules), import('yaml')])
  return { validate, yaml: named(yaml, 'parseDocument') }
}

/** Validators compiled at run time, for rule lists other than the catalog (tests, custom engines). */
const validators = new WeakMap<readonly RuleMeta[], ValidateFunction>()

/**
 * The policy schema's validator: the catalog's comes precompiled (validators/policy.js, generated with the catalog),
 * since compiling it costs a process about a quarter of a second; other rule lists are compiled here with ajv.
 */
async function schemaValidator(rules: readonly RuleMeta[]): Promise<ValidateFunction> {
  if (rules === ruleCatalog) return (await import('../validators/policy.js')).validate
  let validate = validators.get(rules)
  if (validate === undefined) {
    const { Ajv } = named(await import('ajv'), 'Ajv')
    validate = new Ajv(POLICY_SCHEMA_AJV_OPTIONS).compile(policySchema(rules))
    validators.set(rules, validate)
  }
  return validate
}

interface Libraries {
  /** The policy schema's validator for the rules being loaded. */
  validate: ValidateFunction
  yaml: typeof import('yaml')
}

function findDefault(root: string): string | undefined {
  for (const candidate of DEFAULT_POLICY_PATHS) {
    const path = resolve(root, candidate)
    if (existsSync(path)) return path
  }
  return undefined
}

interface ParsedFile {
  display: string
  document: Document
  lines: LineCounter
  data: Record<string, unknown>
}

class PolicyLoader {
  constructor(
    private readonly root: string,
    private readonly rules: readonly RuleMeta[],
    private readonly libraries: Libraries,
  ) {}

  load(file: string, chain: string[]): Policy {
    const display = this.display(file)
    if (chain.includes(file)) {
      const cycle = [...chain, file].map((path) => this.display(path)).join(' -> ')
      throw new InputError(`extends cycle: ${cycle}`, { file: display })
    }
    const parsed = this.parse(file, display)
    const own = this.interpret(parsed)
    const base = parsed.data.extends
    if (typeof base !== 'string') return { ...own, files: [display] }
    const position = this.locate(parsed, ['extends'], false)
    if (isRemoteReference(base)) {
      throw new InputError(
        `extends '${base}': remote policies (owner/repo/path@ref) are not supported yet; copy the file into the repository and extend it by relative path`,
        { file: display, ...position },
      )
    }
    const basePath = resolve(dirname(file), base)
    if (!existsSync(basePath) || !statSync(basePath).isFile()) {
      throw new InputError(`extends '${base}': no such file (${this.display(basePath)})`, { file: display, ...position })
    }
    const inherited = this.load(basePath, [...chain, file])
    return mergePolicies(inherited, { ...own, files: [...inherited.files, display] }, parsed.data)
  }

  private display(file: string): string {
    const fromRoot = relative(resolve(this.root), file)
    const inside = fromRoot !== '' && !fromRoot.startsWith('..') && !isAbsolute(fromRoot)
    return (inside ? fromRoot : relative(process.cwd(), file) || file).split(sep).join('/')
  }

  private parse(file: string, display: string): ParsedFile {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      throw new InputError(`cannot read policy: ${(error as Error).message}`, { file: display })
    }
    const lines = new this.libraries.yaml.LineCounter()
    const document = this.libraries.yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
    const problem = document.errors[0]
    if (problem !== undefined) {
      const { line, col } = lines.linePos(problem.pos[0])
      throw new InputError(`invalid YAML: ${problem.message.split('\n')[0]}`, { file: display, line, column: col })
    }
    let data: unknown
    try {
      data = document.toJS({ maxAliasCount: 100 })
    } catch (error) {
      throw new InputError(`invalid YAML: ${(error as Error).message}`, { file: display, line: 1, column: 1 })
    }
    if (data === null || data === undefined) data = {}
    const parsed = { display, document, lines, data: data as Record<string, unknown> }
    const validate = this.libraries.validate
    if (!validate(data)) throw this.schemaError(parsed, validate.errors ?? [])
    return parsed
  }

  private schemaError(parsed: ParsedFile, errors: ErrorObject[]): InputError {
    const relevant = errors.filter((error) => error.keyword !== 'if')
    // The deepest error is the most specific one.
    relevant.sort((a, b) => depth(b.instancePath) - depth(a.instancePath))
    const error = relevant[0] ?? errors[0]!
    const path = pathSegments(error.instancePath)
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty)
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {})
      const suggestion = didYouMean(key, known)
      const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`
      const what = path.length === 1 && path[0] === 'rules' ? `unknown rule '${key}'` : `unknown key '${dotted([...path, key])}'`
      return new InputError(`${what}${hint}`, { file: parsed.display, ...this.locate(parsed, [...path, key], true) })
    }
    const where = { file: parsed.display, ...this.locate(parsed, path, false) }
    const subject = path.length === 0 ? 'the policy' : dotted(path)
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty
      return new InputError(`${subject} is missing the required key '${missing}'`, where)
    }
    const expect = (error.parentSchema as { 'x-expect'?: string } | undefined)?.['x-expect']
    const got = JSON.stringify(error.data) ?? 'nothing'
    const must = expect ?? error.message ?? 'valid'
    return new InputError(`${subject} must be ${must.replace(/^must be /, '')}, got ${quoteValue(got)}`, where)
  }

  private locate(parsed: ParsedFile, path: (string | number)[], atKey: boolean): { line: number; column: number } {
    return locateNode(this.libraries.yaml, parsed, path, atKey)
  }

  private interpret(parsed: ParsedFile): Policy {
    const data = parsed.data
    const rules: Record<string, RuleSetting> = {}
    const configured = (data.rules ?? {}) as Record<string, unknown>
    for (const [id, value] of Object.entries(configured)) {
      if (typeof value === 'string') rules[id] = { level: value as RuleLevel, options: {} }
      else {
        const { level, ...options } = (value ?? {}) as Record<string, unknown>
        rules[id] = level === undefined ? { options } : { level: level as RuleLevel, options }
      }
    }
    const ignores: IgnoreEntry[] = []
    const known = new Set(this.rules.map((rule) => rule.id))
    ;((data.ignore ?? []) as Record<string, unknown>[]).forEach((entry, index) => {
      const rule = String(entry.rule)
      if (!known.has(rule)) {
        const suggestion = didYouMean(rule, known)
        const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`
        throw new InputError(`ignore[${index}].rule: unknown rule '${rule}'${hint}`, {
          file: parsed.display,
          ...this.locate(parsed, ['ignore', index, 'rule'], false),
        })
      }
      const expires = entry.expires as string | undefined
      if (expires !== undefined && !isRealDate(expires)) {
        throw new InputError(`ignore[${index}].expires must be a real date YYYY-MM-DD, got '${expires}'`, {
          file: parsed.display,
          ...this.locate(parsed, ['ignore', index, 'expires'], false),
        })
      }
      const at = this.locate(parsed, ['ignore', index], false)
      ignores.push({
        rule,
        paths: (entry.paths as string[] | undefined) ?? [],
        reason: String(entry.reason),
        ...(expires === undefined ? {} : { expires }),
        at: { file: parsed.display, ...at },
      })
    })
    return {
      files: [parsed.display],
      failOn: (data['fail-on'] as FailOn | undefined) ?? 'error',
      persona: (data.persona as Persona | undefined) ?? 'regular',
      rules,
      ignores,
    }
  }
}

/** `override` wins key by key; rule options merge; ignore lists add up. */
function mergePolicies(base: Policy, override: Policy, overrideData: Record<string, unknown>): Policy {
  const rules: Record<string, RuleSetting> = { ...base.rules }
  for (const [id, setting] of Object.entries(override.rules)) {
    const inherited = rules[id]
    const level = setting.level ?? inherited?.level
    rules[id] = { ...(level === undefined ? {} : { level }), options: { ...inherited?.options, ...setting.options } }
  }
  return {
    files: override.files,
    failOn: overrideData['fail-on'] === undefined ? base.failOn : override.failOn,
    persona: overrideData.persona === undefined ? base.persona : override.persona,
    rules,
    ignores: [...base.ignores, ...override.ignores],
  }
}

function isRealDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value
}

/** `owner/repo/path@ref`: a remote policy, as opposed to a relative file path. */
export function isRemoteReference(value: string): boolean {
  return /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+\/[^@]+@[^@\s]+$/.test(value) && !value.startsWith('.')
}

function depth(instancePath: string): number {
  return instancePath === '' ? 0 : instancePath.split('/').length
}

function pathSegments(instancePath: string): (string | number)[] {
  if (instancePath === '') return []
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment))
}

function dotted(path: (string | number)[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('')
}

function quoteValue(json: string): string {
  return json.startsWith('"') ? `'${JSON.parse(json) as string}'` : json
}

/** The line and column of the node at `path` (or of its key), falling back to the nearest ancestor. */
function locateNode(
  yaml: Libraries['yaml'],
  parsed: ParsedFile,
  path: (string | number)[],
  atKey: boolean,
): { line: number; column: number } {
  const { isMap, isPair, isScalar, isSeq } = yaml
  let node: Node | null | undefined = parsed.document.contents as Node | null
  let position: number | undefined = node?.range?.[0]
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment))
      if (pair === undefined) break
      const key = pair.key as Node
      node = pair.value as Node | null
      position = atKey || !node?.range ? key.range?.[0] : node.range[0]
      if (atKey && segment === path[path.length - 1]) position = key.range?.[0]
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | undefined
      if (node?.range) position = node.range[0]
      else break
    } else break
  }
  if (position === undefined) return { line: 1, column: 1 }
  const { line, col } = parsed.lines.linePos(position)
  return { line, column: col }
}
