// The string formats the CycloneDX schemas use, as the library's own validator registers them
// (@cyclonedx/cyclonedx-library _optPlug.node/__jsonValidators/ajv.js): ajv-formats, draft2019's idn-email,
// and iri-reference accepted as is. (Static imports only: ncc must bundle them into the action.)
import ajvFormats from 'ajv-formats/dist/formats.js'
import idnEmail from 'ajv-formats-draft2019/formats/idn-email.js'

export default { ...ajvFormats.fullFormats, 'idn-email': idnEmail, 'iri-reference': true }
