/**
 * Filling a query worker's store: the sources, each into its named graphs, and then the default
 * graph the queries see, which is the RDF merge of all of them — a set of triples.
 *
 * Why not Oxigraph's `use_default_graph_as_union`: in 0.5 that default graph is a bag
 * (oxigraph#1919, fixed for 0.6 by oxigraph#1920). A triple stated in two named graphs (two
 * sources saying the same thing, as the SECON report and its newsletter do) is matched once per
 * graph, so `SELECT (COUNT(*) AS ?n) { ?s ?p ?o }` counts it twice and
 * `SELECT * { ?s ?p ?o }` returns it twice, where SPARQL's default graph, the merge of the named
 * graphs, holds it once. So the merge is made once, at load: every named graph is added into the
 * store's own default graph, where a triple is stored once however many graphs hold it, and
 * queries run on that default graph. The named graphs are untouched (`GRAPH ?g` finds the triple
 * in each graph that states it), and a query's own dataset (`FROM`, `FROM NAMED`,
 * `default-graph-uri`, `named-graph-uri`) is used as it is (a default graph it makes of several
 * graphs is still Oxigraph's bag: see the README's known limits). It costs a second copy of every
 * distinct triple in the store (measured in docs/benchmarks.md, "Default graph").
 *
 * Used by the query workers (worker.ts) and by the benchmarks, so both hold the same dataset.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import '../v8-flags.js'; // before oxigraph: see there
import * as oxigraph from 'oxigraph';
import type { SourceSpec } from './protocol.js';
import { sparql } from './sparql.js';
import { staticQuery } from './static-query.js';

/** The file in 4 MiB pieces, so a large file is never held in memory whole beside the store. */
function* chunks(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Loads one source into `store`: into its named graph if it names one, else as the file says. */
export function loadSource(store: oxigraph.Store, source: SourceSpec): void {
  const options: Parameters<oxigraph.Store['load']>[1] = {
    format: source.format,
    base_iri: pathToFileURL(source.path).href,
    no_transaction: true,
    lenient: source.trusted === true,
  };
  if (source.graph) options.to_graph_name = oxigraph.namedNode(source.graph);
  store.load(chunks(source.path), options);
}

/**
 * Adds every named graph of `store` into its default graph (which keeps whatever was loaded into
 * it directly), so that the default graph is the set of all the triples of the dataset. One graph
 * at a time (SPARQL Update `ADD`): the engine then holds one graph's solutions at a time, not the
 * whole dataset's, on the way (its WebAssembly memory never shrinks again). Graphs named by a
 * blank node (possible in a loaded N-Quads or TriG file) cannot be named in `ADD`; they are
 * added together.
 */
export function mergeDefaultGraph(store: oxigraph.Store): void {
  const rows = store.query(staticQuery('named-graphs')) as Map<string, oxigraph.Term>[];
  const graphs = rows.map((row) => row.get('g')!);
  for (const graph of graphs) {
    if (graph.termType === 'NamedNode') store.update(sparql`ADD ${graph} TO DEFAULT`.toString());
  }
  if (graphs.some((graph) => graph.termType === 'BlankNode')) {
    store.update(staticQuery('merge-blank-graphs'));
  }
}
