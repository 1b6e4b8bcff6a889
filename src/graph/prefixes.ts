/**
 * The prefixes segraph writes and reads (Turtle output, messages). Namespace IRIs come from
 * src/vocab so they are written once.
 */
import { GRAPH_BASE } from '../vocab/graphs.js';
import { ADMS, DCAT, DCATAP, DCT, FOAF, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SD, SG, SH, SKOS, SPDX, VCARD, VOID, XSD } from '../vocab/namespace.js';

export const PREFIXES: Readonly<Record<string, string>> = {
  sg: SG.iri,
  rdf: RDF.iri,
  rdfs: RDFS.iri,
  owl: OWL.iri,
  xsd: XSD.iri,
  skos: SKOS.iri,
  dct: DCT.iri,
  schema: SCHEMA.iri,
  org: ORG.iri,
  prov: PROV.iri,
  sh: SH.iri,
  foaf: FOAF.iri,
  sd: SD.iri,
  void: VOID.iri,
  dcat: DCAT.iri,
  dcatap: DCATAP.iri,
  adms: ADMS.iri,
  spdx: SPDX.iri,
  vcard: VCARD.iri,
  graph: GRAPH_BASE,
};

/** The IRI `DCT.abstract` → `dct:abstract`; unknown namespaces stay `<…>`. */
export function compactIri(iri: string): string {
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[\w-]+$/.test(iri.slice(ns.length))) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return `<${iri}>`;
}
