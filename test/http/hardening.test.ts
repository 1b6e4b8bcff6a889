/**
 * What a client sends can only get an answer or a 4xx with our JSON error, never a 5xx or Node's
 * bare error: paging and integer parameters past their ranges, LIMIT/OFFSET past what Oxigraph
 * takes, byte ranges of dumps, oversized request heads, invalid percent-encoded UTF-8; Graph Store
 * reads are complete whatever the row cap; security headers on every answer; CORS as configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OFFSET } from '../../src/api/bind.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const MAX_ROWS = 5;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1, maxRows: MAX_ROWS });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, server.url), init);

interface ErrorBody { error: { status: number; code: string; message: string } & Record<string, unknown> }
/** Checks the one error shape every client error has, and returns it. */
async function errorOf(res: Response, status: number, code: string): Promise<ErrorBody['error']> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
  const body = (await res.json()) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({ status, code });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

const Q = '/api/queries/cross-sector-partnerships';

describe('paging parameters have explicit ranges', () => {
  it.each([
    [`${Q}?offset=4294967296`],
    [`${Q}?offset=${MAX_OFFSET + 1}`],
    [`${Q}?offset=99999999999999999999999`],
    ['/api/search?q=social&offset=4294967296'],
    ['/api/search?q=social&offset=9007199254740991'],
  ])('%s → 400 invalid_parameter naming offset and its range', async (path) => {
    const error = await errorOf(await get(path), 400, 'invalid_parameter');
    expect(error).toMatchObject({ parameter: 'offset', minimum: 0, maximum: MAX_OFFSET });
    expect(error.message).toContain(`0 to ${MAX_OFFSET}`);
  });

  it.each([
    [`${Q}?limit=${MAX_ROWS + 1}`, MAX_ROWS],
    [`${Q}?limit=4294967296`, MAX_ROWS],
    ['/api/search?q=social&limit=99999999999999999999', 100],
  ])('%s → 400 invalid_parameter naming limit and its range', async (path, max) => {
    const error = await errorOf(await get(path), 400, 'invalid_parameter');
    expect(error).toMatchObject({ parameter: 'limit', minimum: 1, maximum: max });
    expect(error.message).toContain(`1 to ${max}`);
  });

  it('answers the largest offset with an empty page', async () => {
    const res = await get(`${Q}?offset=${MAX_OFFSET}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { offset: number; results: unknown[] };
    expect(body.offset).toBe(MAX_OFFSET);
    expect(body.results).toEqual([]);
    const search = await get(`/api/search?q=social&offset=${MAX_OFFSET}`);
    expect(search.status).toBe(200);
  });

  it('documents the range in the OpenAPI description', async () => {
    const doc = (await (await get('/api/openapi.json')).json()) as { components: { parameters: Record<string, { schema: Record<string, unknown> }> } };
    expect(doc.components.parameters['offset']!.schema).toMatchObject({ minimum: 0, maximum: MAX_OFFSET });
  });
});

describe('integer parameters of named questions', () => {
  const explain = async (value: string) => {
    const res = await get(`${Q}?minSectors=${encodeURIComponent(value)}&explain`);
    expect(res.status).toBe(200);
    return /VALUES \?minSectors \{\s*(\S+)\s*\}/.exec(await res.text())?.[1];
  };

  it.each([
    ['9007199254740993', '9007199254740993'],
    ['100000000000000000000000', '100000000000000000000000'],
    ['+0012', '12'],
  ])('%s is bound exactly, as %s', async (value, bound) => {
    expect(await explain(value)).toBe(bound);
  });

  it('runs with a value past 2^64, and answers', async () => {
    const res = await get(`${Q}?crossing=sector&minSectors=100000000000000000000000`);
    expect(res.status).toBe(200);
    expect((await res.json()) as { total: number }).toMatchObject({ total: 0 });
  });

  it('compares exactly against the minimum', async () => {
    const error = await errorOf(await get(`${Q}?minSectors=-9007199254740993`), 400, 'invalid_parameter');
    expect(error['parameter']).toBe('minSectors');
  });
});

describe('LIMIT and OFFSET past 2^32 in a /sparql query', () => {
  it.each([
    ['SELECT * { ?s ?p ?o } OFFSET 4294967296'],
    ['SELECT * { ?s ?p ?o } LIMIT 99999999999999999999'],
  ])('%s → a 4xx, never a 5xx', async (query) => {
    // Oxigraph (wasm32) refuses these numbers in its parser: a 400 malformed_query.
    await errorOf(await get(`/sparql?query=${encodeURIComponent(query)}`), 400, 'malformed_query');
  });

  it('takes OFFSET 4294967295', async () => {
    const res = await get(`/sparql?query=${encodeURIComponent('SELECT * { ?s ?p ?o } OFFSET 4294967295')}`);
    expect(res.status).toBe(200);
  });
});
