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

  it('refuses percent-encoded bytes that are not UTF-8, in the URL and in a form body, naming the parameter', () => {
    const form = 'application/x-www-form-urlencoded';
    const cases: RawRequest[] = [
      { method: 'GET', search: 'query=ASK%7B%7D%FF' },
      { method: 'GET', search: `query=${q}&default-graph-uri=http%3A%2F%2Fexample.org%2F%C3` },
      { method: 'GET', search: 'query=ASK%7B%7D%ED%A0%80' }, // an encoded surrogate
      { method: 'POST', search: '', contentType: form, body: body('query=ASK%7B%7D%FF') },
      { method: 'POST', search: 'x=%C0%AF', contentType: form, body: body(`query=${q}`) }, // overlong
      { method: 'POST', search: '', contentType: 'application/sparql-query', body: body('ASK {}') },
    ];
    const [a, b, c, d, e, f] = cases.map((raw) => {
      try {
        parseSparqlRequest(raw);
        return undefined;
      } catch (err) {
        return err as HttpError;
      }
    });
    for (const err of [a, b, c, d, e]) expect(err).toMatchObject({ status: 400, code: 'invalid_encoding' });
    expect(a!.details).toEqual({ parameter: 'query' });
    expect(b!.details).toEqual({ parameter: 'default-graph-uri' });
    expect(d!.message).toMatch(/form body/);
    expect(e!.details).toEqual({ parameter: 'x' });
    expect(f).toBeUndefined(); // a sparql-query body is not percent-encoded
  });

  it('reads valid encodings as before: UTF-8 escapes, + as space, a % without hex digits as itself', () => {
    const parsed = parseSparqlRequest({ method: 'GET', search: 'query=ASK%20%7B%20%3Fs%20%3Fp%20%22%C3%A9%E2%82%AC%F0%9F%98%80%22%20%7D+%23%&format=json' });
    expect(parsed).toMatchObject({ kind: 'query', query: 'ASK { ?s ?p "é€😀" } #%' });
    const form = parseSparqlRequest({ method: 'POST', search: '', contentType: 'application/x-www-form-urlencoded', body: body('query=ASK+%7B%7D+%23100%25+%zz') });
    expect(form).toMatchObject({ kind: 'query', query: 'ASK {} #100% %zz' });
  });
});
