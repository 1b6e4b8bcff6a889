/**
 * For the interoperability tests (test/interop/): comparing what a client we did not write read
 * from the server with what the server should have said, without any code of the server's.
 *
 * - `parseNTriples` is a strict reader of N-Triples lines, written here from the W3C grammar, so
 *   the "expected" side of a comparison is the server's N-Triples answer read independently (not
 *   by N3.js, which the server itself uses).
 * - Every term of every client (rdflib.js, Comunica, jsonld.js, all RDF/JS-shaped) becomes a
 *   `PlainTerm`; a graph is compared as the sorted lines of its RDFC-1.0 (URDNA2015) canonical
 *   N-Quads, so blank nodes are compared by structure, not by label. Language tags are compared
 *   lower-cased (RDF 1.1: their value space is lower case, and jsonld.js lower-cases them).
 * - `originGuard` gives a client a `fetch` or JSON-LD document loader that refuses every origin
 *   but the server's and records what it refused, so a test can assert nothing left our origin.
 */
import jsonld from 'jsonld';
import { expect } from 'vitest';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** An RDF term as any RDF/JS library (or jsonld.js's dataset) gives it. */
export interface TermLike {
  readonly termType: string;
  readonly value: string;
  readonly language?: string;
  /** An RDF/JS NamedNode, or (a PlainTerm's) the IRI itself. */
  readonly datatype?: { readonly value: string } | string;
}

export interface TripleLike {
  readonly subject: TermLike;
  readonly predicate: TermLike;
  readonly object: TermLike;
}

export interface PlainTerm {
  readonly termType: 'NamedNode' | 'BlankNode' | 'Literal';
  readonly value: string;
  readonly language?: string;
  readonly datatype?: string;
}

export interface PlainTriple {
  readonly subject: PlainTerm;
  readonly predicate: PlainTerm;
  readonly object: PlainTerm;
}

/** A term of any client, normalised: blank node labels without `_:`, strings as xsd:string, tags lower case. */
export function plainTerm(term: TermLike): PlainTerm {
  switch (term.termType) {
    case 'NamedNode':
      return { termType: 'NamedNode', value: term.value };
    case 'BlankNode':
      return { termType: 'BlankNode', value: term.value.replace(/^_:/, '') };
    case 'Literal': {
      if (term.language) return { termType: 'Literal', value: term.value, language: term.language.toLowerCase(), datatype: RDF_LANG_STRING };
      const datatype = typeof term.datatype === 'string' ? term.datatype : term.datatype?.value;
      return { termType: 'Literal', value: term.value, datatype: datatype || XSD_STRING };
    }
    default:
      throw new Error(`not an RDF term of a triple: ${term.termType} ${JSON.stringify(term.value)}`);
  }
}

export const plainTriple = (t: TripleLike): PlainTriple => ({
  subject: plainTerm(t.subject), predicate: plainTerm(t.predicate), object: plainTerm(t.object),
});

/** N-Triples form of a term (escaping as canonical N-Triples does). */
export function ntriplesTerm(term: PlainTerm): string {
  switch (term.termType) {
    case 'NamedNode': return `<${term.value}>`;
    case 'BlankNode': return `_:${term.value}`;
    case 'Literal': {
      const lexical = `"${term.value.replace(/[\\"\n\r]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r' })[c]!)}"`;
      if (term.language) return `${lexical}@${term.language}`;
      return term.datatype && term.datatype !== XSD_STRING ? `${lexical}^^<${term.datatype}>` : lexical;
    }
  }
}

export const ntriplesLine = (t: PlainTriple): string =>
  `${ntriplesTerm(t.subject)} ${ntriplesTerm(t.predicate)} ${ntriplesTerm(t.object)} .`;

// ---------------------------------------------------------------------------------------------
// A strict N-Triples reader (https://www.w3.org/TR/n-triples/#n-triples-grammar).

const IRIREF = String.raw`<([^\x00-\x20<>"{}|^\x60\\]*)>`;
const BLANK = String.raw`_:([A-Za-z0-9_\u00C0-\uFFFF](?:[A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]*[A-Za-z0-9_\-\u00B7\u00C0-\uFFFF])?)`;
const STRING = String.raw`"((?:[^"\\\n\r]|\\[tbnrf"'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*)"`;
const LITERAL = `${STRING}(?:\\^\\^${IRIREF}|@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*))?`;
const TRIPLE = new RegExp(
  String.raw`^[ \t]*(?:${IRIREF}|${BLANK})[ \t]*${IRIREF}[ \t]*(?:${IRIREF}|${BLANK}|${LITERAL})[ \t]*\.[ \t]*(?:#.*)?$`,
  'u',
);
const ESCAPES: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

function unescapeString(s: string): string {
  return s.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (_m, u4: string, u8: string, c: string) =>
    u4 ? String.fromCharCode(parseInt(u4, 16)) : u8 ? String.fromCodePoint(parseInt(u8, 16)) : ESCAPES[c]!);
}

const unescapeIri = (s: string): string => unescapeString(s);

/** The triples of an N-Triples document; throws on any line that is not N-Triples (with its number). */
export function parseNTriples(text: string): PlainTriple[] {
  const out: PlainTriple[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^[ \t]*(#.*)?$/.test(line)) return;
    const m = TRIPLE.exec(line);
    if (!m) throw new Error(`line ${index + 1} is not N-Triples: ${line.slice(0, 200)}`);
    const [, sIri, sBlank, pIri, oIri, oBlank, oString, oDatatype, oLanguage] = m;
    const subject: PlainTerm = sIri !== undefined ? { termType: 'NamedNode', value: unescapeIri(sIri) } : { termType: 'BlankNode', value: sBlank! };
    const object: PlainTerm = oIri !== undefined
      ? { termType: 'NamedNode', value: unescapeIri(oIri) }
      : oBlank !== undefined
        ? { termType: 'BlankNode', value: oBlank }
        : plainTerm({ termType: 'Literal', value: unescapeString(oString!), ...(oLanguage ? { language: oLanguage } : {}), ...(oDatatype ? { datatype: { value: unescapeIri(oDatatype) } } : {}) });
    out.push({ subject, predicate: { termType: 'NamedNode', value: unescapeIri(pIri!) }, object });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Graph comparison.

/** jsonld.js's RDFC-1.0 (URDNA2015) canonicalisation of N-Quads text, as canonical N-Quads. */
const canonizeNQuads = (nquads: string): Promise<string> =>
  jsonld.canonize(nquads as never, { inputFormat: 'application/n-quads', algorithm: 'URDNA2015', format: 'application/n-quads' } as never) as unknown as Promise<string>;

/**
 * The graph as sorted, distinct lines of its canonical N-Quads (RDFC-1.0 / URDNA2015, by
 * jsonld.js's rdf-canonize): two graphs are isomorphic exactly when their lines are equal.
 */
export async function canonicalLines(triples: Iterable<TripleLike | PlainTriple>): Promise<string[]> {
  const lines: string[] = [];
  for (const t of triples) lines.push(ntriplesLine(plainTriple(t)));
  const hasBlank = lines.some((l) => l.startsWith('_:') || / _:\S+ \.$/.test(l));
  const canonical = hasBlank
    ? (await canonizeNQuads(`${lines.join('\n')}\n`)).split('\n')
    : lines;
  return [...new Set(canonical.filter((l) => l !== ''))].sort();
}

export interface GraphDiff {
  /** Lines the client should have read and did not (at most `limit`). */
  readonly missing: string[];
  /** Lines the client read that the server did not say (at most `limit`). */
  readonly extra: string[];
  readonly counts: { readonly actual: number; readonly expected: number };
}

/** What differs between two canonical graphs: `{missing: [], extra: []}` when they are the same. */
export async function graphDiff(
  actual: Iterable<TripleLike | PlainTriple>, expected: Iterable<TripleLike | PlainTriple>, limit = 20,
): Promise<GraphDiff> {
  const [a, e] = await Promise.all([canonicalLines(actual), canonicalLines(expected)]);
  const inA = new Set(a);
  const inE = new Set(e);
  return {
    missing: e.filter((l) => !inA.has(l)).slice(0, limit),
    extra: a.filter((l) => !inE.has(l)).slice(0, limit),
    counts: { actual: a.length, expected: e.length },
  };
}

/** The N-Triples keys of a set of terms (for bindings and values). */
export const termKey = (term: TermLike): string => ntriplesTerm(plainTerm(term));

// ---------------------------------------------------------------------------------------------
// SPARQL JSON results, read here (not by our parsers).

export interface SparqlJsonTerm {
  readonly type: 'uri' | 'literal' | 'typed-literal' | 'bnode';
  readonly value: string;
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

export function sparqlJsonTerm(t: SparqlJsonTerm): PlainTerm {
  switch (t.type) {
    case 'uri': return { termType: 'NamedNode', value: t.value };
    case 'bnode': return { termType: 'BlankNode', value: t.value };
    default: return plainTerm({ termType: 'Literal', value: t.value, ...(t['xml:lang'] ? { language: t['xml:lang'] } : {}), ...(t.datatype ? { datatype: { value: t.datatype } } : {}) });
  }
}

/** A solution as one string (variables sorted, unbound left out), so solutions compare as a multiset. */
export function solutionKey(entries: Iterable<readonly [string, PlainTerm]>): string {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([v, t]) => `?${v}=${ntriplesTerm(t)}`).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Keeping clients on our origin.

export interface OriginGuard {
  /** A fetch that refuses (throws) for any URL off `origin`. */
  readonly fetch: typeof fetch;
  /** A jsonld.js document loader that loads only URLs on `origin`, as JSON-LD. */
  readonly documentLoader: (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  /** Every URL off our origin that a client tried to load, in order. */
  readonly refused: string[];
  /** Every URL on our origin that was loaded, in order. */
  readonly loaded: string[];
  /** What `fetch` got for each of them: the URL after redirects, the status and the Content-Type. */
  readonly responses: Array<{ readonly url: string; readonly status: number; readonly contentType: string }>;
}

/** Requests only to `origin` (e.g. `http://127.0.0.1:41234`) get through; the rest are refused and recorded. */
export function originGuard(origin: string): OriginGuard {
  const own = new URL(origin).origin;
  const refused: string[] = [];
  const loaded: string[] = [];
  const responses: OriginGuard['responses'] = [];
  const check = (url: string): void => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      refused.push(url);
      throw new Error(`refused <${url}>: not a URL`);
    }
    if (parsed.origin !== own) {
      refused.push(url);
      throw new Error(`refused <${url}>: only ${own} may be loaded in this test`);
    }
    loaded.push(url);
  };
  const guarded = (async (input: string | URL | Request, init?: RequestInit) => {
    check(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const res = await fetch(input, init);
    responses.push({ url: res.url, status: res.status, contentType: res.headers.get('content-type') ?? '' });
    return res;
  }) as typeof fetch;
  return {
    fetch: guarded,
    async documentLoader(url: string) {
      check(url);
      const res = await fetch(url, { headers: { accept: 'application/ld+json, application/json;q=0.5' } });
      if (!res.ok) throw new Error(`<${url}>: HTTP ${res.status}`);
      return { contextUrl: null, documentUrl: res.url || url, document: await res.json() };
    },
    refused,
    loaded,
    responses,
  };
}

// ---------------------------------------------------------------------------------------------
// Asking the endpoint directly, over plain HTTP.

export interface SelectResult {
  readonly vars: string[];
  readonly rows: Array<Map<string, PlainTerm>>;
}

/** A SELECT or ASK sent to `endpoint` by POST, its SPARQL JSON read here. */
export async function askEndpoint(endpoint: string, query: string): Promise<SelectResult | boolean> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
    body: query,
  });
  if (!res.ok) throw new Error(`${endpoint}: HTTP ${res.status}: ${await res.text()}`);
  const json = await res.json() as { head: { vars?: string[] }; boolean?: boolean; results?: { bindings: Array<Record<string, SparqlJsonTerm>> } };
  if (typeof json.boolean === 'boolean') return json.boolean;
  return {
    vars: json.head.vars ?? [],
    rows: (json.results?.bindings ?? []).map((b) => new Map(Object.entries(b).map(([v, t]) => [v, sparqlJsonTerm(t)]))),
  };
}

export async function selectEndpoint(endpoint: string, query: string): Promise<SelectResult> {
  const result = await askEndpoint(endpoint, query);
  if (typeof result === 'boolean') throw new Error('expected a SELECT result, got a boolean');
  return result;
}

/** The IRIs of every sg:Practice, sorted, from the endpoint. */
export async function practiceIris(endpoint: string): Promise<string[]> {
  const { rows } = await selectEndpoint(endpoint, 'SELECT DISTINCT ?p WHERE { ?p a <https://w3id.org/segraph/ontology#Practice> } ORDER BY ?p');
  return rows.map((r) => r.get('p')!.value);
}

/** The server's N-Triples answer for `url` (Accept: application/n-triples), read by parseNTriples. */
export async function ntriplesOf(url: string): Promise<PlainTriple[]> {
  const res = await fetch(url, { headers: { accept: 'application/n-triples' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/n-triples/);
  return parseNTriples(await res.text());
}
