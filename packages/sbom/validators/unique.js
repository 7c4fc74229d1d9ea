// JSON Schema `uniqueItems` in O(n): the generated validators call this instead of ajv's pairwise check, which
// costs n²/2 deep comparisons (~0.8 s for a BOM of 1,500 components). Two JSON values are deep-equal exactly when
// their canonical serialisations (object keys sorted) are equal.
function canonicalOf(value) {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalOf).join(',')}]`
  return `{${Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalOf(value[key])}`)
    .join(',')}}`
}

function unique(items) {
  const seen = new Set()
  for (const item of items) {
    const key = canonicalOf(item)
    if (seen.has(key)) return false
    seen.add(key)
  }
  return true
}

// The generated validators read `.default`, as they would from a CommonJS module.
unique.default = unique
export default unique
