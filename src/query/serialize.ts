/**
 * Serializes a set of quads in one of the graph formats: Turtle with our prefixes (N3.js writes
 * the readable form), JSON-LD compacted with our context (jsonld.js), everything else by Oxigraph. Used by the query workers for CONSTRUCT and
 * DESCRIBE results, and by the HTTP layer for the small descriptions it builds itself.
 */
import '../v8-flags.js'; // before oxigraph: see there
import * as oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import { toOxigraphQuad } from '../graph/store.js';
import { writeTurtle } from '../graph/turtle.js';
import { compactJsonLd } from '../graph/jsonld.js';
import type { FormatId } from './formats.js';

const OXIGRAPH_FORMAT: Partial<Record<FormatId, string>> = {
  ntriples: 'application/n-triples',
  rdfxml: 'application/rdf+xml',
  trig: 'application/trig',
  nquads: 'application/n-quads',
};

/** Turtle (or TriG when a quad sits in a named graph) with the prefixes the data uses. */
export function toTurtle(quads: readonly Quad[], trig = false): string {
  return writeTurtle(quads, trig);
}

/**
 * Serializes `quads` as `format` (a graph format id). Quads in named graphs keep their graph in
 * TriG and N-Quads; the triple formats give the triples. JSON-LD is compacted with segraph's
 * context, inlined, like every JSON-LD document we serve.
 */
export async function serializeGraph(quads: readonly Quad[], format: FormatId): Promise<string> {
  if (format === 'turtle') return toTurtle(quads);
  if (format === 'jsonld') return JSON.stringify(await compactJsonLd(quads, { graphs: 'union' }), null, 1);
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
