/**
 * The prefixes segraph writes and reads (Turtle output, messages). Namespace IRIs come from
 * src/vocab so they are written once.
 */
import { GRAPH_BASE } from '../vocab/graphs.js';
import {
  ADMS, DCAT, DCATAP, DCT, EU_COUNTRY, FOAF, ID, NUTS_CODE, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SD, SG, SH, SKOS, SPDX, UN_SDG, VCARD,
  VOID, XSD,
} from '../vocab/namespace.js';

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

/**
 * The prefixes of the hand-written data files (docs/authoring.md, "IRIs"), in the order the files
 * declare them; a file written by `segraph import` declares those it uses, plus `:` for the hash
 * IRIs of the thing it describes.
 */
export const AUTHORING_PREFIXES: Readonly<Record<string, string>> = {
  sg: SG.iri,
  graph: GRAPH_BASE,
  practice: ID('practice/'),
  orgn: ID('organisation/'),
  place: ID('place/'),
  source: ID('source/'),
  initiative: ID('initiative/'),
  programme: ID('programme/'),
  fund: ID('fund/'),
  period: ID('period/'),
  event: ID('event/'),
  tg: ID('target-group/'),
  theme: ID('theme/'),
  status: ID('status/'),
  scope: ID('geographic-scope/'),
  ftype: ID('funding-type/'),
  okind: ID('organisation-kind/'),
  unit: ID('unit/'),
  vq: ID('value-qualifier/'),
  rkind: ID('result-kind/'),
  country: EU_COUNTRY.iri,
  nuts: NUTS_CODE.iri,
  sdg: UN_SDG.iri,
  rdf: RDF.iri,
  org: ORG.iri,
  skos: SKOS.iri,
  dct: DCT.iri,
  schema: SCHEMA.iri,
  foaf: FOAF.iri,
  prov: PROV.iri,
  rdfs: RDFS.iri,
  owl: OWL.iri,
  xsd: XSD.iri,
};

/** The IRI `DCT.abstract` → `dct:abstract`; unknown namespaces stay `<…>`. */
export function compactIri(iri: string): string {
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[\w-]+$/.test(iri.slice(ns.length))) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return `<${iri}>`;
}
