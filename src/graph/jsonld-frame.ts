/**
 * Framed JSON-LD: one resource at the top with what it links to nested inside it, e.g. a practice
 * with its organisations, places, fundings (amounts, programmes, funds), results, target groups
 * and citation, as one readable object.
 *
 * Framed documents are the **union** of the graphs (JSON-LD framing works on the merged node
 * map): use `compactJsonLd` for graph-preserving output. Nothing is lost or added: every triple of
 * the input is in the output exactly as given (triples on nodes the resource does not reach, such
 * as an incoming link or the label of a class it is typed with, follow as further top-level nodes).
 */
import jsonld from 'jsonld';
import type { QuadLike, TermLike, JsonLdOutput } from './jsonld.js';
import { compactJsonLd, contextValue, expandedOf, SAFE } from './jsonld.js';
import { RDF } from '../vocab/namespace.js';

export interface FrameOptions {
  /**
   * How nodes reached more than once are written. `@always`: in full at every place (cycles
   * become references): readable, but the tree grows with the number of paths, so it is for a
   * bounded description of one resource. `@once`: in full at the first place, as a reference
   * elsewhere; linear in the input. `auto` (default): `@always` unless that tree would hold more
   * than ALWAYS_EMBED_LIMIT nodes, else `@once`.
   */
  readonly embed?: '@always' | '@once' | 'auto';
}

/** The most node objects an `auto` frame writes with `@always` before it falls back to `@once`. */
export const ALWAYS_EMBED_LIMIT = 5000;

const nodeKey = (t: TermLike) => `${t.termType}|${t.value}`;
const isNode = (t: TermLike) => t.termType === 'NamedNode' || t.termType === 'BlankNode';

/**
 * Subject → the nodes its triples point to, one entry per distinct triple. `rdf:type` is left
 * out: a frame writes types as `@type` values, never as embedded nodes.
 */
function linksOf(quads: readonly QuadLike[]): Map<string, string[]> {
  const seen = new Set<string>();
  const links = new Map<string, string[]>();
  for (const q of quads) {
    if (!isNode(q.object) || q.predicate.value === RDF.type) continue;
    const from = nodeKey(q.subject);
    const to = nodeKey(q.object);
    const triple = `${from} ${q.predicate.value} ${to}`;
    if (seen.has(triple)) continue;
    seen.add(triple);
    const list = links.get(from);
    if (list) list.push(to);
    else links.set(from, [to]);
  }
  return links;
}

/** The nodes reachable from `root` by following triples forwards (root included). */
function reachableFrom(links: Map<string, string[]>, root: string): Set<string> {
  const seen = new Set([root]);
  const queue = [root];
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    for (const next of links.get(key) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * How many node objects an `@always` frame of `root` writes: one per path from the root that
 * does not repeat a node (jsonld turns a repeat into a reference). Stops counting past `limit`.
 */
function alwaysTreeSize(links: Map<string, string[]>, root: string, limit: number): number {
  let count = 1;
  const onPath = new Set([root]);
  const stack = [{ key: root, next: 0 }];
  while (stack.length > 0 && count <= limit) {
    const top = stack[stack.length - 1]!;
    const targets = links.get(top.key) ?? [];
    if (top.next >= targets.length) {
      stack.pop();
      onPath.delete(top.key);
      continue;
    }
    const child = targets[top.next++]!;
    if (onPath.has(child)) continue;
    count += 1;
    onPath.add(child);
    stack.push({ key: child, next: 0 });
  }
  return count;
}

/** The node objects of a compacted or framed document (its `@graph`, or the document itself). */
function nodesOf(doc: JsonLdOutput): unknown[] {
  if (Array.isArray(doc['@graph'])) return doc['@graph'] as unknown[];
  const { '@context': _context, ...node } = doc;
  return Object.keys(node).length > 0 ? [node] : [];
}

/**
 * `quads` framed with `iri` at the top: the resource's node object with everything it reaches
 * nested (`@embed` as `options.embed`, default `auto`), blank node identifiers pruned where a
 * blank node is referenced once. Triples on nodes the resource does not reach follow as further
 * top-level nodes in `@graph`.
 *
 * @example
 *   const doc = await frameResource(quads, ID('organisation/kmop'));
 *   doc['@id'];   // 'id:organisation/kmop'
 */
export async function frameResource(quads: Iterable<QuadLike>, iri: string, options: FrameOptions = {}): Promise<JsonLdOutput> {
  const all = [...quads];
  const root = `NamedNode|${iri}`;
  const links = linksOf(all);
  const reached = reachableFrom(links, root);
  const inside = all.filter((q) => reached.has(nodeKey(q.subject)));
  const outside = all.filter((q) => !reached.has(nodeKey(q.subject)));
  const context = await contextValue();
  const compactOptions = { graphs: 'union' } as const;
  // Framing relabels blank nodes; one shared between the tree and the rest could not be joined
  // up again, so then the document is simply compacted, with the resource first.
  const blankNodes = (qs: readonly QuadLike[]) =>
    new Set(qs.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'BlankNode').map((t) => t.value));
  const insideBlank = blankNodes(inside);
  const shared = [...blankNodes(outside)].some((b) => insideBlank.has(b));
  if (shared) return resourceFirst(await compactJsonLd(all, compactOptions), iri, context);

  let embed = options.embed ?? 'auto';
  if (embed === 'auto') embed = alwaysTreeSize(links, root, ALWAYS_EMBED_LIMIT) <= ALWAYS_EMBED_LIMIT ? '@always' : '@once';
  const frame = { '@context': context, '@id': iri, '@embed': embed };
  // (@types/jsonld leaves documentLoader out of the frame options; jsonld takes it.)
  const framed = (await jsonld.frame(await expandedOf(inside, 'union'), frame as never, { ...SAFE } as never)) as unknown as JsonLdOutput;
  if (outside.length === 0) return framed;
  const rest = await compactJsonLd(outside, compactOptions);
  return { '@context': context, '@graph': [...nodesOf(framed), ...nodesOf(rest)] };
}

/** A compacted document with the node for `iri` moved to the front of its `@graph`. */
async function resourceFirst(doc: JsonLdOutput, iri: string, context: unknown): Promise<JsonLdOutput> {
  const nodes = nodesOf(doc);
  // Expansion keeps the order of `@graph`, and gives each node its full `@id`.
  const expanded = (await jsonld.expand({ '@context': context, '@graph': nodes } as never, { ...SAFE })) as Array<{ '@id'?: string }>;
  const index = expanded.findIndex((node) => node['@id'] === iri);
  if (index > 0) nodes.unshift(...nodes.splice(index, 1));
  return { '@context': context, '@graph': nodes };
}

/**
 * A practice as one readable object: its organisations (`implementedBy`, `partner`, ...), places,
 * fundings with their amounts, programmes and funds, results, target groups, themes and citation
 * nested in it. With the practice's description (the practice, its `#…` parts and the labels of
 * what they link to) each linked thing is written in full wherever it is linked (`@always`);
 * on a large graph `auto` falls back to `@once` (see `frameResource`).
 *
 * @example
 *   const doc = await framePractice(quads, ID('practice/doeners-be'));
 *   doc.implementedBy.prefLabel.en;   // 'Province of Flemish Brabant'
 */
export function framePractice(quads: Iterable<QuadLike>, practiceIri: string, options: FrameOptions = {}): Promise<JsonLdOutput> {
  return frameResource(quads, practiceIri, options);
}

/** `value` (expanded JSON-LD) with every blank node identifier `_:x` written `_:{prefix}x`. */
function blankNodesApart(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => blankNodesApart(v, prefix));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => {
    if (key === '@id' && typeof v === 'string' && v.startsWith('_:')) return [key, `_:${prefix}${v.slice(2)}`];
    return [key, key === '@value' ? v : blankNodesApart(v, prefix)];
  }));
}

/**
 * Several documents made with our context (each framed or compacted alone, as `/doc/…` serves
 * them) as one: their node objects in one `@graph`, in order, each with what it nests. A node in
 * several of them (a fund nested in two practices) is there several times, described alike, which
 * JSON-LD merges by `@id`; a top-level node written alike in several (a property's label) is kept once. Blank node labels belong to their document (framing labels each `_:b0`, `_:b1`
 * …), so when any document has one, each document's are renamed apart, in expanded form (where
 * every node reference is an `@id`), before they are compacted together.
 *
 * @example
 *   const doc = await documentsTogether([await framePractice(q1, a), await framePractice(q2, b)]);
 *   doc['@graph'].map((n) => n['@id']);   // ['id:practice/a', 'id:practice/b']
 */
export async function documentsTogether(docs: readonly JsonLdOutput[]): Promise<JsonLdOutput> {
  const context = await contextValue();
  if (!docs.some((doc) => JSON.stringify(doc).includes('"_:'))) return { '@context': context, '@graph': distinct(docs.flatMap(nodesOf)) };
  const expanded: unknown[] = [];
  for (const [i, doc] of docs.entries()) {
    expanded.push(...(blankNodesApart(await jsonld.expand(doc as never, { ...SAFE }), `d${i}-`) as unknown[]));
  }
  const together = (await jsonld.compact(expanded as never, context as never, { ...SAFE })) as JsonLdOutput;
  return { '@context': context, '@graph': distinct(nodesOf(together)) };
}

/** Node objects without repeats: the same node written alike in several documents (a property's label) once. */
function distinct(nodes: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return nodes.filter((node) => {
    const key = JSON.stringify(node);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
