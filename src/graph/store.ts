/**
 * Bridges N3.js quads and an Oxigraph store (the embedded SPARQL engine).
 */
import N3 from 'n3';
import '../v8-flags.js'; // before oxigraph: see there
import * as oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';

interface TermLike {
  readonly termType: string;
  readonly value: string;
  readonly language?: string;
  readonly datatype?: { readonly value: string };
}

const termKey = (t: TermLike) =>
  t.termType === 'Literal' ? `L|${t.value}|${t.language ?? ''}|${t.datatype?.value ?? ''}` : `${t.termType}|${t.value}`;

/** A string identifying a triple (graph ignored); works for N3.js and Oxigraph terms alike. */
export function tripleKey(s: TermLike, p: TermLike, o: TermLike): string {
  return `${termKey(s)} ${termKey(p)} ${termKey(o)}`;
}

/** Serializes quads as N-Quads, one statement per line. */
export function toNQuads(quads: Iterable<Quad>): string {
  const writer = new N3.Writer({ format: 'application/n-quads' });
  let out = '';
  for (const q of quads) out += writer.quadToString(q.subject, q.predicate, q.object, q.graph);
  return out;
}

/**
 * Creates an Oxigraph store holding `quads`.
 *
 * @example
 *   const store = storeOf(quads);
 *   store.query('ASK { ?s ?p ?o }', { use_default_graph_as_union: true }); // true
 */
export function storeOf(quads: Iterable<Quad>): oxigraph.Store {
  const store = new oxigraph.Store();
  store.load(toNQuads(quads), { format: 'application/n-quads' });
  return store;
}

/** Converts an Oxigraph term to an N3.js term. */
export function fromOxigraph(term: oxigraph.Term): N3.Term {
  const { namedNode, blankNode, literal, defaultGraph } = N3.DataFactory;
  switch (term.termType) {
    case 'NamedNode': return namedNode(term.value);
    case 'BlankNode': return blankNode(term.value);
    case 'Literal': return literal(term.value, term.language || namedNode(term.datatype.value));
    case 'DefaultGraph': return defaultGraph();
    default: throw new Error(`unsupported term type: ${term.termType}`);
  }
}

/** Converts an N3.js / RDF/JS term to an Oxigraph term. */
export function toOxigraph(term: { termType: string; value: string; language?: string; datatype?: { value: string } }): oxigraph.Term {
  switch (term.termType) {
    case 'NamedNode': return oxigraph.namedNode(term.value);
    case 'BlankNode': return oxigraph.blankNode(term.value);
    case 'Literal':
      return term.language ? oxigraph.literal(term.value, term.language) : oxigraph.literal(term.value, oxigraph.namedNode(term.datatype!.value));
    case 'DefaultGraph': return oxigraph.defaultGraph();
    default: throw new Error(`unsupported term type: ${term.termType}`);
  }
}

/** Converts an RDF/JS quad to an Oxigraph quad. */
export function toOxigraphQuad(q: Quad): oxigraph.Quad {
  return oxigraph.quad(
    toOxigraph(q.subject) as oxigraph.NamedNode,
    toOxigraph(q.predicate) as oxigraph.NamedNode,
    toOxigraph(q.object) as Parameters<typeof oxigraph.quad>[2],
    toOxigraph(q.graph) as oxigraph.NamedNode,
  );
}
