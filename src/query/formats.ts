/**
 * The result formats the endpoint can produce, by query form. One table serves content
 * negotiation (media types), the `format=` parameter (short names), and the engine (which
 * serializer to use).
 */
import type { QueryForm } from './sparql-form.js';

export type SolutionsFormatId = 'json' | 'xml' | 'csv' | 'tsv';
export type GraphFormatId = 'turtle' | 'ntriples' | 'jsonld' | 'rdfxml' | 'trig' | 'nquads';
export type FormatId = SolutionsFormatId | GraphFormatId;

export interface ResultFormat {
  readonly id: FormatId;
  /** Media types a client may ask for, the canonical one first. */
  readonly mediaTypes: readonly string[];
  /** Names accepted in the `format=` parameter (besides the media types). */
  readonly names: readonly string[];
  /** Whether `; charset=utf-8` is added to the Content-Type (text/* types only). */
  readonly charset: boolean;
  /** The W3C format IRI local name (http://www.w3.org/ns/formats/…), for service descriptions. */
  readonly w3cFormat: string;
}

/** SELECT and ASK results; SPARQL JSON is the default. */
export const SOLUTION_FORMATS: readonly ResultFormat[] = [
  { id: 'json', mediaTypes: ['application/sparql-results+json', 'application/json'], names: ['json', 'srj'], charset: false, w3cFormat: 'SPARQL_Results_JSON' },
  { id: 'xml', mediaTypes: ['application/sparql-results+xml', 'application/xml', 'text/xml'], names: ['xml', 'srx'], charset: false, w3cFormat: 'SPARQL_Results_XML' },
  { id: 'csv', mediaTypes: ['text/csv'], names: ['csv'], charset: true, w3cFormat: 'SPARQL_Results_CSV' },
  { id: 'tsv', mediaTypes: ['text/tab-separated-values'], names: ['tsv'], charset: true, w3cFormat: 'SPARQL_Results_TSV' },
];

/** CONSTRUCT and DESCRIBE results, and graphs; Turtle is the default. */
export const GRAPH_FORMATS: readonly ResultFormat[] = [
  // Turtle is N3 without N3's extensions, so it answers clients asking for N3 (SPARQLWrapper's
  // `format=n3`, `Accept: text/n3`) as well as the older Turtle media types.
  { id: 'turtle', mediaTypes: ['text/turtle', 'application/x-turtle', 'application/turtle', 'text/n3', 'text/rdf+n3', 'application/n3'], names: ['ttl', 'turtle', 'n3'], charset: true, w3cFormat: 'Turtle' },
  { id: 'ntriples', mediaTypes: ['application/n-triples', 'text/plain'], names: ['nt', 'ntriples', 'n-triples'], charset: false, w3cFormat: 'N-Triples' },
  { id: 'jsonld', mediaTypes: ['application/ld+json', 'application/json'], names: ['jsonld', 'json-ld', 'json'], charset: false, w3cFormat: 'JSON-LD' },
  { id: 'rdfxml', mediaTypes: ['application/rdf+xml', 'application/xml', 'text/xml'], names: ['rdf', 'rdfxml', 'rdf+xml', 'xml'], charset: false, w3cFormat: 'RDF_XML' },
  { id: 'trig', mediaTypes: ['application/trig'], names: ['trig'], charset: false, w3cFormat: 'TriG' },
  { id: 'nquads', mediaTypes: ['application/n-quads'], names: ['nq', 'nquads', 'n-quads'], charset: false, w3cFormat: 'N-Quads' },
];

/** The formats that apply to a query form (graph formats for CONSTRUCT/DESCRIBE). */
export function formatsFor(form: QueryForm): readonly ResultFormat[] {
  return form === 'construct' || form === 'describe' ? GRAPH_FORMATS : SOLUTION_FORMATS;
}

/** The Content-Type header for a format served as `mediaType`. */
export function contentTypeOf(format: ResultFormat, mediaType: string = format.mediaTypes[0]!): string {
  return format.charset ? `${mediaType}; charset=utf-8` : mediaType;
}

/** The format a `format=` value names among `formats` (short name or media type), if any. */
export function formatByName(formats: readonly ResultFormat[], name: string): ResultFormat | undefined {
  const key = name.trim().toLowerCase();
  return formats.find((f) => f.names.includes(key) || f.mediaTypes.includes(key));
}
