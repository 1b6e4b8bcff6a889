/**
 * Interoperability with jsonld.js (Digital Bazaar's JSON-LD processor, the one most JavaScript
 * JSON-LD users have), used as a client with a document loader that refuses every origin but the
 * server's own: every JSON-LD answer we give — documents by content negotiation and at /doc/…,
 * CONSTRUCT and DESCRIBE results and Graph Store reads of /sparql, the catalogue, VoID, the service
 * description, the ontology, the question API's JSON-LD answers and the JSON-LD dump — must expand
 * and convert to RDF without fetching anything elsewhere, and give exactly the triples of the
 * N-Triples answer for the same resource (canonicalised with RDFC-1.0, blank nodes by structure),
 * language tags and datatypes included. The N-Triples is read by the test's own strict reader.
 */
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  graphDiff, ntriplesOf, ntriplesTerm, originGuard, parseNTriples, plainTerm, practiceIris, sparqlJsonTerm,
  type PlainTerm, type PlainTriple, type SparqlJsonTerm, type TermLike,
} from '../helpers/interop-rdf.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const JSONLD = (createRequire(import.meta.url)('jsonld/package.json') as { version: string }).version;
const BASE = 'https://w3id.org/segraph/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

let server: TestServer;
let practices: string[];
const local = (iri: string) => `${server.url}${iri.slice(BASE.length)}`;

beforeAll(async () => {
  server = await startTestServer();
  practices = await practiceIris(server.endpoint);
}, 120_000);
afterAll(async () => server?.close());

interface JsonLdQuad { subject: TermLike; predicate: TermLike; object: TermLike; graph: TermLike }

interface Read {
  /** What jsonld.js read (undefined when it failed). */
  readonly triples?: PlainTriple[];
  readonly error?: string;
  /** URLs off our origin the document made jsonld.js try to load (its "@context", usually). */
  readonly refused: string[];
  readonly contentType?: string;
}

/**
 * `url` read as jsonld.js reads it: fetched as JSON-LD (or given as a URL to jsonld.js, which then
 * dereferences it with the loader), expanded, converted to RDF. Graph names are dropped: every
 * comparison below is of triples.
 */
async function readJsonLd(url: string, init: RequestInit = {}): Promise<Read> {
  const guard = originGuard(server.url);
  let contentType: string | undefined;
  try {
    const res = await fetch(url, { ...init, headers: { accept: 'application/ld+json', ...(init.headers as Record<string, string> | undefined) } });
    if (!res.ok) return { error: `HTTP ${res.status}: ${await res.text()}`, refused: [] };
    contentType = res.headers.get('content-type') ?? '';
    const doc = await res.json() as object;
    const expanded = await jsonld.expand(doc as never, { documentLoader: guard.documentLoader as never, base: res.url });
    const dataset = await jsonld.toRDF(expanded as never, { documentLoader: guard.documentLoader as never }) as unknown as JsonLdQuad[];
    return { triples: dataset.map((q) => ({ subject: plainTerm(q.subject), predicate: plainTerm(q.predicate), object: plainTerm(q.object) })), refused: guard.refused, contentType };
  } catch (error) {
    return { error: (error as Error).message, refused: guard.refused, ...(contentType !== undefined ? { contentType } : {}) };
  }
}

/** Reads `url` as JSON-LD and as N-Triples (the same request otherwise) and reports every difference. */
async function compare(url: string, ntriplesUrl = url, init: RequestInit = {}) {
  const read = await readJsonLd(url, init);
  const expected = init.method === 'POST'
    ? await postNTriples(ntriplesUrl, init)
    : await ntriplesOf(ntriplesUrl);
  const diff = read.triples ? await graphDiff(read.triples, expected, 8) : undefined;
  return {
    refused: read.refused,
    error: read.error,
    contentType: read.contentType?.split(';')[0],
    missing: diff?.missing ?? ['(nothing read)'],
    extra: diff?.extra ?? [],
    expectedTriples: expected.length,
  };
}

async function postNTriples(url: string, init: RequestInit): Promise<PlainTriple[]> {
  const res = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), accept: 'application/n-triples' } });
  return parseNTriples(await res.text());
}

const SAME = { refused: [], error: undefined, contentType: 'application/ld+json', missing: [], extra: [] };

/** Asserts every case and reports all failing ones at once. */
async function expectAllSame(cases: Array<[label: string, url: string, ntriplesUrl?: string, init?: RequestInit]>) {
  const failures: Record<string, unknown> = {};
  for (const [label, url, ntriplesUrl, init] of cases) {
    const result = await compare(url, ntriplesUrl ?? url, init ?? {});
    expect(result.expectedTriples, label).toBeGreaterThan(0);
    const { expectedTriples: _, ...rest } = result;
    if (!isDeepStrictEqual(rest, SAME)) failures[label] = rest;
  }
  expect(failures).toEqual({});
}

describe(`jsonld.js ${JSONLD}, loading nothing but our origin: linked-data documents`, () => {
  it('every practice\'s IRI, dereferenced as JSON-LD (303 → /doc/…), expands to exactly the triples of its N-Triples', async () => {
    await expectAllSame(practices.map((iri) => [iri, local(iri)]));
  });

  it('jsonld.js given the IRI itself (its document loader dereferences it, following the 303) reads the practice', async () => {
    const guard = originGuard(server.url);
    const iri = `${BASE}id/practice/cus-drobin`;
    const read = await jsonld.toRDF(local(iri) as never, { documentLoader: guard.documentLoader as never })
      .then((d) => ({ quads: d as unknown as JsonLdQuad[] }), (error: Error) => ({ error: error.message }));
    expect(guard.refused).toEqual([]);
    expect(guard.loaded[0]).toBe(local(iri));
    if ('error' in read) expect.fail(read.error);
    expect(await graphDiff(read.quads, await ntriplesOf(local(iri)))).toMatchObject({ missing: [], extra: [] });
  });

  it('other resources at /doc/…?format=jsonld: an organisation, a fund, a programme, a place, a target group, a theme, a source, a named graph', async () => {
    await expectAllSame([
      'organisation/province-of-flemish-brabant', 'fund/esf', 'programme/pl-op-human-capital-2007-2013', 'place/patras',
      'target-group/older-people', 'theme/care-services', 'source/secon-best-practices-report', 'graph/secon-report',
    ].map((path) => [path, `${server.url}doc/${path}?format=jsonld`, `${server.url}doc/${path}?format=nt`]));
  });

  it('keeps language tags, datatypes and lexical forms: a practice\'s Polish name, its year, its amounts', async () => {
    const iri = `${BASE}id/practice/cus-drobin`;
    const read = await readJsonLd(local(iri));
    expect(read.refused).toEqual([]);
    expect(read.error).toBeUndefined();
    const objects = (predicate: string) => (read.triples ?? []).filter((t) => t.predicate.value === predicate).map((t) => ntriplesTerm(t.object));
    expect(objects('http://www.w3.org/2004/02/skos/core#prefLabel')).toContain('"Centrum Usług Środowiskowych"@pl');
    expect(objects('http://schema.org/startDate')).toContain(`"2012"^^<${XSD}gYear>`);
    const amounts = objects('http://schema.org/value').filter((o) => o.endsWith(`^^<${XSD}decimal>`));
    expect(amounts.length).toBeGreaterThan(0);
    const nt = (await ntriplesOf(local(iri))).filter((t) => t.predicate.value === 'http://schema.org/value').map((t) => ntriplesTerm(t.object));
    expect(amounts.every((a) => nt.includes(a))).toBe(true);
  });
});

describe(`jsonld.js ${JSONLD}: results and descriptions of /sparql`, () => {
  const construct = `PREFIX sg: <https://w3id.org/segraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    CONSTRUCT { ?p a sg:Practice ; skos:prefLabel ?name ; <http://schema.org/startDate> ?start ; sg:fund ?fund }
    WHERE { ?p a sg:Practice ; skos:prefLabel ?name ; <http://schema.org/startDate> ?start OPTIONAL { ?p sg:fund ?fund } }`;
  const describeQuery = `DESCRIBE <${BASE}id/fund/esf> <${BASE}id/practice/doeners-be>`;

  it('CONSTRUCT and DESCRIBE results (GET and POST), and Graph Store reads', async () => {
    const q = (query: string) => `${server.endpoint}?query=${encodeURIComponent(query)}`;
    await expectAllSame([
      ['CONSTRUCT by GET', q(construct)],
      ['DESCRIBE by GET', q(describeQuery)],
      ['CONSTRUCT by POST application/sparql-query', server.endpoint, server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: construct }],
      ['DESCRIBE by POST form', server.endpoint, server.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: describeQuery }).toString() }],
      ['Graph Store: graph/provenance', `${server.endpoint}/graph?graph=${encodeURIComponent(`${BASE}graph/provenance`)}`],
      ['Graph Store: graph/curation', `${server.endpoint}/graph?graph=${encodeURIComponent(`${BASE}graph/curation`)}`],
      ['Graph Store: the default graph (the union, every triple)', `${server.endpoint}/graph?default`],
    ]);
  });

  it('the service description, VoID, the DCAT-AP catalogue and the ontology', async () => {
    await expectAllSame([
      ['service description (GET /sparql)', server.endpoint],
      ['VoID (/.well-known/void)', `${server.url}.well-known/void`],
      ['catalogue (/catalog)', `${server.url}catalog`],
      ['ontology (/ontology)', `${server.url}ontology`],
    ]);
  });
});

interface ApiQuery {
  name: string;
  example: string;
  result: { subject?: string; columns: Array<{ name: string; type?: string; property?: string }> };
}

/**
 * The triples a question API answer states, read from its SPARQL JSON form (`format=srj`) by the
 * published description of its columns (`GET /api/queries`: the subject column, each column's
 * property — `<answer URL>#<column>` when it has none — and which columns hold IRIs or lists of them).
 */
function triplesOfRows(query: ApiQuery, queryUrl: string, rows: Array<Record<string, SparqlJsonTerm>>): PlainTriple[] {
  const out: PlainTriple[] = [];
  rows.forEach((row, i) => {
    const subjectTerm = query.result.subject ? row[query.result.subject] : undefined;
    const subject: PlainTerm = subjectTerm?.type === 'uri' ? { termType: 'NamedNode', value: subjectTerm.value } : { termType: 'BlankNode', value: `row${i}` };
    for (const column of query.result.columns) {
      if (column.name === query.result.subject) continue;
      const term = row[column.name];
      if (!term) continue;
      const predicate: PlainTerm = { termType: 'NamedNode', value: column.property ?? `${queryUrl}#${column.name}` };
      const objects: PlainTerm[] = column.type === 'iri-list'
        ? term.value.split(/\s+/).filter((v) => v !== '').map((value) => ({ termType: 'NamedNode', value }))
        : [sparqlJsonTerm(term)];
      for (const object of objects) out.push({ subject, predicate, object });
    }
  });
  return out;
}

describe(`jsonld.js ${JSONLD}: the question API's JSON-LD answers`, () => {
  it('every question\'s example answer (format=jsonld) states, as RDF, its rows as the SPARQL JSON answer gives them, by the published column description', async () => {
    const { queries } = await (await fetch(`${server.url}api/queries`)).json() as { queries: ApiQuery[] };
    expect(queries.length).toBeGreaterThanOrEqual(9);
    const failures: Record<string, unknown> = {};
    for (const query of queries) {
      const example = new URL(query.example, server.url);
      const queryUrl = `${example.origin}${example.pathname}`;
      const srj = new URL(example);
      srj.searchParams.set('format', 'srj');
      const json = await (await fetch(srj)).json() as { results: { bindings: Array<Record<string, SparqlJsonTerm>> } };
      expect(json.results.bindings.length, query.name).toBeGreaterThan(0);
      const expected = triplesOfRows(query, queryUrl, json.results.bindings);
      const asJsonLd = new URL(example);
      asJsonLd.searchParams.set('format', 'jsonld');
      const read = await readJsonLd(asJsonLd.href);
      const diff = read.triples ? await graphDiff(read.triples, expected, 5) : undefined;
      const result = { refused: read.refused, error: read.error, contentType: read.contentType?.split(';')[0], missing: diff?.missing ?? ['(nothing read)'], extra: diff?.extra ?? [] };
      if (!isDeepStrictEqual(result, SAME)) failures[query.name] = result;
    }
    expect(failures).toEqual({});
  });
});

describe(`jsonld.js ${JSONLD}: the JSON-LD dump`, () => {
  it('segraph.jsonld stands alone and holds exactly the triples of segraph.nt, authored lexical forms and all', async () => {
    const result = await compare(`${server.url}dumps/segraph.jsonld`, `${server.url}dumps/segraph.nt`);
    expect(result.expectedTriples).toBeGreaterThan(9000);
    expect(result).toMatchObject(SAME);
  });
});
