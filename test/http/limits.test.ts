/**
 * Limits and refusals: the result row cap, the body size limit, every client error (a 4xx with the
 * one JSON error shape, never a 5xx), and the query deadline (a runaway query is stopped, its
 * worker replaced, and other queries keep being answered meanwhile).
 */
import * as oxigraph from 'oxigraph';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf, type ErrorBody } from '../helpers/errors.js';

const PRACTICE = 'https://w3id.org/segraph/ontology#Practice';
const DEADLINE_MS = 1500;
const MAX_ROWS = 5;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    workers: 2, deadlineMs: DEADLINE_MS, maxRows: MAX_ROWS, maxBodyBytes: 1024,
    // No query here counts as long (one is stopped at the deadline first), so no runaway of one test
    // makes this client heavy (one query at a time) for the next: each test stands alone, in any
    // order. The fairness rules have their own tests (test/query/pool-faults.test.ts).
    fairness: { longMs: 60_000 },
  });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const get = (query: string, accept = 'application/sparql-results+json', params = '') =>
  fetch(`${server.endpoint}?query=${encodeURIComponent(query)}${params}`, { headers: { accept } });


describe('the row cap', () => {
  it('cuts a SELECT of all 18 practices to exactly maxRows, and says so', async () => {
    const res = await get(`SELECT ?p WHERE { ?p a <${PRACTICE}> }`);
    expect(res.status).toBe(200);
    expect(res.headers.get('segraph-result-truncated')).toBe('true');
    expect(res.headers.get('segraph-result-limit')).toBe(String(MAX_ROWS));
    expect(res.headers.get('segraph-result-rows')).toBe(String(MAX_ROWS));
    const json = (await res.json()) as { results: { bindings: unknown[] } };
    expect(json.results.bindings).toHaveLength(MAX_ROWS);
  });

  it('cuts the other solutions formats too', async () => {
    const csv = await get(`SELECT ?p WHERE { ?p a <${PRACTICE}> }`, 'text/csv');
    expect(csv.headers.get('segraph-result-truncated')).toBe('true');
    expect((await csv.text()).split('\r\n').filter(Boolean)).toHaveLength(1 + MAX_ROWS);
  });

  it.each([[3], [MAX_ROWS]])('leaves a result of %i rows alone, with no truncation header', async (n) => {
    const res = await get(`SELECT ?p WHERE { ?p a <${PRACTICE}> } LIMIT ${n}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('segraph-result-truncated')).toBeNull();
    expect(res.headers.get('segraph-result-limit')).toBeNull();
    expect(res.headers.get('segraph-result-rows')).toBe(String(n));
    expect(((await res.json()) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(n);
  });

  it('caps CONSTRUCT results in triples', async () => {
    const res = await get(`CONSTRUCT WHERE { ?p a <${PRACTICE}> }`, 'application/n-triples');
    expect(res.status).toBe(200);
    expect(res.headers.get('segraph-result-truncated')).toBe('true');
    expect(res.headers.get('segraph-result-limit')).toBe(String(MAX_ROWS));
    const lines = (await res.text()).split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(MAX_ROWS);
    for (const line of lines) expect(line).toMatch(new RegExp(`^<[^>]+> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${PRACTICE}> \\.$`));
  });
});

describe('the body size limit', () => {
  it('refuses a 2 KB application/sparql-query body with 413 body_too_large', async () => {
    const query = `ASK { ?s ?p ?o }${' '.repeat(2048)}`;
    const res = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: query });
    const error = await errorOf(res, 413, 'body_too_large');
    expect(error['limit']).toBe(1024);
  });

  it('refuses a 2 KB form body the same way', async () => {
    const body = `query=${encodeURIComponent(`ASK { ?s ?p ?o }${' '.repeat(2048)}`)}`;
    const res = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    await errorOf(res, 413, 'body_too_large');
  });

  it('takes a body under the limit', async () => {
    const res = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: `ASK { ?p a <${PRACTICE}> }` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ boolean: true });
  });
});

describe('client errors', () => {
  it('a malformed query → 400 malformed_query with the line and column of the error and the parser\'s message', async () => {
    const query = `PREFIX sg: <https://w3id.org/segraph/ontology#>\nSELECT ?p WHERE {\n  ?p a sg:Practice ; sg:country @@ .\n}\n`;
    let parserMessage = '';
    try {
      new oxigraph.Store().query(query);
    } catch (error) {
      parserMessage = (error as Error).message;
    }
    const at = /^error at (\d+):(\d+): (.*)$/s.exec(parserMessage);
    expect(at, parserMessage).not.toBeNull();
    expect(Number(at![1])).toBe(3);
    const error = await errorOf(await get(query), 400, 'malformed_query');
    expect(error['line']).toBe(3);
    expect(error['column']).toBe(Number(at![2]));
    // 1-based: the column of the stray `@@` on line 3.
    expect(error['column']).toBe(query.split('\n')[2]!.indexOf('@@') + 1);
    expect(error.message).toContain(at![3]!.slice(0, 40));
  });

  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const ASK = 'ASK { ?s ?p ?o }';
  const cases: Array<[string, () => Promise<Response>, number, string]> = [
    ['GET ?update=', () => fetch(`${server.endpoint}?update=${encodeURIComponent('INSERT DATA { <urn:a> <urn:b> <urn:c> }')}`), 403, 'read_only'],
    ['GET ?query= with an update', () => get('INSERT DATA { <urn:a> <urn:b> <urn:c> }'), 403, 'read_only'],
    ['POST application/sparql-update', () => fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'DROP ALL' }), 403, 'read_only'],
    ['POST form with update=', () => fetch(server.endpoint, { method: 'POST', headers: form, body: 'update=CLEAR%20ALL' }), 403, 'read_only'],
    ['POST without Content-Type', () => fetch(server.endpoint, { method: 'POST', body: new TextEncoder().encode(ASK) }), 415, 'unsupported_media_type'],
    ['POST text/plain', () => fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: ASK }), 415, 'unsupported_media_type'],
    ['POST sparql-query in UTF-16', () => fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query; charset=UTF-16' }, body: Buffer.from(`\ufeff${ASK}`, 'utf16le') }), 415, 'unsupported_media_type'],
    ['POST form with invalid UTF-8', () => fetch(server.endpoint, { method: 'POST', headers: form, body: Buffer.concat([Buffer.from('query=ASK%20%7B%7D&x='), Buffer.from([0xff, 0xfe, 0xc3])]) }), 400, 'invalid_encoding'],
    ['POST sparql-query with invalid UTF-8', () => fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: Buffer.concat([Buffer.from('ASK { ?s ?p "'), Buffer.from([0xc3, 0x28]), Buffer.from('" }')]) }), 400, 'invalid_encoding'],
    ['two query parameters', () => fetch(`${server.endpoint}?query=${encodeURIComponent(ASK)}&query=${encodeURIComponent(ASK)}`), 400, 'multiple_queries'],
    ['a query in the body and in the URL', () => fetch(`${server.endpoint}?query=${encodeURIComponent(ASK)}`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: ASK }), 400, 'multiple_queries'],
    ['a form without query', () => fetch(server.endpoint, { method: 'POST', headers: form, body: 'format=json' }), 400, 'missing_query'],
    ['default-graph-uri=not an iri', () => get(ASK, undefined, `&default-graph-uri=${encodeURIComponent('not an iri')}`), 400, 'invalid_parameter'],
    ['named-graph-uri=<relative>', () => get(ASK, undefined, '&named-graph-uri=graph/curation'), 400, 'invalid_parameter'],
    ['an empty query', () => fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: '' }), 400, 'malformed_query'],
    ['a query of no known form', () => get('HELLO { ?s ?p ?o }'), 400, 'malformed_query'],
  ];

  it.each(cases)('%s → %i %s', async (_label, send, status, code) => {
    await errorOf(await send(), status, code);
  });

  it('default-graph-uri errors name the parameter', async () => {
    const error = await errorOf(await get(ASK, undefined, `&default-graph-uri=${encodeURIComponent('not an iri')}`), 400, 'invalid_parameter');
    expect(error['parameter']).toBe('default-graph-uri');
  });

  it.each([['PUT'], ['DELETE'], ['PATCH']])('%s /sparql → 405 with Allow listing GET and POST', async (method) => {
    const res = await fetch(server.endpoint, { method, headers: { 'content-type': 'application/sparql-query' }, body: method === 'DELETE' ? null : ASK });
    const allow = (res.headers.get('allow') ?? '').split(',').map((m) => m.trim());
    expect(allow).toEqual(expect.arrayContaining(['GET', 'POST']));
    const error = await errorOf(res, 405, 'method_not_allowed');
    expect(error['allow']).toEqual(expect.arrayContaining(['GET', 'POST']));
  });

  // None of those is a server failure: checked after each, so that each test stands alone.
  afterEach(() => {
    expect(server.errors).toEqual([]);
  });
});

describe('the deadline', () => {
  // Nine variables over ~10 k triples: 10^12 solutions to count, far past any deadline.
  const EXPLOSIVE = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

  it('stops a runaway query with 503 query_timeout while another worker answers a simple query', async () => {
    const finished: string[] = [];
    const started = performance.now();
    const explosive = get(EXPLOSIVE).then(async (res) => {
      finished.push('explosive');
      return { res, body: (await res.json()) as ErrorBody, ms: performance.now() - started };
    });
    await new Promise((r) => setTimeout(r, 200));
    const simple = get(`ASK { <https://w3id.org/segraph/id/practice/cus-drobin> a <${PRACTICE}> } # ${Date.now()}`).then(async (res) => {
      finished.push('simple');
      return { res, body: (await res.json()) as { boolean: boolean } };
    });
    const [slow, quick] = await Promise.all([explosive, simple]);
    expect(quick.res.status).toBe(200);
    expect(quick.body.boolean).toBe(true);
    expect(finished).toEqual(['simple', 'explosive']);
    expect(slow.res.status).toBe(503);
    expect(slow.res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(slow.body.error).toMatchObject({ status: 503, code: 'query_timeout', deadlineMs: DEADLINE_MS });
    expect(slow.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
    expect(slow.ms).toBeLessThan(DEADLINE_MS + 5000);
  }, 30_000);

  it('replaces the stopped worker, and queries keep being answered', async () => {
    // Its own runaway query (with a distinct comment, so not a cached answer): the test stands alone.
    const before = server.engine.workersReplaced;
    const runaway = await get(`${EXPLOSIVE} # replaced ${Date.now()}`);
    expect(runaway.status).toBe(503);
    await runaway.body?.cancel();
    await expect.poll(() => server.engine.workersReplaced, { timeout: 10_000 }).toBeGreaterThan(before);
    for (let i = 0; i < 4; i++) {
      const res = await get(`SELECT (COUNT(*) AS ?n) WHERE { ?p a <${PRACTICE}> } # after ${i} ${Date.now()}`);
      expect(res.status).toBe(200);
      const json = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
      expect(json.results.bindings[0]!.n.value).toBe('18');
    }
    // Once the replacement has loaded, both workers serve at once again.
    await expect.poll(async () => {
      const answers = await Promise.all([0, 1].map((i) => get(`ASK { ?s ?p ?o } # both ${i} ${Date.now()}`)));
      return answers.map((r) => r.status);
    }, { timeout: 20_000 }).toEqual([200, 200]);
    expect(server.errors).toEqual([]);
  }, 30_000);
});
