/**
 * What the DCAT-AP catalogue reads from the data (src/http/catalog.ts): the countries and NUTS
 * regions of the practices (dct:spatial), the period their start dates span (dct:temporal), and
 * the date the dataset was first published (dct:issued, from data/sources/documents.trig).
 */
import N3 from 'n3';
import { selectValues, type Engine } from '../query/engine.js';
import { iri, literal as term, sparql } from '../query/sparql.js';
import { staticQuery } from '../query/static-query.js';
import { DCT, XSD } from '../vocab/namespace.js';

const { namedNode, literal } = N3.DataFactory;

/**
 * What the catalogue reads from the data: where the practices are, when they started, and when
 * the dataset was first published (its `dct:issued` in the data: data/sources/documents.trig).
 */
export interface CatalogFacts {
  readonly countries: readonly string[];
  readonly nuts: readonly string[];
  readonly start?: N3.Literal;
  readonly end?: N3.Literal;
  readonly issued?: N3.Literal;
}

/**
 * An xsd:dateTime in its canonical form (no trailing zeros in the seconds' fraction), which every
 * serializer keeps: Oxigraph, which writes all but Turtle, would otherwise rewrite ".190Z" as ".19Z".
 */
export const dateTime = (iso: string) => literal(iso.replace(/(\.\d*?)0+Z$/, '$1Z').replace(/\.Z$/, 'Z'), namedNode(XSD.dateTime));

/** The dates the practices give: xsd:gYear, gYearMonth or date, whose lexical forms sort in time order. */
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A period bound as an xsd:date (what DCAT-AP 2.1.1 and 3.0.1 both accept): the first day of a
 * year or month for a start, its last day for an end.
 */
function bound(date: string, end: boolean): N3.Literal {
  const [, y, m, d] = DATE.exec(date)!;
  const month = m ?? (end ? '12' : '01');
  const lastDay = new Date(Date.UTC(Number(y), Number(month), 0)).getUTCDate();
  return literal(`${y}-${month}-${d ?? (end ? String(lastDay).padStart(2, '0') : '01')}`, namedNode(XSD.date));
}

/** An xsd:date or xsd:dateTime lexical form, as the dataset's date of issue may be written. */
const ISSUED = /^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))?$/;

/**
 * Reads the countries, NUTS regions and start dates of the practices from the engine, and the
 * earliest `dct:issued` of the dataset `datasetIri` (the date it was first published).
 */
export async function catalogFacts(engine: Engine, baseIri: string, datasetIri: string): Promise<CatalogFacts> {
  const values = async (query: string) => (await selectValues(engine, query, baseIri)).map((r) => r['o']!);
  // The dataset's IRI comes from the configuration: compared as a string (a literal), so any IRI works.
  const issuedQuery = sparql`SELECT ?d WHERE { ?s ${iri(DCT.issued)} ?d FILTER(isIRI(?s) && STR(?s) = ${term(datasetIri)}) }`.toString();
  const [countries, nuts, dates, issuedValues] = await Promise.all([
    values(staticQuery('catalog-countries')), values(staticQuery('catalog-nuts-regions')), values(staticQuery('catalog-start-dates')),
    selectValues(engine, issuedQuery, baseIri).then((rows) => rows.map((r) => r['d']!)),
  ]);
  const sorted = dates.filter((d) => DATE.test(d)).sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const issued = issuedValues.filter((d) => ISSUED.test(d)).sort()[0];
  return {
    countries, nuts,
    ...(first && last ? { start: bound(first, false), end: bound(last, true) } : {}),
    ...(issued ? { issued: issued.includes('T') ? dateTime(issued) : literal(issued, namedNode(XSD.date)) } : {}),
  };
}
