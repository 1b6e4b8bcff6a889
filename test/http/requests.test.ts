/**
 * Reading requests (src/http/api-request.ts): single values, lists, paging, languages, the
 * request's URL; and the addresses given to clients: under the configured public URL, whatever
 * Host the request came with — except the SPARQL endpoint's own URL, which is the one requested.
 */
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OFFSET } from '../../src/api/bind.js';
import { listValues, ParameterError } from '../../src/api/parameters.js';
import { Type } from '@sinclair/typebox';
import { languagesOf, list, pageOf, readQuery, requestUrl, single } from '../../src/http/api-request.js';
import { domainChecked, List, OneOf } from '../../src/api/schemas.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Enough of an express Request for the readers. */
function request(query: Record<string, unknown>, headers: Record<string, string> = {}): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    query, headers: lower, protocol: 'http', baseUrl: '', path: '/x',
    get: (name: string) => lower[name.toLowerCase()],
  } as unknown as Request;
}

const parameterError = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ParameterError);
    return error as ParameterError;
  }
  throw new Error('expected a ParameterError');
};

describe('reading a request', () => {
  it('single: one value, or a ParameterError naming the parameter', () => {
    expect(single(request({ q: 'a' }), 'q')).toBe('a');
    expect(single(request({}), 'q')).toBeUndefined();
    expect(parameterError(() => single(request({ q: ['a', 'b'] }), 'q')).fields()).toEqual({ parameter: 'q' });
  });

  it('readQuery: by the route\'s schema — names, lists, defaults, checked values; the domain\'s parameters as given', () => {
    const schema = Type.Object({
      kind: Type.Optional(List(OneOf(['a', 'b']))),
      n: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, default: 2 })),
      q: Type.String({ examples: ['x'] }),
      bound: Type.Optional(domainChecked(Type.Integer())),
    }, { additionalProperties: false });
    expect(readQuery(request({ q: 't', kind: 'a,b', bound: ['+01', '2'] }), schema)).toEqual({ q: 't', kind: ['a', 'b'], n: 2, bound: ['+01', '2'] });
    expect(readQuery(request({ q: 't', n: '5' }), schema)).toEqual({ q: 't', n: 5 });
    expect(parameterError(() => readQuery(request({ q: 't', other: '1' }), schema)).fields()).toEqual({ parameter: 'other', allowed: ['kind', 'n', 'q', 'bound'] });
    expect(parameterError(() => readQuery(request({ q: 't', kind: 'a,c' }), schema)).fields()).toEqual({ parameter: 'kind', value: 'c', allowed: ['a', 'b'] });
    expect(parameterError(() => readQuery(request({ q: 't', n: '6' }), schema)).fields()).toEqual({ parameter: 'n', value: '6', minimum: 1, maximum: 5 });
    expect(parameterError(() => readQuery(request({ q: 't', n: '1.0' }), schema)).fields()).toEqual({ parameter: 'n', value: '1.0', minimum: 1, maximum: 5 });
    expect(parameterError(() => readQuery(request({ q: ['t', 'u'] }), schema)).fields()).toEqual({ parameter: 'q' });
    expect(parameterError(() => readQuery(request({}), schema)).message).toBe('q: is required, e.g. q=x.');
  });

  it('list: repeated, comma-separated or both, trimmed, empty values dropped — the one splitter', () => {
    expect(list(request({ type: ['practice,theme', ' place '] }), 'type')).toEqual(['practice', 'theme', 'place']);
    expect(list(request({ type: 'a,,b' }), 'type')).toEqual(['a', 'b']);
    expect(list(request({}), 'type')).toEqual([]);
    expect(listValues(['POL,rou', ' BEL ', ''])).toEqual(['POL', 'rou', 'BEL']);
    expect(parameterError(() => list(request({ type: { a: 'b' } }), 'type')).parameter).toBe('type');
  });

  it('pageOf: limit and offset with defaults; out of range names the parameter, minimum and maximum', () => {
    expect(pageOf(request({}), 50, 20)).toEqual({ limit: 20, offset: 0 });
    expect(pageOf(request({ limit: '50', offset: '7' }), 50)).toEqual({ limit: 50, offset: 7 });
    expect(parameterError(() => pageOf(request({ limit: '51' }), 50)).fields()).toEqual({ parameter: 'limit', value: '51', minimum: 1, maximum: 50 });
    expect(parameterError(() => pageOf(request({ offset: '-1' }), 50)).fields()).toEqual({ parameter: 'offset', value: '-1', minimum: 0, maximum: MAX_OFFSET });
  });

  it('languagesOf: the lang= list first (comma-separated or repeated), then Accept-Language by q-value, no repeats', () => {
    expect(languagesOf(request({ lang: 'pl,en' }, { 'Accept-Language': 'de;q=0.5, EN, fr;q=0.8, *' }))).toEqual(['pl', 'en', 'fr', 'de']);
    expect(languagesOf(request({ lang: ['ro', 'pl'] }))).toEqual(['ro', 'pl']);
    expect(languagesOf(request({}))).toEqual([]);
  });

  it('requestUrl: the URL the client used, without its query string', () => {
    expect(requestUrl(request({}, { Host: 'example.org:8080' }))).toBe('http://example.org:8080/x');
  });
});

describe('addresses given to clients', () => {
  const PUBLIC = 'https://data.example.org/segraph/';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ publicUrl: PUBLIC });
  });
  afterAll(async () => server?.close());

  it('the OpenAPI document\'s server is the public URL, not the address the request came to', async () => {
    const doc = await (await fetch(`${server.url}api/openapi.json`)).json() as { servers: Array<{ url: string }> };
    expect(doc.servers).toEqual([{ url: 'https://data.example.org/segraph' }]);
  });

  it('a question\'s JSON-LD names its columns under the public URL', async () => {
    const res = await fetch(`${server.url}api/queries/practices-by-fund-and-typology?format=jsonld&limit=1`);
    expect(res.status).toBe(200);
    const body = JSON.stringify(await res.json());
    expect(body).toContain(`${PUBLIC}api/queries/practices-by-fund-and-typology#`);
    expect(body).not.toContain(server.url);
  });

  it('the SPARQL endpoint describes itself at the URL requested (README: sd:endpoint is exactly the URL you requested)', async () => {
    const turtle = await (await fetch(`${server.url}sparql`, { headers: { accept: 'application/n-triples' } })).text();
    expect(turtle).toContain(`<${server.url}sparql>`);
  });
});
