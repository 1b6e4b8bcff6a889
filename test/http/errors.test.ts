/**
 * The error table (ERROR_CODES): each code has one status, HttpError takes it from there, the
 * README's table is the same table, the one handler maps every kind of error (domain, engine,
 * library) to its code, every code a request can reach answers with the table's status, and a
 * bad parameter on every route has the one shape (`parameter`, and `allowed` where there is a list).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParameterError } from '../../src/api/parameters.js';
import { ERROR_CODES, errorHandler, HttpError, type ErrorCode } from '../../src/http/errors.js';
import { BusyError, ClientLimitError, DeadlineError, EngineTrapError, EngineUnavailableError, ShutdownError, WorkerCrashError } from '../../src/query/engine.js';
import { QueryTooComplexError } from '../../src/query/query-shape.js';
import { errorOf } from '../helpers/errors.js';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

/** The README's table as the code's table reads. */
function readmeTable(): string {
  const rows = Object.entries(ERROR_CODES).sort(([, a], [, b]) => a.status - b.status);
  return ['| status | code | when (extra fields) |', '|---|---|---|', ...rows.map(([code, e]) => `| ${e.status} | \`${code}\` | ${e.meaning} |`)].join('\n');
}

describe('the error table', () => {
  it('gives each code one 4xx or 5xx status; only faults and refusals of the server are 5xx', () => {
    for (const code of codes) {
      const { status } = ERROR_CODES[code];
      expect(status >= 400 && status < 600, code).toBe(true);
    }
    const serverSide = codes.filter((c) => ERROR_CODES[c].status >= 500).sort();
    expect(serverSide).toEqual(['busy', 'engine_failure', 'engine_unavailable', 'internal_error', 'query_timeout', 'shutting_down']);
    expect(ERROR_CODES.read_only.status).toBe(403);
    expect(ERROR_CODES.method_not_allowed.status).toBe(405);
    expect(ERROR_CODES.precondition_failed.status).toBe(412);
  });

  it('is where HttpError takes its status from', () => {
    for (const code of codes) {
      const error = new HttpError(code, 'm', { limit: 1 }, { 'X-A': 'b' });
      expect([error.status, error.code, error.message, error.details, error.headers]).toEqual([ERROR_CODES[code].status, code, 'm', { limit: 1 }, { 'X-A': 'b' }]);
    }
  });

  it('is the README\'s error table, row for row', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const expected = readmeTable();
    expect(readme.includes(expected), `README.md's error table (section "The SPARQL endpoint") should read:\n\n${expected}\n`).toBe(true);
  });
});

describe('the one error handler', () => {
  let server: Server;
  let url: string;
  const logged: string[] = [];
  let thrown: unknown;

  beforeAll(async () => {
    const app = express();
    app.get('/throw', () => {
      throw thrown;
    });
    app.use(errorHandler((m) => logged.push(m)));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/throw`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** What a route raising `error` answers. */
  async function answerTo(error: unknown) {
    thrown = error;
    return fetch(url, { headers: { accept: 'application/json' } });
  }

  const libraryError = (status: number, type?: string) => Object.assign(new Error(`library error ${status}`), { status, ...(type ? { type, limit: 10 } : {}) });

  it.each<[string, () => unknown, ErrorCode, Record<string, unknown>, Record<string, string>?]>([
    ['ParameterError (bind, facets, search, requests)', () => new ParameterError('fund', 'not an IRI', { value: 'x y', allowed: ['esf'] }), 'invalid_parameter', { parameter: 'fund', value: 'x y', allowed: ['esf'], message: 'fund: not an IRI.' }],
    ['QueryTooComplexError (query shape)', () => new QueryTooComplexError('depth', 64, 100), 'query_too_complex', { limit: 'depth', max: 64, found: 100 }],
    ['DeadlineError (Engine)', () => new DeadlineError(10_000, false), 'query_timeout', { deadlineMs: 10_000 }],
    ['BusyError (Engine)', () => new BusyError(), 'busy', {}, { 'retry-after': '1' }],
    ['ClientLimitError (Engine)', () => new ClientLimitError(16, 2), 'too_many_requests', { limit: 16 }, { 'retry-after': '2' }],
    ['EngineTrapError stack (Engine)', () => new EngineTrapError('stack', 'Maximum call stack size exceeded'), 'query_too_complex', { limit: 'engine-stack' }],
    ['EngineTrapError panic (Engine)', () => new EngineTrapError('panic', 'unreachable'), 'query_failed', {}],
    ['WorkerCrashError (Engine)', () => new WorkerCrashError('worker exited'), 'engine_failure', {}],
    ['EngineUnavailableError (Engine)', () => new EngineUnavailableError('no query worker is running', 8), 'engine_unavailable', { message: 'The query engine is unavailable: no query worker is running. Try again in 8 s.' }, { 'retry-after': '8' }],
    ['ShutdownError (Engine)', () => new ShutdownError(), 'shutting_down', {}, { 'retry-after': '1' }],
    ['body-parser: too large', () => libraryError(413, 'entity.too.large'), 'body_too_large', { limit: 10 }],
    ['body-parser: unsupported encoding', () => libraryError(415, 'encoding.unsupported'), 'unsupported_media_type', {}],
    ['body-parser: aborted', () => libraryError(400, 'request.aborted'), 'malformed_request', {}],
    ['send: If-Match fails', () => libraryError(412), 'precondition_failed', {}],
    ['send: range', () => libraryError(416), 'range_not_satisfiable', {}],
    ['HttpError', () => new HttpError('unknown_graph', 'no such graph', { graph: 'urn:g' }), 'unknown_graph', { graph: 'urn:g' }],
    ['send: a file of the manifest missing (ENOENT) is ours', () => Object.assign(new Error('ENOENT'), { status: 404, code: 'ENOENT' }), 'internal_error', {}],
  ])('%s → its code, with the table\'s status', async (_label, make, code, fields, headers = {}) => {
    const res = await answerTo(make());
    const error = await errorOf(res, ERROR_CODES[code].status, code);
    expect(error).toMatchObject(fields);
    for (const [name, value] of Object.entries(headers)) expect(res.headers.get(name)).toBe(value);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('anything else is a logged 500 internal_error that tells nothing of the fault', async () => {
    const before = logged.length;
    const error = await errorOf(await answerTo(new TypeError('secret detail')), 500, 'internal_error');
    expect(error.message).not.toContain('secret');
    expect(logged.length).toBe(before + 1);
    expect(logged.at(-1)).toContain('secret detail');
  });
});

describe('every code a request can reach, on a running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ maxBodyBytes: 1000 });
  });
  afterAll(async () => server?.close());

  const at = (path: string, init?: RequestInit) => fetch(new URL(path, server.url), init);
  const sparql = (query: string, extra = '') => at(`/sparql?query=${encodeURIComponent(query)}${extra}`);
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const deep = `SELECT * WHERE ${'{ '.repeat(100)}?s ?p ?o${' }'.repeat(100)}`;

  // Not here: request_timeout, too_many_requests and the 503s need a slow client or a loaded pool
  // (test/http/limits.test.ts, test/query/pool-faults.test.ts, test/cli/lifecycle.test.ts);
  // malformed_request, uri_too_long and request_header_too_large are in test/http/hardening.test.ts.
  it.each<[string, () => Promise<Response>, ErrorCode]>([
    ['a query that is not SPARQL', () => sparql('SELEC * WHERE { ?s ?p ?o }'), 'malformed_query'],
    ['a query nested 100 deep', () => sparql(deep), 'query_too_complex'],
    ['a form without query', () => at('/sparql', { method: 'POST', headers: form, body: 'default-graph-uri=urn%3Ag' }), 'missing_query'],
    ['two query parameters', () => at('/sparql?query=ASK%7B%7D&query=ASK%7B%7D'), 'multiple_queries'],
    ['default-graph-uri not an IRI', () => sparql('ASK {}', '&default-graph-uri=not%20an%20iri'), 'invalid_parameter'],
    ['a path that is not UTF-8', () => at('/doc/%FF'), 'invalid_encoding'],
    ['SPARQL Update', () => at('/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'CLEAR ALL' }), 'read_only'],
    ['nothing at the path', () => at('/nothing-here'), 'not_found'],
    ['a graph not in the dataset', () => at(`/sparql/graph?graph=${encodeURIComponent('urn:no:such:graph')}`), 'unknown_graph'],
    ['a Graph Store write', () => at('/sparql/graph?default', { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: '<urn:a> <urn:b> <urn:c> .' }), 'method_not_allowed'],
    ['DELETE on the endpoint', () => at('/sparql', { method: 'DELETE' }), 'method_not_allowed'],
    ['an Accept we cannot meet', () => at('/sparql?query=ASK%7B%7D', { headers: { accept: 'image/png' } }), 'not_acceptable'],
    ['a dump with a failed If-Match', () => at('/dumps/segraph.ttl', { headers: { 'if-match': '"not-its-tag"' } }), 'precondition_failed'],
    ['a body over --max-body', () => at('/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: `ASK {} #${'x'.repeat(2000)}` }), 'body_too_large'],
    ['a POST of text/plain', () => at('/sparql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ASK {}' }), 'unsupported_media_type'],
    ['a dump range past its end', () => at('/dumps/segraph.ttl', { headers: { range: 'bytes=999999999-' } }), 'range_not_satisfiable'],
  ])('%s → %s', async (_label, request, code) => {
    await errorOf(await request(), ERROR_CODES[code].status, code);
  });

  it('a failed If-Match on a dump is 412, a matching one is 200', async () => {
    const dump = server.snapshot!.manifest.dumps!.find((d) => d.file === 'segraph.ttl')!;
    expect((await at('/dumps/segraph.ttl', { headers: { 'if-match': `"${dump.sha256}"` } })).status).toBe(200);
    const error = await errorOf(await at('/dumps/segraph.ttl', { headers: { 'if-match': '"0000"' } }), 412, 'precondition_failed');
    expect(error.message).toMatch(/If-Match/);
  });

  it.each<[string, string, string]>([
    ['a question: a value not in the scheme', '/api/queries/practices-by-fund-and-typology?typology=rural', 'typology'],
    ['a question: a parameter it does not take', '/api/queries/practices-by-fund-and-typology?fnd=esf', 'fnd'],
    ['a question: an unknown format', '/api/queries/practices-by-fund-and-typology?format=xlsx', 'format'],
    ['facets: not a facet', '/api/facets?colour=red', 'colour'],
    ['facets: a value no practice has', '/api/facets?country=XXX', 'country'],
    ['search: an unknown type', '/api/search?q=social&type=event', 'type'],
    ['the catalogue: an unknown profile', '/catalog?profile=dcat-ap-9', 'profile'],
    ['the endpoint: an unknown format', '/sparql?query=ASK%7B%7D&format=docx', 'format'],
    ['a document: an unknown format', '/doc/practice/cus-drobin?format=docx', 'format'],
  ])('a bad parameter, %s → 400 invalid_parameter with parameter and allowed', async (_label, path, parameter) => {
    const error = await errorOf(await at(path, { headers: { accept: 'application/json' } }), 400, 'invalid_parameter');
    expect(error['parameter']).toBe(parameter);
    expect(Array.isArray(error['allowed']) && (error['allowed'] as unknown[]).length > 0, JSON.stringify(error)).toBe(true);
    expect(error.message.startsWith(`${parameter}: `) || error.message.includes(parameter), error.message).toBe(true);
  });

  it.each<[string, string, string]>([
    ['a question', '/api/queries/practices-by-fund-and-typology?limit=0', 'limit'],
    ['search', '/api/search?q=social&offset=-1', 'offset'],
  ])('a page out of range on %s → 400 invalid_parameter with parameter, minimum and maximum', async (_label, path, parameter) => {
    const error = await errorOf(await at(path), 400, 'invalid_parameter');
    expect(error).toMatchObject({ parameter, minimum: expect.any(Number), maximum: expect.any(Number) });
  });
});
