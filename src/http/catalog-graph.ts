/**
 * What the catalogue (./catalog.ts) and the releases' descriptions (./catalog-releases.ts) share:
 * a graph that types each value with DCAT-AP 3's range class as it is added, and the licence,
 * themes, keywords, publisher and rights every dataset of ours carries.
 */
import N3 from 'n3';
import type { DumpFile } from '../graph/dumps.js';
import {
  DCAT, DCT, EU_ACCESS_RIGHT, EU_DATA_THEME, EU_FILE_TYPE, EU_LICENCE, FOAF, RDF, SPDX, VCARD,
} from '../vocab/namespace.js';

const { namedNode, literal, quad } = N3.DataFactory;
export type Node = N3.NamedNode | N3.BlankNode;
type Obj = Node | N3.Literal;

export const LICENCE = EU_LICENCE.CC_BY_4_0;
export const THEMES = [EU_DATA_THEME.SOCI, EU_DATA_THEME.ECON, EU_DATA_THEME.REGI];
export const FILE_TYPE: Record<DumpFile['format'], string> = {
  turtle: EU_FILE_TYPE.RDF_TURTLE, ntriples: EU_FILE_TYPE.RDF_N_TRIPLES, nquads: EU_FILE_TYPE.RDF_N_QUADS,
  trig: EU_FILE_TYPE.RDF_TRIG, jsonld: EU_FILE_TYPE.JSON_LD, rdfxml: EU_FILE_TYPE.RDF_XML,
};
export const DATASET_KEYWORDS = [
  'social economy', 'good practices', 'social enterprises', 'cooperatives', 'EU funding', 'European Social Fund',
  'cohesion policy', 'regional development', 'NUTS regions', 'Sustainable Development Goals', 'linked data',
];
export const SERVICE_KEYWORDS = ['SPARQL', 'linked data', 'social economy'];
export const PUBLISHER_NAME = 'segraph project';
/** Anyone may access the dataset, without registration (EU access-right table). */
export const ACCESS_RIGHTS = EU_ACCESS_RIGHT.PUBLIC;

/**
 * The rights statement every distribution points to with dct:rights (DCAT-AP 3: a
 * dct:RightsStatement, "information about rights held in and over the distribution"): what the
 * licence allows and the attribution it asks for. `home` is where the project lives.
 */
export const rightsStatement = (home: string) =>
  `Licensed under Creative Commons Attribution 4.0 International (CC BY 4.0): you may copy, redistribute and adapt the data for any purpose, including commercially, if you give appropriate credit — "segraph, the knowledge graph of the European social economy", with a link to ${home} — and indicate if you changed it. Every fact names the source document it comes from; cite it too where you reuse the fact.`;

/** DCAT-AP 3 range classes: the class a value of each property gets typed with. */
const RANGE: Readonly<Record<string, string>> = {
  [DCT.language]: DCT.LinguisticSystem, [DCT.license]: DCT.LicenseDocument, [DCT.spatial]: DCT.Location,
  [FOAF.homepage]: FOAF.Document, [DCAT.landingPage]: FOAF.Document, [DCT.accrualPeriodicity]: DCT.Frequency,
  [DCT.format]: DCT.MediaTypeOrExtent, [DCAT.mediaType]: DCT.MediaType, [DCAT.compressFormat]: DCT.MediaType,
  [DCAT.contactPoint]: VCARD.Kind, [DCT.conformsTo]: DCT.Standard, [DCT.publisher]: FOAF.Agent,
  [DCT.temporal]: DCT.PeriodOfTime, [SPDX.checksum]: SPDX.Checksum, [SPDX.algorithm]: SPDX.ChecksumAlgorithm,
  [DCT.accessRights]: DCT.RightsStatement, [DCT.rights]: DCT.RightsStatement,
};

export class Graph {
  readonly store = new N3.Store();
  add(s: Node, p: string, o: Obj | string): this {
    const object = typeof o === 'string' ? namedNode(o) : o;
    this.store.addQuad(quad(s, namedNode(p), object));
    const range = RANGE[p];
    if (range && object.termType !== 'Literal') this.store.addQuad(quad(object, namedNode(RDF.type), namedNode(range)));
    return this;
  }
  text(s: Node, p: string, ...texts: string[]): this {
    for (const t of texts) this.add(s, p, literal(t, 'en'));
    return this;
  }
  each(s: Node, p: string, objects: Iterable<string>): this {
    for (const o of objects) this.add(s, p, o);
    return this;
  }
}

