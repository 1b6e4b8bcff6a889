/**
 * Serializes a set of quads in one of the graph formats: Turtle with our prefixes (N3.js writes
 * the readable form), JSON-LD compacted with our context (jsonld.js), everything else by Oxigraph. Used by the query workers for CONSTRUCT and
 * DESCRIBE results, and by the HTTP layer for the small descriptions it builds itself.
 *
 * Quads that do not come from Oxigraph (those descriptions: the catalogue, VoID, the service
 * description) are written term for term instead, by the dumps' writers: Oxigraph's store would
 * rewrite their typed literals to its canonical forms (`"1024"^^xsd:nonNegativeInteger` becomes
 * `xsd:integer`), so N-Triples, N-Quads, RDF/XML and TriG would say something else than Turtle and
 * JSON-LD — and the catalogue's `dcat:byteSize` would break DCAT-AP 3.0.1's range.
 */
import '../v8-flags.js'; // before oxigraph: see there
import * as oxigraph from 'oxigraph';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { toOxigraphQuad } from '../graph/store.js';
import { writeTurtle } from '../graph/turtle.js';
import { compactJsonLd } from '../graph/jsonld.js';
import { unionTriples, writeRdfXml } from '../graph/dumps.js';
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
  if (!quads.every((q) => q instanceof oxigraph.Quad)) return termForTerm(quads, format);
  const datasetFormat = format === 'trig' || format === 'nquads';
  const store = new oxigraph.Store();
  for (const q of quads) {
    const quad = q instanceof oxigraph.Quad ? q : toOxigraphQuad(q);
    store.add(datasetFormat ? quad : oxigraph.quad(quad.subject, quad.predicate, quad.object));
  }
  return datasetFormat ? store.dump({ format: target }) : store.dump({ format: target, from_graph_name: oxigraph.defaultGraph() });
}

/** `quads` written exactly as given (no literal rewritten), without duplicates. */
function termForTerm(quads: readonly Quad[], format: FormatId): string {
  if (format === 'rdfxml') return writeRdfXml(unionTriples(quads));
  const writer = new N3.Writer({ format: 'application/n-quads' });
  const lines = new Map<string, Quad>();
  for (const q of format === 'ntriples' ? unionTriples(quads) : quads) lines.set(writer.quadToString(q.subject, q.predicate, q.object, q.graph), q);
  if (format === 'trig') return writeTurtle([...lines.values()], true);
  return [...lines.keys()].join('');
}
