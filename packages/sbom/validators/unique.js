// JSON Schema `uniqueItems` in O(n): the generated validators call this instead of ajv's pairwise check, which
// costs n²/2 deep comparisons (~0.8 s for a BOM of 1,500 components). Short lists are compared pair by pair. Longer
// ones are grouped by a cheap key that deep-equal items always share, and only items in the same group are compared
// by their canonical serialisation (object keys sorted), which is equal exactly when they are. The key of an object
// is the string value of one identity field (bom-ref, ref, purl, content, url, a property's value, name: deep-equal
// objects hold the same value there), so components, dependencies and the artifact-hash properties of a Python
// package fall into groups of one and are never serialised; other items are keyed by their keys and primitive values.
function canonicalOf(value) {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalOf).join(',')}]`
  return `{${Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalOf(value[key])}`)
    .join(',')}}`
}

function shallowKeyOf(value) {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.length}`
  let key = '{'
  for (const name of Object.keys(value).sort()) {
    const field = value[name]
    if (field === undefined) continue
    key += `${JSON.stringify(name)}:${typeof field === 'object' && field !== null ? (Array.isArray(field) ? `[${field.length}` : '{') : JSON.stringify(field)},`
  }
  return key
}

// JSON equality without allocating: for the short lists (hashes, properties, licenses of one component) that make
// up most calls, comparing every pair is cheaper than keys and maps.
function equal(a, b) {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const array = Array.isArray(a)
  if (array !== Array.isArray(b)) return false
  if (array) {
    if (a.length !== b.length) return false
    for (let index = 0; index < a.length; index++) if (!equal(a[index], b[index])) return false
    return true
  }
  let count = 0
  for (const key of Object.keys(a)) {
    if (a[key] === undefined) continue
    count++
    if (b[key] === undefined || !Object.hasOwn(b, key) || !equal(a[key], b[key])) return false
  }
  for (const key of Object.keys(b)) if (b[key] !== undefined) count--
  return count === 0
}

const SHORT = 8

const IDENTITY_FIELDS = ['bom-ref', 'ref', 'purl', 'content', 'url', 'value', 'name']

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)

function unique(items) {
  if (items.length < 2) return true
  if (items.length <= SHORT) {
    for (let index = 1; index < items.length; index++) {
      for (let other = 0; other < index; other++) if (equal(items[other], items[index])) return false
    }
    return true
  }
  // Strings (dependsOn, every list of refs) are equal exactly when they are ===.
  if (items.every((item) => typeof item === 'string')) return new Set(items).size === items.length
  const sample = items.find(isObject)
  const identity = sample === undefined ? undefined : IDENTITY_FIELDS.find((name) => typeof sample[name] === 'string')
  const first = new Map()
  // Only keys that more than one item shares: their items are compared in full.
  const shared = new Map()
  for (const item of items) {
    // A shallow key starts with one of `{ [ " - 0-9 n t f`, never with \u0001: the two kinds of key cannot meet.
    const key =
      identity !== undefined && isObject(item) && typeof item[identity] === 'string' ? `\u0001${item[identity]}` : shallowKeyOf(item)
    if (!first.has(key)) first.set(key, item)
    else if (shared.has(key)) shared.get(key).push(item)
    else shared.set(key, [first.get(key), item])
  }
  for (const group of shared.values()) {
    const seen = new Set()
    for (const item of group) {
      const canonical = canonicalOf(item)
      if (seen.has(canonical)) return false
      seen.add(canonical)
    }
  }
  return true
}

export { unique }
// The generated validators read `.default`, as they would from a CommonJS module.
unique.default = unique
export default unique
