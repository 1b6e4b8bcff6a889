/**
 * What a store answers, as the embedded engine would have answered it (src/store/remote-engine.ts
 * asks, this reads): Virtuoso's SPARQL JSON as SPARQL 1.1 JSON, its N-Triples as quads, its error
 * bodies as one line, and every IRI and datatype of ours mapped back to the public names
 * (StoreLayout.fromStore).
 */
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { JsonResults, JsonTerm } from '../query/results.js';
import { XSD } from '../vocab/namespace.js';
import type { StoreLayout } from './layout.js';

/** "Virtuoso 37000 Error SP030: SPARQL compiler, …\n\nSPARQL query:\n…" → the first line, the query left out. */
export function storeMessage(body: string): string {
  const text = body.split(/\n\s*\nSPARQL query:/)[0]!.trim();
  return (text.split('\n')[0] ?? '').trim() || 'the store refused the query';
}

/** One term of Virtuoso's JSON as SPARQL 1.1 JSON has it, IRIs mapped back to the public names. */
function normaliseTerm(t: JsonTerm & { type: string }, layout: StoreLayout): JsonTerm {
  if (t.type === 'uri') return { type: 'uri', value: layout.fromStore(String(t.value)) };
  if (t.type === 'bnode') return { type: 'bnode', value: String(t.value).replace(/^nodeID:\/\//, '') };
  const lang = t['xml:lang'];
  if (lang) return { type: 'literal', value: String(t.value), 'xml:lang': lang };
  let value = String(t.value);
  const datatype = t.datatype;
  if (!datatype || datatype === XSD.string) return { type: 'literal', value };
  if (datatype === XSD.boolean) value = value === '1' ? 'true' : value === '0' ? 'false' : value;
  return { type: 'literal', value, datatype: layout.fromStore(datatype) };
}

/** Virtuoso's SPARQL JSON as SPARQL 1.1 JSON (Oxigraph's shape: head.vars, results.bindings or boolean). */
export function normaliseResults(raw: { head?: { vars?: string[]; link?: string[] }; results?: { bindings?: Array<Record<string, JsonTerm>> }; boolean?: boolean }, layout: StoreLayout): JsonResults {
  const link = raw.head?.link?.length ? { link: raw.head.link } : {};
  if (typeof raw.boolean === 'boolean') return { head: { ...link }, boolean: raw.boolean };
  const bindings = (raw.results?.bindings ?? []).map((row) => {
    const out: Record<string, JsonTerm> = {};
    for (const [name, term] of Object.entries(row)) out[name] = normaliseTerm(term, layout);
    return out;
  });
  return { head: { vars: raw.head?.vars ?? [], ...link }, results: { bindings } };
}

/** The store's N-Triples answer as quads of the default graph, IRIs and datatypes of ours mapped back. */
export function triplesFromStore(text: string, layout: StoreLayout): Quad[] {
  const { namedNode, literal, quad } = N3.DataFactory;
  const mapTerm = <T extends Term>(t: T): T => {
    if (t.termType === 'NamedNode') return namedNode(layout.fromStore(t.value)) as unknown as T;
    if (t.termType === 'Literal' && !t.language) {
      const datatype = layout.fromStore(t.datatype.value);
      if (datatype !== t.datatype.value) return literal(t.value, namedNode(datatype)) as unknown as T;
    }
    return t;
  };
  return new N3.Parser({ format: 'N-Triples' }).parse(text).map((q) => quad(mapTerm(q.subject), mapTerm(q.predicate), mapTerm(q.object)));
}
