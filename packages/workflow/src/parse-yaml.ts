import * as ast from 'yaml-ast-parser'
import { readYamlFast } from './fast-yaml.js'
import type { ScalarStyle, YamlMap, YamlNode, YamlPair, YamlScalar, YamlSeq } from './yaml-node.js'

export interface YamlProblem {
  message: string
  /** Offset into the text where the problem is. */
  offset: number
}

export interface ParsedYaml {
  /** The documents of the stream; a workflow has one. */
  documents: (YamlNode | null)[]
  /** The first syntax problem; when set, `documents` is not to be trusted. */
  problem?: YamlProblem
}

export interface ParseYamlOptions {
  /** Upper bound on nodes after expanding aliases: a guard against alias bombs ("billion laughs"). */
  maxExpandedNodes?: number
  /**
   * The text followed by readingSuffix(text), when the caller holds that string already (a file decoded with room
   * for it): the fast reader then reads it instead of copying the text to append the suffix.
   */
  padded?: string
}

export const DEFAULT_MAX_EXPANDED_NODES = 1_000_000

class ExpansionLimit extends Error {
  constructor(readonly offset: number) {
    super('alias expansion limit exceeded')
  }
}

/**
 * Parses YAML with source offsets for every node. A fast reader (fast-yaml.ts) handles what workflows use and gives
 * up on anything else, in which case yaml-ast-parser reads the text (parseYamlFull); both give the same trees, which
 * the differential test checks on the whole corpus. `yaml` is kept for format-preserving edits.
 */
export function parseYaml(text: string, options: ParseYamlOptions = {}): ParsedYaml {
  const fast = readYamlFast(text, { maxExpandedNodes: options.maxExpandedNodes ?? DEFAULT_MAX_EXPANDED_NODES, padded: options.padded })
  return fast ?? parseYamlFull(text, options)
}

/** parseYaml through yaml-ast-parser alone: the reference the fast reader is held to, and its fallback. */
export function parseYamlFull(text: string, options: ParseYamlOptions = {}): ParsedYaml {
  const raw: ast.YAMLNode[] = []
  try {
    // yaml-ast-parser looks for repeated keys by comparing every pair with all before it: quadratic, minutes for a
    // generated file with tens of thousands of keys. The conversion below finds them with a set instead.
    ast.loadAll(text, (document) => raw.push(document), { ignoreDuplicateKeys: true })
  } catch (error) {
    const mark = (error as { mark?: { position?: number } }).mark
    return { documents: [], problem: { message: cleanMessage((error as Error).message), offset: mark?.position ?? 0 } }
  }
  for (const document of raw) {
    const error = document?.errors?.[0]
    if (error !== undefined) {
      return { documents: [], problem: { message: cleanMessage(error.reason ?? error.message), offset: error.mark?.position ?? 0 } }
    }
  }
  const converter = new Converter(text, options.maxExpandedNodes ?? DEFAULT_MAX_EXPANDED_NODES)
  try {
    return { documents: raw.map((document) => converter.convert(document)) }
  } catch (error) {
    if (error instanceof ExpansionLimit) {
      return {
        documents: [],
        problem: {
          message: `aliases expand to more than ${converter.limit.toLocaleString('en-US')} nodes (an alias bomb?)`,
          offset: error.offset,
        },
      }
    }
    if (error instanceof UnknownAlias || error instanceof CyclicAlias || error instanceof DuplicateKey) {
      return { documents: [], problem: { message: error.message, offset: error.offset } }
    }
    throw error
  }
}

class UnknownAlias extends Error {
  constructor(
    name: string,
    readonly offset: number,
  ) {
    super(`unknown alias *${name}: no anchor &${name} before it`)
  }
}

class DuplicateKey extends Error {
  constructor(readonly offset: number) {
    // The words yaml-ast-parser uses, which the fast reader repeats.
    super('duplicate key')
  }
}

class CyclicAlias extends Error {
  constructor(
    name: string,
    readonly offset: number,
  ) {
    super(`alias *${name} is inside the node &${name} it refers to, which would make the document infinitely deep`)
  }
}

function cleanMessage(message: string): string {
  return message
    .replace(/^JS-YAML: /, '')
    .replace(/ at line \d+, column \d+:?[\s\S]*$/, '')
    .trim()
}

class Converter {
  private readonly converted = new Map<ast.YAMLNode, YamlNode>()
  /** Collections being converted: an alias to one of them is a cycle. */
  private readonly converting = new Set<ast.YAMLNode>()
  /** Size of a node's subtree with aliases expanded, for the alias-bomb guard. */
  private readonly sizes = new Map<YamlNode, number>()

  constructor(
    private readonly text: string,
    readonly limit: number,
  ) {}

  convert(node: ast.YAMLNode | null | undefined): YamlNode | null {
    if (node === null || node === undefined) return null
    const done = this.converted.get(node)
    if (done !== undefined) return done
    let result: YamlNode | null
    switch (node.kind) {
      case ast.Kind.SCALAR:
        result = this.scalar(node as ast.YAMLScalar)
        break
      case ast.Kind.MAP:
        this.converting.add(node)
        result = this.map(node as ast.YamlMap)
        this.converting.delete(node)
        break
      case ast.Kind.SEQ:
        this.converting.add(node)
        result = this.seq(node as ast.YAMLSequence)
        this.converting.delete(node)
        break
      case ast.Kind.ANCHOR_REF: {
        const reference = node as ast.YAMLAnchorReference
        if (reference.value === null || reference.value === undefined) {
          throw new UnknownAlias(reference.referencesAnchor, node.startPosition)
        }
        // yaml-ast-parser's reference starts after the `*`.
        if (this.converting.has(reference.value)) throw new CyclicAlias(reference.referencesAnchor, node.startPosition - 1)
        return this.convert(reference.value)
      }
      default:
        result = null
    }
    if (result !== null) {
      if (node.anchorId !== undefined) result.anchor = node.anchorId
      this.converted.set(node, result)
      if (this.size(result) > this.limit) throw new ExpansionLimit(node.startPosition)
    }
    return result
  }

  private size(node: YamlNode): number {
    let size = this.sizes.get(node)
    if (size !== undefined) return size
    size = 1
    if (node.kind === 'map') for (const pair of node.pairs) size += 1 + (pair.value === null ? 0 : this.size(pair.value))
    else if (node.kind === 'seq') for (const item of node.items) size += item === null ? 0 : this.size(item)
    this.sizes.set(node, size)
    return size
  }

  private scalar(node: ast.YAMLScalar): YamlScalar {
    let style: ScalarStyle = 'plain'
    if (node.doubleQuoted) style = 'double'
    else if (node.singleQuoted) style = 'single'
    else if (!node.plainScalar) {
      const first = this.text.charCodeAt(node.startPosition)
      style = first === 124 /* | */ ? 'literal' : first === 62 /* > */ ? 'folded' : 'plain'
    }
    return { kind: 'scalar', value: String(node.value ?? ''), style, start: node.startPosition, end: node.endPosition }
  }

  private map(node: ast.YamlMap): YamlMap {
    const pairs: YamlPair[] = []
    const merged: YamlPair[] = []
    // What yaml-ast-parser compares to find a repeated key (a scalar's text, an alias's target), checked after the
    // value is converted so that the first repeat found is the first one the loader would have stored.
    const seen = new Set<unknown>()
    for (const mapping of node.mappings ?? []) {
      const key = this.key(mapping)
      const value = this.convert(mapping.value)
      const rawKey = mapping.key as (ast.YAMLNode & { value?: unknown }) | null
      const identity = rawKey ? rawKey.value : null
      if (seen.has(identity)) throw new DuplicateKey(rawKey?.startPosition ?? mapping.startPosition)
      if (rawKey) seen.add(identity)
      if (key.value === '<<' && key.style === 'plain' && value !== null) {
        for (const source of value.kind === 'seq' ? value.items : [value]) {
          if (source?.kind === 'map') merged.push(...source.pairs)
        }
        continue
      }
      pairs.push({ key, value })
    }
    if (merged.length > 0) {
      const explicit = new Set(pairs.map((pair) => pair.key.value))
      const inherited = new Map<string, YamlPair>()
      for (const pair of merged) if (!explicit.has(pair.key.value) && !inherited.has(pair.key.value)) inherited.set(pair.key.value, pair)
      pairs.unshift(...inherited.values())
    }
    return { kind: 'map', pairs, start: node.startPosition, end: node.endPosition }
  }

  private key(mapping: ast.YAMLMapping): YamlScalar {
    const key = mapping.key as ast.YAMLNode | null
    if (key !== null && key !== undefined && key.kind === ast.Kind.SCALAR) return this.scalar(key as ast.YAMLScalar)
    const start = key?.startPosition ?? mapping.startPosition
    const end = key?.endPosition ?? start
    // A complex key (a map or a list used as a key) never names anything in a workflow: keep its text.
    return { kind: 'scalar', value: this.text.slice(start, end), style: 'plain', start, end }
  }

  private seq(node: ast.YAMLSequence): YamlSeq {
    return {
      kind: 'seq',
      items: (node.items ?? []).map((item) => this.convert(item)),
      start: node.startPosition,
      end: node.endPosition,
    }
  }
}
