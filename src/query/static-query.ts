/**
 * The server's own fixed SPARQL (facet dimensions, statistics, labels, the catalogue's facts …):
 * one `.rq` file each in `queries/internal/`, shipped with the package beside `queries/` and found
 * from this module (in `src/` or `dist/`, two levels below the package root), so it does not depend
 * on the data root a `serve` is given. Each is read once per process (or worker thread).
 * Queries with values in them are built with the `sparql` template (./sparql.ts).
 *
 * @example
 *   staticQuery('distinct-subjects') // 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }\n'
 */
import { readFileSync } from 'node:fs';
import { literal, sparql } from './sparql.js';

/** Where the files are, from `src/query/` or `dist/query/`. */
export const STATIC_QUERY_DIR = new URL('../../queries/internal/', import.meta.url);

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const read = new Map<string, string>();

/** The text of `queries/internal/{name}.rq`, read once. */
export function staticQuery(name: string): string {
  let text = read.get(name);
  if (text === undefined) {
    if (!NAME.test(name)) throw new Error(`not a static query name: ${name}`);
    text = readFileSync(new URL(`${name}.rq`, STATIC_QUERY_DIR), 'utf8');
    read.set(name, text);
  }
  return text;
}

/**
 * Links into outside datasets: triples whose object is an IRI in one of `namespaces` (counted
 * for the longest that matches), by predicate and namespace (`?p ?ns ?n`). Run by every engine
 * over its default graph, for VoID's linksets.
 */
export function linksetQuery(namespaces: readonly string[]): string {
  const longestFirst = [...namespaces].sort((a, b) => b.length - a.length);
  // IF(STRSTARTS(STR(?o), "ns1"), "ns1", IF(STRSTARTS(STR(?o), "ns2"), "ns2", … "")), longest first.
  const namespaceOf = longestFirst.reduceRight(
    (otherwise, ns) => sparql`IF(STRSTARTS(STR(?o), ${literal(ns)}), ${literal(ns)}, ${otherwise})`, sparql`""`);
  return sparql`SELECT ?p ?ns (COUNT(*) AS ?n) WHERE {
    ?s ?p ?o FILTER(isIRI(?o))
    BIND(${namespaceOf} AS ?ns)
    FILTER(?ns != "")
  } GROUP BY ?p ?ns`.toString();
}
