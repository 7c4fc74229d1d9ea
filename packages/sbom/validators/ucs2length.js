// ajv's ucs2length (a string's length in code points, for minLength / maxLength), which walks every character of
// every string it checks: a string without a high surrogate has as many code points as UTF-16 units, and one native
// regular-expression test says so. Other strings take ajv's own walk. The generated validators use this module.
import ajvUcs2length from 'ajv/dist/runtime/ucs2length.js'

const HIGH_SURROGATE = /[\uD800-\uDBFF]/

function ucs2length(text) {
  return HIGH_SURROGATE.test(text) ? ajvUcs2length.default(text) : text.length
}

export { ucs2length }
// The generated validators read `.default`, as they would from a CommonJS module.
ucs2length.default = ucs2length
export default ucs2length
