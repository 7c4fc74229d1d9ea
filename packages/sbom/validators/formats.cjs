// The string formats the CycloneDX schemas use, as the library's own validator registers them
// (@cyclonedx/cyclonedx-library _optPlug.node/__jsonValidators/ajv.js): ajv-formats, draft2019's idn-email,
// and iri-reference accepted as is. idn-email (an SMTP grammar run by nearley) loads on the first e-mail address
// a BOM holds: pipeguard's BOMs have none, and loading it costs more than validating a BOM of 1,500 components.
// CommonJS so that the lazy require() is one ncc still bundles into the action.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS module, and the lazy require() is its point */
'use strict'
const { fullFormats } = require('ajv-formats/dist/formats.js')

let idnEmail

module.exports = {
  ...fullFormats,
  'idn-email': (value) => (idnEmail ??= require('ajv-formats-draft2019/formats/idn-email.js'))(value),
  'iri-reference': true,
}
