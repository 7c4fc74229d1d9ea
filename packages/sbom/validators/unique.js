// JSON Schema `uniqueItems` in O(n): the generated validators call this instead of ajv's pairwise check, which
// costs n²/2 deep comparisons (~0.8 s for a BOM of 1,500 components). Items are first grouped by a cheap shallow
// key (an object's keys and primitive values); deep-equal items always share it, so only items in the same group
// are compared by their canonical serialisation (object keys sorted), which is equal exactly when they are.
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

function unique(items) {
  // Strings (dependsOn, every list of refs) are equal exactly when they are ===.
  if (items.every((item) => typeof item === 'string')) return new Set(items).size === items.length
  const groups = new Map()
  for (const item of items) {
    const key = shallowKeyOf(item)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [item])
    else group.push(item)
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue
    const seen = new Set()
    for (const item of group) {
      const canonical = canonicalOf(item)
      if (seen.has(canonical)) return false
      seen.add(canonical)
    }
  }
  return true
}

// The generated validators read `.default`, as they would from a CommonJS module.
unique.default = unique
export default unique
