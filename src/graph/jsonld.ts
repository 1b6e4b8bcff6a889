/**
 * JSON-LD with segraph's context (`ontology/context.jsonld`, also served at CONTEXT_IRI):
 * RDF/JS quads (N3.js or Oxigraph terms) → compacted JSON-LD, and JSON-LD → quads.
 *
 * Every document we write carries the context inline, not by reference: a client expands it
 * without fetching anything, whichever deployment it talks to (local, staging, or behind the
 * permanent base, which may not resolve yet) and even offline. A context IRI on another host
 * made rdflib, and any JSON-LD processor that may not reach it, read no triples at all. The
 * cost is about 11 kB per answer before compression (~2 kB gzipped).
 *
 * The jsonld library never touches the network here: every call passes `documentLoader`, which
 * serves our own context from memory and refuses every other URL (a document whose context points
 * elsewhere fails instead of being fetched).
 *
 * Lossless by construction: literals keep their lexical form and datatype (no native JSON
 * numbers, so `"49000.00"^^xsd:decimal` stays that), language tags are kept (jsonld lowercases
 * them, which RDF 1.1 allows; our data is lowercase already), and compaction only picks terms
 * whose coercion matches the value, falling back to `prefix:name` keys and explicit value objects.
 * Framing is in ./jsonld-frame.ts.
 */
import { readFile } from 'node:fs/promises';
import jsonld from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import type { RemoteDocument } from 'jsonld/jsonld-spec.js';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { CONTEXT_IRI } from '../vocab/namespace.js';

/** A term as N3.js, Oxigraph or any RDF/JS library gives it (only what JSON-LD needs). */
export interface TermLike {
  readonly termType: string;
  readonly value: string;
  readonly language?: string;
  readonly datatype?: { readonly value: string };
}

/** A quad of N3.js, Oxigraph or any RDF/JS library. */
export interface QuadLike {
  readonly subject: TermLike;
  readonly predicate: TermLike;
  readonly object: TermLike;
  readonly graph: TermLike;
}

/** A JSON-LD document (compacted or framed) as segraph produces it. */
export type JsonLdOutput = Record<string, unknown>;

export interface CompactOptions {
  /**
   * `named` (default): the named graphs are kept, each as `{"@id": graph, "@graph": [...]}`
   * beside the default graph's nodes. `union`: every triple in one graph (graph names dropped,
   * duplicates merged), as the query endpoint's default graph presents them.
   */
  readonly graphs?: 'named' | 'union';
}

/** Raised by `documentLoader` for any URL but our own context's. */
export class RemoteDocumentRefused extends Error {
  constructor(readonly url: string) {
    super(`refusing to load <${url}>: segraph's JSON-LD processing never fetches remote documents (only <${CONTEXT_IRI}> is served, from memory)`);
    this.name = 'RemoteDocumentRefused';
  }
}

const CONTEXT_FILE = new URL('../../ontology/context.jsonld', import.meta.url);
let context: Promise<{ '@context': Record<string, unknown> }> | undefined;

/** The context document (`{"@context": {...}}`) as published, read once per process. */
export function contextDocument(): Promise<{ '@context': Record<string, unknown> }> {
  context ??= readFile(CONTEXT_FILE, 'utf8').then((text) => JSON.parse(text) as { '@context': Record<string, unknown> });
  return context;
}

/**
 * The only document loader segraph gives jsonld: our context from memory, nothing else.
 *
 * @example
 *   await jsonld.expand(doc, { documentLoader });   // a foreign "@context" URL rejects
 */
export async function documentLoader(url: string): Promise<RemoteDocument> {
  if (url !== CONTEXT_IRI) throw new RemoteDocumentRefused(url);
  return { documentUrl: url, document: structuredClone(await contextDocument()) as RemoteDocument['document'] };
}

/** Options every jsonld call gets: our loader and nothing that could reach the network. */
export const SAFE = { documentLoader } as const;

// jsonld's own dataset format is RDF/JS-shaped, except that blank node values carry their `_:`.
interface JsonLdTerm { termType: string; value: string; datatype?: { termType: 'NamedNode'; value: string }; language?: string }
interface JsonLdQuad { subject: JsonLdTerm; predicate: JsonLdTerm; object: JsonLdTerm; graph: JsonLdTerm }

const DEFAULT_GRAPH: JsonLdTerm = { termType: 'DefaultGraph', value: '' };

function toJsonLdTerm(term: TermLike): JsonLdTerm {
  switch (term.termType) {
    case 'BlankNode': return { termType: 'BlankNode', value: `_:${term.value}` };
    case 'Literal': {
      const out: JsonLdTerm = { termType: 'Literal', value: term.value, datatype: { termType: 'NamedNode', value: term.datatype?.value ?? '' } };
      if (term.language) out.language = term.language;
      return out;
    }
    case 'DefaultGraph': return DEFAULT_GRAPH;
    default: return { termType: term.termType, value: term.value };
  }
}

const keyOf = (t: JsonLdTerm) => `${t.termType}|${t.value}|${t.language ?? ''}|${t.datatype?.value ?? ''}`;

/** `quads` as jsonld's dataset, without duplicates; with `union`, all in the default graph. */
export function toJsonLdDataset(quads: Iterable<QuadLike>, graphs: 'named' | 'union' = 'named'): JsonLdQuad[] {
  const seen = new Set<string>();
  const out: JsonLdQuad[] = [];
  for (const q of quads) {
    const quad = {
      subject: toJsonLdTerm(q.subject), predicate: toJsonLdTerm(q.predicate), object: toJsonLdTerm(q.object),
      graph: graphs === 'union' ? DEFAULT_GRAPH : toJsonLdTerm(q.graph),
    };
    const key = `${keyOf(quad.subject)} ${keyOf(quad.predicate)} ${keyOf(quad.object)} ${keyOf(quad.graph)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(quad);
    }
  }
  return out;
}

/** Expanded JSON-LD of `quads` (jsonld.fromRDF; literals keep their lexical form and datatype). */
export async function expandedOf(quads: Iterable<QuadLike>, graphs: 'named' | 'union' = 'named'): Promise<JsonLdDocument> {
  return jsonld.fromRDF(toJsonLdDataset(quads, graphs), { useNativeTypes: false, useRdfType: false });
}

/** The `@context` value every document gets: the context object itself (see the module comment). */
export async function contextValue(): Promise<Record<string, unknown>> {
  return structuredClone((await contextDocument())['@context']);
}

/**
 * `quads` as JSON-LD compacted with segraph's context, inlined.
 *
 * @example
 *   const doc = await compactJsonLd(quads);
 *   // { "@context": { "id": "https://w3id.org/segraph/id/", ... },
 *   //   "@graph": [{ "@id": "graph:secon-report", "@graph": [{ "@id": "id:practice/doeners-be",
 *   //     "@type": "Practice", "prefLabel": { "en": "Doeners.be" }, ... }] }, ...] }
 */
export async function compactJsonLd(quads: Iterable<QuadLike>, options: CompactOptions = {}): Promise<JsonLdOutput> {
  const expanded = await expandedOf(quads, options.graphs ?? 'named');
  const ctx = await contextValue();
  return (await jsonld.compact(expanded, ctx as never, { ...SAFE })) as JsonLdOutput;
}

const { namedNode, blankNode, literal, defaultGraph, quad: makeQuad } = N3.DataFactory;

function fromJsonLdTerm(term: JsonLdTerm) {
  switch (term.termType) {
    case 'BlankNode': return blankNode(term.value.replace(/^_:/, ''));
    case 'Literal': return literal(term.value, term.language ? term.language : namedNode(term.datatype?.value ?? ''));
    case 'DefaultGraph': return defaultGraph();
    default: return namedNode(term.value);
  }
}

/**
 * The RDF of a JSON-LD document, as N3.js quads (jsonld.toRDF with the safe loader: the document
 * may use our context by IRI, and fails if it names any other remote context).
 */
export async function jsonLdToQuads(doc: JsonLdDocument): Promise<Quad[]> {
  const dataset = (await jsonld.toRDF(doc, { ...SAFE })) as unknown as JsonLdQuad[];
  return dataset.map((q) => makeQuad(
    fromJsonLdTerm(q.subject) as Quad['subject'], fromJsonLdTerm(q.predicate) as Quad['predicate'],
    fromJsonLdTerm(q.object) as Quad['object'], fromJsonLdTerm(q.graph) as Quad['graph'],
  ));
}
