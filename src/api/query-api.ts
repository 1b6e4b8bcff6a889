/**
 * Runs named queries on the engine: validates and binds parameters, pages, counts, and turns
 * SPARQL JSON results into the API's plain JSON (friendly keys, labels beside IRIs) or JSON-LD.
 */
import { contextValue } from '../graph/jsonld.js';
import N3 from 'n3';
import sparqljs from 'sparqljs';
import type { Pattern, SelectQuery } from 'sparqljs';
import type { Engine } from '../query/engine.js';
import type { FormatId } from '../query/formats.js';
import { iri, sparql } from '../query/sparql.js';
import { staticQuery } from '../query/static-query.js';
import { RDF, SKOS, XSD } from '../vocab/namespace.js';
import { bindParameters, boundQuery, countQuery, toSparql, type AllowedValues, type Bindings } from './bind.js';
import type { ColumnSpec, NamedQuery, ParameterSpec } from './named-query.js';

const { namedNode } = N3.DataFactory;

export interface SparqlTerm { readonly type: 'uri' | 'literal' | 'bnode' | 'typed-literal'; readonly value: string; readonly 'xml:lang'?: string; readonly datatype?: string }
export type SparqlRow = Readonly<Record<string, SparqlTerm>>;
export interface SparqlJson { readonly head: { readonly vars: readonly string[] }; readonly results: { readonly bindings: readonly SparqlRow[] } }

/** An IRI with its label in the reader's language. */
export interface Labelled { readonly id: string; readonly label?: string }
export type PlainValue = Labelled | readonly Labelled[] | string | number | boolean;
export type PlainRow = Record<string, PlainValue>;

/** A query ready to run: its bindings and the SPARQL text that will run. */
export interface Prepared {
  readonly query: NamedQuery;
  readonly bindings: Bindings;
  readonly ast: SelectQuery;
  readonly sparql: string;
}

export class QueryFailed extends Error {}

const NUMERIC = new Set([
  XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger,
  XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedInt,
]);

const LABEL_QUERY = new sparqljs.Parser().parse(staticQuery('labels')) as SelectQuery;
/**
 * Label properties, best first, as queries/internal/labels.rq lists them: rdfs:label also holds
 * (by inference) every alternative label.
 */
const LABEL_PROPERTIES = (LABEL_QUERY.where ?? [])
  .flatMap((p) => (p.type === 'values' ? p.values.map((row) => row['?p']?.value) : []))
  .filter((iri): iri is string => iri !== undefined);

export class QueryApi {
  readonly byName: ReadonlyMap<string, NamedQuery>;
  private readonly allowedCache = new Map<string, Promise<Map<string, string>>>();

  constructor(private readonly engine: Engine, readonly queries: readonly NamedQuery[], private readonly baseIri: string) {
    this.byName = new Map(queries.map((q) => [q.name, q]));
  }

  /** The IRIs an iri parameter may take, with their English labels, from its class or scheme. */
  allowed(spec: ParameterSpec): Promise<Map<string, string>> {
    const key = `${this.engine.version} ${spec.class ?? ''} ${spec.scheme ?? ''}`;
    let found = this.allowedCache.get(key);
    if (!found) {
      const patterns = [
        ...(spec.class ? [sparql`?v ${iri(RDF.type)} ${iri(spec.class)} .`] : []),
        ...(spec.scheme ? [sparql`?v ${iri(SKOS.inScheme)} ${iri(spec.scheme)} .`] : []),
      ];
      const text = sparql`SELECT ?v (SAMPLE(?l) AS ?label) WHERE { ${patterns} OPTIONAL { ?v ${iri(SKOS.prefLabel)} ?l FILTER(LANGMATCHES(LANG(?l), "en")) } FILTER(isIRI(?v)) } GROUP BY ?v ORDER BY ?v`;
      found = this.selectJson(text.toString()).then((json) => new Map(json.results.bindings.map((r) => [r['v']!.value, r['label']?.value ?? r['v']!.value])));
      found.catch(() => this.allowedCache.delete(key));
      this.allowedCache.set(key, found);
    }
    return found;
  }

  /** Validates `input` against the query's parameters and binds them. Throws ParameterError. */
  async prepare(query: NamedQuery, input: Readonly<Record<string, string | readonly string[] | undefined>>, page?: { limit: number; offset: number }): Promise<Prepared> {
    const allowed = new Map<string, AllowedValues>();
    for (const spec of query.parameters) {
      if (spec.type === 'iri' && (input[spec.name] !== undefined || spec.default)) allowed.set(spec.name, await this.allowed(spec));
    }
    const bindings = bindParameters(query, input, (spec) => allowed.get(spec.name));
    const ast = boundQuery(query, bindings, page);
    return { query, bindings, ast, sparql: toSparql(ast) };
  }

  /** Runs the prepared query in a result format of the endpoint (json, csv, tsv, xml). */
  async run(prepared: Prepared, format: FormatId): Promise<{ body: string; rows: number; truncated: boolean }> {
    const outcome = await this.engine.execute({ query: prepared.sparql, form: 'select', baseIri: this.baseIri, format });
    if (!outcome.ok) throw new QueryFailed(`${prepared.query.name}: ${outcome.message}`);
    return outcome;
  }

  /** How many rows the query has without paging. */
  async total(prepared: Prepared): Promise<number> {
    const json = await this.selectJson(toSparql(countQuery(prepared.ast)));
    return Number(json.results.bindings[0]?.['total']?.value ?? 0);
  }

  /** Labels of `iris` in the first of `languages` that has one, then English, then any. */
  async labels(iris: Iterable<string>, languages: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(iris)];
    if (unique.length === 0) return new Map();
    const ast = structuredClone(LABEL_QUERY);
    ast.where = [{ type: 'values', values: unique.map((iri) => ({ '?s': namedNode(iri) as never })) }, ...(ast.where ?? [])] as Pattern[];
    return bestLabels(await this.selectJson(new sparqljs.Generator().stringify(ast)), languages);
  }

  /**
   * The labels of every subject `keep` accepts, chosen as `labels` chooses them: one pass over
   * all the labels of the graph — what a look-up of a few IRIs costs on a large graph, so a
   * caller that needs many labels (the facets: every practice and value) reads them this way once.
   */
  async allLabels(languages: readonly string[], keep: (iri: string) => boolean): Promise<Map<string, string>> {
    return bestLabels(await this.selectJson(staticQuery('labels'), true), languages, keep);
  }

  /** Plain JSON rows: IRIs as `{id, label}`, lists as arrays, numbers as numbers. */
  async plainRows(query: NamedQuery, json: SparqlJson, languages: readonly string[]): Promise<PlainRow[]> {
    const columns = new Map(query.columns.map((c) => [c.name, c]));
    const iris = new Set<string>();
    for (const row of json.results.bindings) {
      for (const [name, term] of Object.entries(row)) {
        if (term.type === 'uri') iris.add(term.value);
        else if (columns.get(name)?.type === 'iri-list') for (const iri of splitList(term.value)) iris.add(iri);
      }
    }
    const labels = await this.labels(iris, languages);
    const labelled = (id: string): Labelled => (labels.has(id) ? { id, label: labels.get(id)! } : { id });
    // A `fooLabel` column is replaced by the label of `foo` in the reader's language.
    const dropped = new Set(query.columns.filter((c) => c.name.endsWith('Label') && columns.get(c.name.slice(0, -'Label'.length))?.type === 'iri').map((c) => c.name));
    return json.results.bindings.map((row) => {
      const out: PlainRow = {};
      for (const c of query.columns) {
        if (dropped.has(c.name)) continue;
        const term = row[c.name];
        if (!term) {
          // An empty list is an empty array (engines leave a GROUP_CONCAT unbound when a value is).
          if (c.type === 'iri-list') out[c.name] = [];
          continue;
        }
        out[c.name] = plainValue(c, term, labelled);
      }
      return out;
    });
  }

  private async selectJson(query: string, complete = false): Promise<SparqlJson> {
    const outcome = await this.engine.execute({ query, form: 'select', baseIri: this.baseIri, format: 'json', ...(complete ? { complete } : {}) });
    if (!outcome.ok) throw new QueryFailed(outcome.message);
    return JSON.parse(outcome.body) as SparqlJson;
  }
}

/** Per subject, its best label: in the first of `languages` that has one, then English, then any; by property order within a language. */
function bestLabels(json: SparqlJson, languages: readonly string[], keep?: (iri: string) => boolean): Map<string, string> {
  const preference = [...languages.map((l) => l.toLowerCase()), 'en', ''];
  const rank = (lang: string) => {
    const l = lang.toLowerCase();
    const i = preference.findIndex((p) => p === l || (p !== '' && l.startsWith(`${p}-`)));
    return i < 0 ? preference.length : i;
  };
  const best = new Map<string, { label: string; rank: number }>();
  for (const row of json.results.bindings) {
    const s = row['s']!.value;
    if (keep && !keep(s)) continue;
    const label = row['label']!;
    const r = rank(label['xml:lang'] ?? '') * LABEL_PROPERTIES.length + LABEL_PROPERTIES.indexOf(row['p']!.value);
    const current = best.get(s);
    if (!current || r < current.rank || (r === current.rank && label.value < current.label)) best.set(s, { label: label.value, rank: r });
  }
  const out = new Map<string, string>();
  for (const [s, { label }] of best) out.set(s, label);
  return out;
}

const splitList = (value: string) => value.split(/\s+/).filter((v) => v !== '');

function plainValue(column: ColumnSpec, term: SparqlTerm, labelled: (iri: string) => Labelled): PlainValue {
  if (term.type === 'uri') return labelled(term.value);
  if (column.type === 'iri-list') return splitList(term.value).sort().map(labelled);
  if (term.datatype && NUMERIC.has(term.datatype)) return Number(term.value);
  if (term.datatype === XSD.boolean) return term.value === 'true';
  return term.value;
}

/**
 * The rows as JSON-LD: each row a node (its `@id` the subject column's IRI, if the query names
 * one), each column a property — the one the header names, else a term of the query's own
 * vocabulary `{queryUrl}#{column}`. Values keep their exact RDF terms. Our context is inlined, as
 * in every JSON-LD document we serve.
 */
export async function jsonLdRows(query: NamedQuery, json: SparqlJson, queryUrl: string): Promise<Record<string, unknown>> {
  const local: Record<string, unknown> = {};
  for (const c of query.columns) {
    if (c.name === query.subject) continue;
    local[c.name] = { '@id': c.property ?? `${queryUrl}#${c.name}`, ...(c.type === 'iri' || c.type === 'iri-list' ? { '@type': '@id' } : {}) };
  }
  const graph = json.results.bindings.map((row) => {
    const node: Record<string, unknown> = {};
    for (const c of query.columns) {
      const term = row[c.name];
      if (!term) continue;
      if (c.name === query.subject && term.type === 'uri') node['@id'] = term.value;
      else if (c.type === 'iri-list') node[c.name] = splitList(term.value).sort().map((iri) => ({ '@id': iri }));
      else if (term.type === 'uri') node[c.name] = { '@id': term.value };
      else if (term.type === 'bnode') node[c.name] = { '@id': `_:${term.value}` };
      else if (term['xml:lang']) node[c.name] = { '@value': term.value, '@language': term['xml:lang'] };
      else node[c.name] = { '@value': term.value, '@type': term.datatype ?? XSD.string };
    }
    return node;
  });
  // No top-level `@id`: with one, `@graph` would be a named graph called the question's URL,
  // the same for every parameter set and page, and a client loading two answers into a quad
  // store would merge them. The rows are the document's own (default graph) triples.
  return { '@context': [await contextValue(), local], '@graph': graph };
}
