/**
 * Readable Turtle and TriG: our prefixes (only those the data uses), each subject's triples
 * grouped under it. Used for dumps and for every Turtle answer of the server.
 */
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { PREFIXES } from './prefixes.js';

/** Prefixes whose namespace some IRI in `quads` starts with (so the header lists only those used). */
function usedPrefixes(quads: readonly Quad[], prefixes: Readonly<Record<string, string>>): Record<string, string> {
  const used: Record<string, string> = {};
  const entries = Object.entries(prefixes);
  const seen = new Set<string>();
  for (const q of quads) {
    for (const term of [q.subject, q.predicate, q.object, q.graph]) {
      const iri = term.termType === 'NamedNode' ? term.value : term.termType === 'Literal' ? term.datatype.value : '';
      if (!iri || seen.has(iri)) continue;
      seen.add(iri);
      for (const [prefix, ns] of entries) if (iri.startsWith(ns)) used[prefix] = ns;
    }
  }
  return used;
}

/**
 * Turtle (or TriG, keeping the graphs) with our prefixes (or `prefixes`, e.g. the data files'
 * AUTHORING_PREFIXES), grouped by graph and subject so the writer nests each subject's triples
 * (sorted, or in the order given). The same quads always give the same text.
 */
export function writeTurtle(
  quads: readonly Quad[],
  trig: boolean,
  prefixes: Readonly<Record<string, string>> = PREFIXES,
  /** `given`: keep the caller's order (it groups each graph's and subject's triples itself). */
  order: 'sorted' | 'given' = 'sorted',
): string {
  const used = usedPrefixes(quads, prefixes);
  // Given prefixes: the header in their order, whatever order the IRIs came in.
  const ordered = prefixes === PREFIXES ? used : Object.fromEntries(Object.keys(prefixes).filter((p) => p in used).map((p) => [p, used[p]!]));
  const writer = new N3.Writer({ format: trig ? 'application/trig' : 'text/turtle', prefixes: ordered });
  const key = (q: Quad) => `${trig ? q.graph.value : ''}\u0000${q.subject.termType} ${q.subject.value}\u0000${q.predicate.value}`;
  const sorted = order === 'given' ? quads.map((q) => [key(q), q] as const) : quads.map((q) => [key(q), q] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  writer.addQuads(sorted.map(([, q]) => (trig ? q : N3.DataFactory.quad(q.subject, q.predicate, q.object))) as N3.Quad[]);
  let out = '';
  writer.end((error, result) => {
    if (error) throw error;
    out = result;
  });
  return out;
}

