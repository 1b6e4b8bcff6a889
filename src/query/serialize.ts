/**
 * Serializes a set of quads in one of the graph formats: Turtle with our prefixes (N3.js writes
 * the readable form), everything else by Oxigraph. Used by the query workers for CONSTRUCT and
 * DESCRIBE results, and by the HTTP layer for the small descriptions it builds itself.
 */
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import { PREFIXES } from '../graph/prefixes.js';
import { toOxigraphQuad } from '../graph/store.js';
import type { FormatId } from './formats.js';

const OXIGRAPH_FORMAT: Partial<Record<FormatId, string>> = {
  ntriples: 'application/n-triples',
  jsonld: 'application/ld+json',
  rdfxml: 'application/rdf+xml',
  trig: 'application/trig',
  nquads: 'application/n-quads',
};

/** Prefixes whose namespace some IRI in `quads` starts with. */
function usedPrefixes(quads: readonly Quad[], prefixes: Readonly<Record<string, string>>): Record<string, string> {
  const used: Record<string, string> = {};
  const entries = Object.entries(prefixes);
  for (const q of quads) {
    for (const term of [q.subject, q.predicate, q.object, q.graph]) {
      const iri = term.termType === 'NamedNode' ? term.value : term.termType === 'Literal' ? term.datatype.value : '';
      if (!iri) continue;
      for (const [prefix, ns] of entries) if (iri.startsWith(ns)) used[prefix] = ns;
    }
  }
  return used;
}

/** Turtle (or TriG when a quad sits in a named graph) with the prefixes the data uses. */
export function toTurtle(quads: readonly Quad[], prefixes: Readonly<Record<string, string>> = PREFIXES, trig = false): string {
  const writer = new N3.Writer({ format: trig ? 'application/trig' : 'text/turtle', prefixes: usedPrefixes(quads, prefixes) });
  // Grouped by graph and subject, so the writer can nest each subject's triples.
  const key = (q: Quad) => `${trig ? q.graph.value : ''} ${q.subject.termType} ${q.subject.value} ${q.predicate.value}`;
  const sorted = [...quads].map((q) => [key(q), q] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  writer.addQuads(sorted.map(([, q]) => (trig ? q : N3.DataFactory.quad(q.subject, q.predicate, q.object))) as N3.Quad[]);
  let out = '';
  writer.end((error, result) => {
    if (error) throw error;
    out = result;
  });
  return out;
}

/**
 * Serializes `quads` as `format` (a graph format id). Quads in named graphs keep their graph in
 * TriG and N-Quads; the triple formats give the triples.
 */
export function serializeGraph(quads: readonly Quad[], format: FormatId, prefixes?: Readonly<Record<string, string>>): string {
  if (format === 'turtle') return toTurtle(quads, prefixes);
  const target = OXIGRAPH_FORMAT[format];
  if (!target) throw new Error(`not a graph format: ${format}`);
  const datasetFormat = format === 'trig' || format === 'nquads';
  const store = new oxigraph.Store();
  for (const q of quads) {
    const quad = q instanceof oxigraph.Quad ? q : toOxigraphQuad(q);
    store.add(datasetFormat ? quad : oxigraph.quad(quad.subject, quad.predicate, quad.object));
  }
  return datasetFormat ? store.dump({ format: target }) : store.dump({ format: target, from_graph_name: oxigraph.defaultGraph() });
}
