import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http/errors.js';
import { parseSparqlRequest, type RawRequest } from '../../src/http/parse-sparql-request.js';

const q = encodeURIComponent('ASK {}');
const body = (text: string) => Buffer.from(text, 'utf8');

function error(raw: RawRequest): HttpError {
  try {
    parseSparqlRequest(raw);
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error('expected an HttpError');
}

describe('parseSparqlRequest', () => {
  it('takes the query from GET, from a form POST and from a sparql-query POST alike', () => {
    for (const raw of [
      { method: 'GET', search: `query=${q}` },
      { method: 'POST', search: '', contentType: 'application/x-www-form-urlencoded', body: body(`query=${q}`) },
      { method: 'POST', search: '', contentType: 'application/sparql-query; charset=utf-8', body: body('ASK {}') },
    ] satisfies RawRequest[]) {
      const parsed = parseSparqlRequest(raw);
      expect(parsed.kind === 'query' && parsed.query).toBe('ASK {}');
    }
  });

  it('collects repeated default-graph-uri and named-graph-uri, also from the URL of a form POST', () => {
    const parsed = parseSparqlRequest({
      method: 'POST',
      search: 'default-graph-uri=http%3A%2F%2Fe%2Fg1&named-graph-uri=http%3A%2F%2Fe%2Fn1',
      contentType: 'application/x-www-form-urlencoded',
      body: body(`query=${q}&default-graph-uri=http%3A%2F%2Fe%2Fg2&named-graph-uri=http%3A%2F%2Fe%2Fn2`),
    });
    expect(parsed.kind === 'query' && parsed.dataset).toEqual({
      defaultGraphs: ['http://e/g1', 'http://e/g2'], namedGraphs: ['http://e/n1', 'http://e/n2'],
    });
  });

  it('has no dataset when neither parameter is given (the union default graph applies)', () => {
    const parsed = parseSparqlRequest({ method: 'GET', search: `query=${q}` });
    expect(parsed.kind === 'query' && parsed.dataset).toBeUndefined();
  });

  it('is a service-description request when GET has no query', () => {
    expect(parseSparqlRequest({ method: 'GET', search: '' }).kind).toBe('description');
    expect(parseSparqlRequest({ method: 'HEAD', search: 'format=ttl' }).kind).toBe('description');
  });

  it('refuses what a read-only endpoint must refuse, with the right status and code', () => {
    const cases: Array<[RawRequest, number, string]> = [
      [{ method: 'GET', search: `query=${q}&query=${q}` }, 400, 'multiple_queries'],
      [{ method: 'POST', search: `query=${q}`, contentType: 'application/sparql-query', body: body('ASK {}') }, 400, 'multiple_queries'],
      [{ method: 'GET', search: 'update=CLEAR%20ALL' }, 403, 'read_only'],
      [{ method: 'POST', search: '', contentType: 'application/sparql-update', body: body('CLEAR ALL') }, 403, 'read_only'],
      [{ method: 'POST', search: '', contentType: 'application/x-www-form-urlencoded', body: body('update=CLEAR%20ALL') }, 403, 'read_only'],
      [{ method: 'POST', search: '', body: body('ASK {}') }, 415, 'unsupported_media_type'],
      [{ method: 'POST', search: '', contentType: 'text/plain', body: body('ASK {}') }, 415, 'unsupported_media_type'],
      [{ method: 'POST', search: '', contentType: 'application/sparql-query; charset=UTF-16', body: Buffer.from('ASK {}', 'utf16le') }, 415, 'unsupported_media_type'],
      [{ method: 'POST', search: '', contentType: 'application/sparql-query', body: Buffer.from([0x41, 0x53, 0x4b, 0xff, 0xfe]) }, 400, 'invalid_encoding'],
      [{ method: 'POST', search: '', contentType: 'application/x-www-form-urlencoded', body: body('format=json') }, 400, 'missing_query'],
      [{ method: 'GET', search: `query=${q}&default-graph-uri=not%20an%20iri` }, 400, 'invalid_parameter'],
    ];
    for (const [raw, status, code] of cases) {
      const e = error(raw);
      expect([e.status, e.code], JSON.stringify(raw)).toEqual([status, code]);
    }
  });
});
