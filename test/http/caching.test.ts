/**
 * HTTP caching (ETag, If-None-Match, the result cache), CORS, compression, HEAD, the read-only
 * Graph Store, and the protocol's dataset parameters (default-graph-uri / named-graph-uri).
 */
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const GRAPH = 'https://w3id.org/segraph/graph/';
const PRACTICE = 'https://w3id.org/segraph/ontology#Practice';

let server: TestServer;
beforeAll(async () => {
  // Room for the whole union graph (~10 k triples) in one answer.
  server = await startTestServer({ maxRows: 50_000 });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

let unique = 0;
/** A query nobody asked before, so its first answer is a cache miss. */
const fresh = (body = `?p a <${PRACTICE}>`) => `SELECT ?p WHERE { ${body} } ORDER BY ?p # ${Date.now()}-${unique++}`;
const q = (query: string, params = '') => `${server.endpoint}?query=${encodeURIComponent(query)}${params}`;

interface Raw { status: number; headers: http.IncomingHttpHeaders; body: Buffer }
/** node:http, which (unlike fetch) neither adds Accept-Encoding nor decompresses. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

async function count(query: string, params = ''): Promise<number> {
  const res = await fetch(q(query, params), { headers: { accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  const json = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
  return Number(json.results.bindings[0]!.n.value);
}
async function column(query: string, variable: string, params = ''): Promise<string[]> {
  const res = await fetch(q(query, params));
  expect(res.status).toBe(200);
  const json = (await res.json()) as { results: { bindings: Array<Record<string, { value: string }>> } };
  return json.results.bindings.map((b) => b[variable]!.value).sort();
}
async function errorCode(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await res.json()) as { error: { code: string } }).error.code;
}
async function ntriples(path: string): Promise<Set<string>> {
  const res = await fetch(`${server.url}${path}`, { headers: { accept: 'application/n-triples' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('segraph-result-truncated')).toBeNull();
  return new Set((await res.text()).split('\n').filter((l) => l.trim() !== ''));
}

describe('ETags and the result cache', () => {
  it('answers the same request twice from the cache, with the same ETag and body', async () => {
    const url = q(fresh());
    const first = await fetch(url);
    const second = await fetch(url);
    expect(first.headers.get('etag')).toMatch(/^(W\/)?"[^"]+"$/);
    expect(first.headers.get('segraph-cache')).toBe('miss');
    expect(second.headers.get('segraph-cache')).toBe('hit');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await second.text()).toBe(await first.text());
  });

  it('answers If-None-Match with the current ETag by 304 and no body', async () => {
    const url = q(fresh());
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    const again = await raw(url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['etag']).toBe(etag);
  });

  it('answers 200 to If-None-Match with another ETag', async () => {
    const res = await fetch(q(fresh()), { headers: { 'if-none-match': 'W/"not-this-one"' } });
    expect(res.status).toBe(200);
  });

  it('gives a different format, query or dataset a different ETag', async () => {
    const query = fresh();
    const etag = async (url: string, accept = 'application/sparql-results+json') => (await fetch(url, { headers: { accept } })).headers.get('etag');
    const json = await etag(q(query));
    expect(await etag(q(query), 'text/csv')).not.toBe(json);
    expect(await etag(q(`${query} `))).not.toBe(json);
    expect(await etag(q(query, `&default-graph-uri=${encodeURIComponent(`${GRAPH}curation`)}`))).not.toBe(json);
  });
});

describe('the cache budget', () => {
  it('--cache-size 0 keeps nothing: the same request twice is a miss twice, with the same answer', async () => {
    const off = await startTestServer({ workers: 1, cacheBytes: 0 });
    try {
      const url = `${off.endpoint}?query=${encodeURIComponent(fresh())}`;
      const first = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
      const second = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
      expect([first.headers.get('segraph-cache'), second.headers.get('segraph-cache')]).toEqual(['miss', 'miss']);
      expect(await second.text()).toBe(await first.text());
      const doc = await fetch(`${off.url}doc/practice/cus-drobin`, { headers: { accept: 'application/ld+json' } });
      expect(doc.status).toBe(200);
    } finally {
      await off.close();
    }
  });
});

describe('the cache budget at /healthz', () => {
  it('reports the budget and how full each of its three caches is', async () => {
    type Use = { maxBytes: number; usedBytes: number; entries: number };
    const read = async () => ((await (await fetch(`${server.url}healthz`)).json()) as { caches: { budgetBytes: number; results: Use; compressed: Use; jsonld: Use } }).caches;
    const before = await read();
    expect(before.budgetBytes).toBe(server.config.cache.totalBytes);
    expect([before.results.maxBytes, before.compressed.maxBytes, before.jsonld.maxBytes])
      .toEqual([server.config.cache.resultBytes, server.config.cache.compressedBytes, server.config.cache.framedBytes]);
    // A new query answered compressed, and a practice's JSON-LD document not asked for before in this file.
    expect((await raw(q(fresh('?p a <' + PRACTICE + '> . ?p ?x ?y')), { 'accept-encoding': 'gzip' })).status).toBe(200);
    expect((await fetch(`${server.url}doc/practice/people-made`, { headers: { accept: 'application/ld+json' } })).status).toBe(200);
    const after = await read();
    expect(after.results.entries).toBeGreaterThan(before.results.entries);
    expect(after.results.usedBytes).toBeGreaterThan(before.results.usedBytes);
    expect(after.compressed.usedBytes).toBeGreaterThan(before.compressed.usedBytes);
    expect(after.jsonld.entries).toBeGreaterThan(before.jsonld.entries);
    for (const use of [after.results, after.compressed, after.jsonld]) expect(use.usedBytes).toBeLessThanOrEqual(use.maxBytes);
  });
});

describe('CORS', () => {
  it('lets any origin read answers, and the Segraph headers', async () => {
    const res = await fetch(q(fresh()), { headers: { origin: 'https://example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['etag', 'segraph-cache', 'segraph-result-truncated', 'segraph-result-limit']));
  });

  it('lets any origin read error bodies too', async () => {
    const res = await fetch(q('SELECT ?x WHERE {'), { headers: { origin: 'https://example.org' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a preflight for POST with a Content-Type', async () => {
    const res = await fetch(server.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((res.headers.get('access-control-allow-methods') ?? '').split(',').map((m) => m.trim())).toContain('POST');
    expect((res.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toContain('content-type');
  });
});

describe('compression', () => {
  let plain: Raw;
  beforeAll(async () => {
    plain = await raw(`${server.url}sparql/graph?default`, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(100_000);
  });

  it.each([['gzip', gunzipSync], ['br', brotliDecompressSync]] as const)('compresses the whole default graph (Turtle) with %s', async (encoding, decompress) => {
    const res = await raw(`${server.url}sparql/graph?default`, { 'accept-encoding': encoding });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['vary']?.toLowerCase()).toContain('accept-encoding');
    expect(res.body.length).toBeLessThan(plain.body.length / 3);
    expect(decompress(res.body).equals(plain.body)).toBe(true);
  });

  it('compresses a large SPARQL JSON result', async () => {
    const res = await raw(q('SELECT * WHERE { ?s ?p ?o } LIMIT 5000'), { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(res.body).toString('utf8'))).toHaveProperty('results');
  });

  // The `compressible` database behind compression()'s default filter does not list these types.
  it.each([['application/n-triples'], ['application/n-quads'], ['application/trig']])('compresses %s too', async (accept) => {
    const res = await raw(`${server.url}sparql/graph?default`, { accept, 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});

describe('HEAD', () => {
  it('HEAD /sparql?query= gives the GET headers and no body', async () => {
    const url = q(fresh());
    const got = await raw(url);
    const head = await raw(url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const h of ['content-type', 'etag', 'content-length', 'vary', 'segraph-graph-version', 'segraph-result-rows', 'access-control-allow-origin']) {
      expect(head.headers[h], h).toBe(got.headers[h]);
    }
    expect(Number(head.headers['content-length'])).toBe(got.body.length);
  });
});

describe('the Graph Store (read-only)', () => {
  it('gives a named graph as Turtle, with as many triples as SPARQL counts in it', async () => {
    const graph = `${GRAPH}secon-report`;
    const res = await fetch(`${server.url}sparql/graph?graph=${encodeURIComponent(graph)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const triples = new N3.Parser({ format: 'text/turtle' }).parse(await res.text());
    const expected = await count(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ?s ?p ?o } }`);
    expect(expected).toBeGreaterThan(1000);
    expect(triples).toHaveLength(expected);
  });

  it('gives ?default as the union of all the graphs', async () => {
    const union = await ntriples('sparql/graph?default');
    const merged = new Set<string>();
    for (const { iri } of server.engine.stats.graphs) {
      for (const t of await ntriples(`sparql/graph?graph=${encodeURIComponent(iri)}`)) merged.add(t);
    }
    expect(union.size).toBe(merged.size);
    expect([...union].every((t) => merged.has(t))).toBe(true);
    expect(union.size).toBe(await count('SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?s ?p ?o }'));
  });

  it('answers HEAD for a graph', async () => {
    const res = await raw(`${server.url}sparql/graph?graph=${encodeURIComponent(`${GRAPH}curation`)}`, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
  });

  it('404 unknown_graph for a graph not in the dataset', async () => {
    const res = await fetch(`${server.url}sparql/graph?graph=${encodeURIComponent('https://example.org/no-such-graph')}`);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('unknown_graph');
  });

  it.each([[''], [`?default&graph=${encodeURIComponent(`${GRAPH}curation`)}`]])('400 invalid_parameter for %j (name exactly one graph)', async (search) => {
    const res = await fetch(`${server.url}sparql/graph${search}`);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_parameter');
  });

  it.each([['PUT'], ['POST'], ['DELETE']])('%s → 405 method_not_allowed (the store is read-only), Allow: GET, HEAD', async (method) => {
    const res = await fetch(`${server.url}sparql/graph?graph=${encodeURIComponent(`${GRAPH}curation`)}`, {
      method, headers: { 'content-type': 'text/turtle' }, body: method === 'DELETE' ? null : '<urn:a> <urn:b> <urn:c> .',
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await errorCode(res)).toBe('method_not_allowed');
  });
});

describe('default-graph-uri and named-graph-uri', () => {
  const curation = `${GRAPH}curation`;
  const provenance = `${GRAPH}provenance`;
  const report = `${GRAPH}secon-report`;
  const dg = (...iris: string[]) => iris.map((i) => `&default-graph-uri=${encodeURIComponent(i)}`).join('');
  const ng = (...iris: string[]) => iris.map((i) => `&named-graph-uri=${encodeURIComponent(i)}`).join('');
  const ALL = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
  const GRAPHS = 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }';

  it('default-graph-uri makes that graph the default graph: only its triples count', async () => {
    const inCuration = await count(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${curation}> { ?s ?p ?o } }`);
    expect(inCuration).toBeGreaterThan(0);
    const everything = await count(ALL);
    expect(everything).toBeGreaterThan(inCuration);
    expect(await count(ALL, dg(curation))).toBe(inCuration);
  });

  it('several default-graph-uri make their merge the default graph', async () => {
    const both = await count(`SELECT (COUNT(DISTINCT *) AS ?n) WHERE { VALUES ?g { <${curation}> <${provenance}> } GRAPH ?g { ?s ?p ?o } }`);
    expect(await count('SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?s ?p ?o }', dg(curation, provenance))).toBe(both);
  });

  it('named-graph-uri limits GRAPH ?g to the graphs given', async () => {
    expect((await column(GRAPHS, 'g')).length).toBeGreaterThan(2);
    expect(await column(GRAPHS, 'g', ng(curation, provenance))).toEqual([curation, provenance]);
  });

  it('default-graph-uri alone leaves no named graphs', async () => {
    expect(await column(GRAPHS, 'g', dg(curation))).toEqual([]);
  });

  it('they override the query\'s FROM and FROM NAMED', async () => {
    const fromReport = `SELECT (COUNT(*) AS ?n) FROM <${report}> WHERE { ?s ?p ?o }`;
    expect(await count(fromReport, dg(curation))).toBe(await count(ALL, dg(curation)));
    const fromNamed = `SELECT DISTINCT ?g FROM NAMED <${report}> WHERE { GRAPH ?g { ?s ?p ?o } }`;
    expect(await column(fromNamed, 'g')).toEqual([report]);
    expect(await column(fromNamed, 'g', ng(curation))).toEqual([curation]);
  });

  // Oxigraph's union-default option would override the query's FROM; the worker must not set it then.
  it('without them, the query\'s own FROM picks the default graph', async () => {
    const reportCount = await count(`SELECT (COUNT(*) AS ?n) FROM <${report}> WHERE { ?s ?p ?o }`);
    expect(reportCount).toBe(server.engine.stats.graphs.find((g) => g.iri === report)!.quads);
  });
});
