import type { SpecVersion } from './bom.js'
import type { BomDocument, LicenseRecord } from './bom-document.js'

/**
 * The BOM as CycloneDX XML, written by the CycloneDX library. The library (and its XML builder) is loaded here only:
 * JSON output never pays for it.
 */
export async function serializeXmlBom(document: BomDocument, specVersion: SpecVersion, serialNumber: string): Promise<string> {
  return (await libraryBom(document, specVersion, serialNumber)).xml()
}

/** The document as the CycloneDX library models it, serialised by the library's own serialisers. */
export interface LibraryBom {
  json(): string
  xml(): string
}

/**
 * The document as the CycloneDX library's model (json() is what json-bom.ts must match byte for byte). Subpath imports: the package root
 * also loads the library's validators, whose `__dirname`-relative schema paths break in an ESM bundle (we validate
 * with our own precompiled validators).
 */
export async function libraryBom(document: BomDocument, specVersion: SpecVersion, serialNumber: string): Promise<LibraryBom> {
  const [Enums, Models, Serialize, SPDX, Spec] = await Promise.all([
    import('@cyclonedx/cyclonedx-library/Enums'),
    import('@cyclonedx/cyclonedx-library/Models'),
    import('@cyclonedx/cyclonedx-library/Serialize'),
    import('@cyclonedx/cyclonedx-library/SPDX'),
    import('@cyclonedx/cyclonedx-library/Spec'),
  ])
  const spec = { '1.4': Spec.Spec1dot4, '1.5': Spec.Spec1dot5, '1.6': Spec.Spec1dot6, '1.7': Spec.Spec1dot7 }[specVersion]
  const license = (
    record: LicenseRecord,
  ): InstanceType<typeof Models.LicenseExpression | typeof Models.SpdxLicense | typeof Models.NamedLicense> =>
    'expression' in record
      ? new Models.LicenseExpression(record.expression)
      : 'id' in record && SPDX.isSupportedSpdxId(record.id)
        ? new Models.SpdxLicense(record.id)
        : new Models.NamedLicense('id' in record ? record.id : record.name)
  const bomRefs = new Map<string, InstanceType<typeof Models.BomRef>>()
  const components = document.components.map((record) => {
    const component = new Models.Component(Enums.ComponentType.Library, record.name, {
      bomRef: record.ref,
      purl: record.purl,
      ...(record.version !== '' ? { version: record.version } : {}),
      ...(record.group !== undefined ? { group: record.group } : {}),
      ...(record.scope === 'excluded'
        ? { scope: Enums.ComponentScope.Excluded }
        : record.scope === 'optional'
          ? { scope: Enums.ComponentScope.Optional }
          : {}),
    })
    // PackageHash['alg'] uses CycloneDX's own algorithm names, the values of Enums.HashAlgorithm.
    for (const hash of record.hashes) component.hashes.set(hash.alg as Parameters<typeof component.hashes.set>[0], hash.content)
    for (const choice of record.licenses) component.licenses.add(license(choice))
    for (const [name, value] of record.properties) component.properties.add(new Models.Property(name, value))
    bomRefs.set(record.ref, component.bomRef)
    return component
  })
  document.components.forEach((record, index) => {
    for (const dependency of record.dependencies) {
      const ref = bomRefs.get(dependency)
      if (ref !== undefined) components[index]!.dependencies.add(ref)
    }
  })
  const { root } = document
  const rootComponent = new Models.Component(Enums.ComponentType.Application, root.name, {
    bomRef: root.ref,
    ...(root.version !== undefined ? { version: root.version } : {}),
  })
  for (const dependency of root.dependencies) {
    const ref = bomRefs.get(dependency)
    if (ref !== undefined) rootComponent.dependencies.add(ref)
  }
  const tool = new Models.Component(Enums.ComponentType.Application, 'pipeguard', { version: document.toolVersion, group: 'pipeguard' })
  const bom = new Models.Bom({
    metadata: new Models.Metadata({
      component: rootComponent,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      ...(document.timestamp !== undefined ? { timestamp: document.timestamp } : {}),
    }),
    components: new Models.ComponentRepository(components),
    serialNumber,
  })
  return {
    json: () => new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(spec)).serialize(bom, { sortLists: false, space: 2 }),
    xml: () => new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(spec)).serialize(bom, { sortLists: false, space: 2 }),
  }
}
