/** How a scalar was written in the source. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded'

interface NodeBase {
  /** Offsets into the file's text: the node's source is text.slice(start, end). */
  start: number
  end: number
  /** The anchor this node defines (`&name`), if any. */
  anchor?: string
}

export interface YamlScalar extends NodeBase {
  kind: 'scalar'
  /** The value as YAML reads it (escapes resolved, block scalars folded); never typed: `true` stays "true". */
  value: string
  style: ScalarStyle
}

export interface YamlPair {
  key: YamlScalar
  /** Null for `key:` with nothing after it. */
  value: YamlNode | null
}

export interface YamlMap extends NodeBase {
  kind: 'map'
  pairs: YamlPair[]
}

export interface YamlSeq extends NodeBase {
  kind: 'seq'
  items: (YamlNode | null)[]
}

/**
 * A YAML node with its source range. Aliases are resolved to the anchored node itself (shared, not copied), so
 * a finding inside aliased content points at the anchor's definition; merge keys (`<<: *x`) are merged.
 */
export type YamlNode = YamlScalar | YamlMap | YamlSeq

export function isScalar(node: YamlNode | null | undefined): node is YamlScalar {
  return node?.kind === 'scalar'
}

export function isMap(node: YamlNode | null | undefined): node is YamlMap {
  return node?.kind === 'map'
}

export function isSeq(node: YamlNode | null | undefined): node is YamlSeq {
  return node?.kind === 'seq'
}

/** The pair with this key in a map (the last one, as YAML loaders keep), or undefined. */
export function pairOf(map: YamlNode | null | undefined, key: string): YamlPair | undefined {
  if (!isMap(map)) return undefined
  for (let index = map.pairs.length - 1; index >= 0; index--) {
    const pair = map.pairs[index]!
    if (pair.key.value === key) return pair
  }
  return undefined
}

/** The value under a key of a map, or undefined when absent or when `map` is not a map. */
export function valueOf(map: YamlNode | null | undefined, key: string): YamlNode | null | undefined {
  return pairOf(map, key)?.value
}

/** The scalar under a key, when it is a scalar. */
export function scalarOf(map: YamlNode | null | undefined, key: string): YamlScalar | undefined {
  const value = valueOf(map, key)
  return isScalar(value) ? value : undefined
}

/** A scalar's string value under a key. */
export function stringOf(map: YamlNode | null | undefined, key: string): string | undefined {
  return scalarOf(map, key)?.value
}

/** Plain JavaScript value of a node (maps to objects, scalars to strings), bounded to avoid alias bombs. */
export function toPlain(node: YamlNode | null | undefined, budget = { nodes: 100_000 }): unknown {
  if (node === null || node === undefined) return null
  if (--budget.nodes < 0) throw new RangeError('node too large to convert')
  switch (node.kind) {
    case 'scalar':
      return node.value
    case 'seq':
      return node.items.map((item) => toPlain(item, budget))
    case 'map':
      return Object.fromEntries(node.pairs.map((pair) => [pair.key.value, toPlain(pair.value, budget)]))
  }
}
