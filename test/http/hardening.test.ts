/**
 * What a client sends can only get an answer or a 4xx with our JSON error, never a 5xx or Node's
 * bare error: paging and integer parameters past their ranges, LIMIT/OFFSET past what Oxigraph
 * takes, byte ranges of dumps, oversized request heads, invalid percent-encoded UTF-8; Graph Store
 * reads are complete whatever the row cap; security headers on every answer; CORS as configured.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OFFSET } from '../../src/api/bind.js';
import { serveOptions } from '../../src/cli/serve-command.js';
import { UsageError } from '../../src/cli/serve.js';
import { clientErrorOf } from '../../src/http/server.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf, type ErrorBody } from '../helpers/errors.js';

/** A file of a few triples, for servers that need no seed graph. */
let TINY = '';
let tinyDir = '';

const MAX_ROWS = 5;

let server: TestServer;
beforeAll(async () => {
  tinyDir = await mkdtemp(join(tmpdir(), 'segraph-hardening-'));
  TINY = join(tinyDir, 'tiny.ttl');
  await writeFile(TINY, '@prefix ex: <http://example.org/> .\nex:a ex:p ex:b , ex:c .\nex:b ex:p "one" .\n');
  server = await startTestServer({ workers: 1, maxRows: MAX_ROWS });
}, 180_000);
afterAll(async () => {
  await server?.close();
  if (tinyDir) await rm(tinyDir, { recursive: true, force: true });
});

const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, server.url), init);


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

/** Sends raw bytes on a fresh connection and reads everything until the server closes it. */
function rawRequest(bytes: string | Buffer): Promise<{ text: string; reset: boolean }> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let reset = false;
    const socket = connect(Number(url.port), url.hostname, () => socket.end(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {
      reset = true;
    });
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), reset }));
  });
}

/** The status, headers and JSON body of a raw HTTP/1.1 answer. */
function parseRaw(text: string): { status: number; headers: Map<string, string>; body: ErrorBody } {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head!.split('\r\n');
  const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n')) as ErrorBody };
}

describe('request heads Node refuses are answered with our JSON error', () => {
  it('a 200 KB query string → 414 uri_too_long, read by the client (no reset)', async () => {
    const res = await get(`/sparql?query=${'x'.repeat(200 * 1024)}`);
    const error = await errorOf(res, 414, 'uri_too_long');
    expect(error['limit']).toBe(16 * 1024);
    expect(error.message).toMatch(/POST/);
  });

  it('a 20 KB header field → 431 request_header_too_large', async () => {
    const res = await get('/sparql', { headers: { 'x-filler': 'y'.repeat(20 * 1024) } });
    const error = await errorOf(res, 431, 'request_header_too_large');
    expect(error['limit']).toBe(16 * 1024);
  });

  it('a URL just under the limit is served', async () => {
    const res = await get(`/sparql?query=${encodeURIComponent(`ASK {} #${'x'.repeat(12 * 1024)}`)}`);
    expect(res.status).toBe(200);
  });

  it.each([
    ['a malformed request line', 'NOT A REQUEST\r\n\r\n'],
    ['a bad HTTP version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'],
    ['a space in the URL', 'GET /a b/c HTTP/1.1\r\nHost: x\r\n\r\n'],
  ])('%s → 400 malformed_request as a complete HTTP/1.1 answer', async (_label, bytes) => {
    const { text, reset } = await rawRequest(bytes);
    expect(reset).toBe(false);
    const { status, headers, body } = parseRaw(text);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers.get('connection')).toBe('close');
    expect(Number(headers.get('content-length'))).toBe(Buffer.byteLength(text.slice(text.indexOf('\r\n\r\n') + 4)));
    expect(body.error).toMatchObject({ status: 400, code: 'malformed_request' });
  });

  it('a head over the limit sent on a raw socket gets one answer, then the connection closes', async () => {
    const { text, reset } = await rawRequest(`GET /?q=${'z'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(reset).toBe(false);
    expect(text.match(/^HTTP\/1\.1 /gm)).toHaveLength(1);
    expect(parseRaw(text).body.error.code).toBe('uri_too_long');
  });

  it('tells a long request line from long header fields by the packet Node failed on', () => {
    const overflow = (packet: string) => Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(packet, 'latin1') });
    const LIMIT = 1024;
    const url = 'u'.repeat(2000);
    expect(clientErrorOf(overflow(`GET /?q=${url}`), LIMIT).status).toBe(414); // the line has not ended
    expect(clientErrorOf(overflow(`GET /?q=${url} HTTP/1.1\r\nHost: x\r\n`), LIMIT).status).toBe(414);
    expect(clientErrorOf(overflow(`GET /short HTTP/1.1\r\nX-A: ${url}`), LIMIT).status).toBe(431);
    // The tail of a request line: 1500 bytes came before this packet.
    expect(clientErrorOf(overflow(`${'u'.repeat(100)} HTTP/1.1\r\nHost: x\r\n`), LIMIT, 1500 + 121).status).toBe(414);
    expect(clientErrorOf(overflow(`${'u'.repeat(10)} HTTP/1.1\r\nX-A: ${url}`), LIMIT, 20 + 2036).status).toBe(431);
    expect(clientErrorOf(overflow(url), LIMIT).status).toBe(431); // inside one line: cannot tell
    expect(clientErrorOf(Object.assign(new Error('x'), { code: 'HPE_INVALID_METHOD' }), LIMIT)).toMatchObject({ status: 400, code: 'malformed_request' });
    expect(clientErrorOf(Object.assign(new Error('x'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), LIMIT)).toMatchObject({ status: 408, code: 'request_timeout' });
  });

  it('none of that reached the app as a failure', () => {
    expect(server.errors).toEqual([]);
  });

  it('--max-header-size / SEGRAPH_MAX_HEADER_SIZE set the limit (16 KiB by default, 1 KiB at least)', () => {
    const options = (values: Record<string, string>) => serveOptions({ root: '.', buildDir: 'build', values });
    expect(options({}).limits.maxHeaderBytes).toBe(16 * 1024);
    expect(options({ 'max-header-size': '64kb' }).limits.maxHeaderBytes).toBe(64 * 1024);
    expect(() => options({ 'max-header-size': '100' })).toThrow(UsageError);
    expect(() => options({ 'max-header-size': 'big' })).toThrow(UsageError);
    process.env['SEGRAPH_MAX_HEADER_SIZE'] = '32kb';
    try {
      expect(options({}).limits.maxHeaderBytes).toBe(32 * 1024);
    } finally {
      delete process.env['SEGRAPH_MAX_HEADER_SIZE'];
    }
  });
});

describe('a server with a larger request head limit', () => {
  let big: TestServer;
  beforeAll(async () => {
    big = await startTestServer({ seed: false, workers: 1, loads: [{ path: TINY, format: 'text/turtle' }], maxHeaderBytes: 64 * 1024 });
  }, 60_000);
  afterAll(async () => big?.close());

  it('takes a 40 KB URL, and refuses 100 KB with the limit it has', async () => {
    const ok = await fetch(`${big.endpoint}?query=${encodeURIComponent(`ASK {} #${'x'.repeat(40 * 1024)}`)}`);
    expect(ok.status).toBe(200);
    const res = await fetch(`${big.endpoint}?query=${'x'.repeat(100 * 1024)}`);
    expect(res.status).toBe(414);
    expect(((await res.json()) as ErrorBody).error['limit']).toBe(64 * 1024);
  });

  it('refuses a 60 KB URL with a 10 KB header field as 431: the URL alone is within the limit', async () => {
    const res = await fetch(`${big.endpoint}?query=${'x'.repeat(60 * 1024)}`, { headers: { 'x-filler': 'y'.repeat(10 * 1024) } });
    expect(res.status).toBe(431);
    expect(((await res.json()) as ErrorBody).error.code).toBe('request_header_too_large');
  });
});

describe('percent-encoded bytes that are not UTF-8 are a 400, everywhere', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  it.each([
    ['/sparql?query=ASK%7B%7D%FF', 'query'],
    ['/sparql/graph?graph=http%3A%2F%2Fexample.org%2F%FF', 'graph'],
    ['/api/search?q=%FF', 'q'],
    ['/api/search?q=social&country=%C3%28', 'country'],
    [`${Q}?country=%E2%82`, 'country'],
    ['/api/facets?q=%FF', 'q'],
    ['/doc/practice/cus-drobin?lang=%FF', 'lang'],
    ['/?x=%FF', 'x'],
    ['/dumps/?%FF=1', '%FF'],
  ])('GET %s → 400 invalid_encoding naming %s', async (path, parameter) => {
    const error = await errorOf(await get(path), 400, 'invalid_encoding');
    expect(error['parameter']).toBe(parameter);
  });

  it.each([['/doc/practice/%FF'], ['/id/practice/%C3'], ['/dumps/segraph%FF.nt'], ['/%FF']])('GET %s (in the path) → 400 invalid_encoding', async (path) => {
    await errorOf(await get(path), 400, 'invalid_encoding');
  });

  it('POST /sparql with a form body holding %FF → 400 invalid_encoding', async () => {
    const res = await get('/sparql', { method: 'POST', headers: form, body: 'query=ASK%7B%7D%FF' });
    const error = await errorOf(res, 400, 'invalid_encoding');
    expect(error['parameter']).toBe('query');
  });

  it('takes valid UTF-8 escapes, + for a space and a lone % as before', async () => {
    const res = await get(`/sparql?query=ASK+%7B+FILTER(%22%C3%A9%22+!%3D+%22100%%22)+%7D`, { headers: { accept: 'application/sparql-results+json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ boolean: true });
    expect((await get('/api/search?q=Us%C5%82ug')).status).toBe(200);
  });
});

describe('Graph Store reads are complete, whatever the row cap', () => {
  const triples = async (path: string) => {
    const res = await get(path, { headers: { accept: 'application/n-triples' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('segraph-result-truncated')).toBeNull();
    expect(res.headers.get('segraph-result-limit')).toBeNull();
    const lines = (await res.text()).split('\n').filter((l) => l.trim() !== '');
    expect(res.headers.get('segraph-result-rows')).toBe(String(lines.length));
    return lines;
  };

  it(`?graph= gives every triple of each named graph (the row cap is ${MAX_ROWS})`, async () => {
    const { graphs } = server.engine.stats;
    expect(graphs.length).toBeGreaterThan(1);
    for (const g of graphs) {
      expect(g.quads).toBeGreaterThan(MAX_ROWS);
      expect(await triples(`/sparql/graph?graph=${encodeURIComponent(g.iri)}`), g.iri).toHaveLength(g.quads);
    }
  });

  it('?default gives every triple of the union, as many as in the union dump', async () => {
    const lines = await triples('/sparql/graph?default');
    const dump = server.snapshot!.manifest.dumps!.find((d) => d.file === 'segraph.nt')!;
    const file = await readFile(join(server.snapshot!.dir, 'dumps', dump.file), 'utf8');
    const expected = file.split('\n').filter((l) => l.trim() !== '').length;
    expect(new Set(lines).size).toBe(expected);
    expect(lines.length).toBeGreaterThanOrEqual(expected);
    expect(lines.length).toBeLessThanOrEqual(server.engine.stats.quads);
  });

  it('a CONSTRUCT of the same triples on /sparql is still capped (a separate cache entry)', async () => {
    const res = await get(`/sparql?query=${encodeURIComponent('CONSTRUCT WHERE { ?s ?p ?o }')}`, { headers: { accept: 'application/n-triples' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('segraph-result-truncated')).toBe('true');
    expect(res.headers.get('segraph-result-rows')).toBe(String(MAX_ROWS));
    expect((await triples('/sparql/graph?default')).length).toBeGreaterThan(MAX_ROWS);
  });
});

describe('security headers on every answer', () => {
  const HTML = { accept: 'text/html' };
  const answers: Array<[string, string, RequestInit?]> = [
    ['home page', '/', { headers: HTML }],
    ['query form', '/sparql', { headers: HTML }],
    ['dumps list page', '/dumps/', { headers: HTML }],
    ['ontology reference', '/ontology', { headers: HTML }],
    ['resource page', '/doc/practice/cus-drobin', { headers: HTML }],
    ['named graph page', '/doc/graph/curation', { headers: HTML }],
    ['SPARQL results', `/sparql?query=${encodeURIComponent('ASK {}')}`],
    ['Turtle document', '/doc/practice/cus-drobin'],
    ['question API', `${Q}?crossing=sector`],
    ['a dump', '/dumps/segraph.ttl'],
    ['a 303', '/id/practice/cus-drobin'],
    ['a JSON 404', '/no/such/thing'],
    ['a JSON 400', '/sparql?query=NOT%20SPARQL'],
    ['a JSON 405', '/sparql', { method: 'PUT' }],
    ['a 416', '/dumps/segraph.ttl', { headers: { range: 'bytes=999999999-' } }],
    ['a CORS preflight', '/sparql', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } }],
  ];

  it.each(answers)('%s', async (_label, path, init) => {
    const res = await get(path, { redirect: 'manual', ...init });
    expect(res.status).toBeLessThan(500);
    if (init?.headers === HTML) expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Scripts and fetches from our own origin only: never inline, never eval.
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('server')).toBeNull();
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
      // Each page's one stylesheet is the one the policy allows by its hash; no inline script (a
      // script element is a <script src> of ours or a JSON data block), no style attribute.
      const page = await res.text();
      const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(styles).toHaveLength(1);
      expect(/style-src ([^;]*)/.exec(csp)?.[1]?.split(' ')).toContain(`'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`);
      expect(page).not.toMatch(/\sstyle=|\son[a-z]+=/i);
      for (const [, attributes, content] of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        if (/ src="\/assets\//.test(attributes!)) expect(content).toBe('');
        else expect(attributes).toMatch(/^ type="application\/json"/);
      }
    }
  });

  it('the answers written on the socket for a refused request head carry them too', async () => {
    const { text } = await rawRequest('NOT A REQUEST\r\n\r\n');
    const { headers } = parseRaw(text);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('CORS as configured', () => {
  const ORIGIN = 'https://app.example';
  const preflight = (base: string) => fetch(new URL('/sparql', base), {
    method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  const ask = (base: string, origin = ORIGIN) => fetch(new URL(`/sparql?query=${encodeURIComponent('ASK {}')}`, base), { headers: { origin } });

  it('by default any origin may read, and preflights are answered', async () => {
    const res = await ask(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('Segraph-Result-Truncated');
    const pre = await preflight(server.url);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD,POST');
  });

  describe('a list of origins', () => {
    let listed: TestServer;
    beforeAll(async () => {
      listed = await startTestServer({ seed: false, workers: 1, loads: [{ path: TINY, format: 'text/turtle' }], corsOrigin: [ORIGIN, 'http://localhost:8080'] });
    }, 60_000);
    afterAll(async () => listed?.close());

    it('echoes a listed origin, with Vary: Origin', async () => {
      for (const origin of [ORIGIN, 'http://localhost:8080']) {
        const res = await ask(listed.url, origin);
        expect(res.status).toBe(200);
        expect(res.headers.get('access-control-allow-origin')).toBe(origin);
        expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
      }
      const pre = await preflight(listed.url);
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    });

    it('gives another origin no Access-Control-Allow-Origin (the answer itself is the same)', async () => {
      const res = await ask(listed.url, 'https://other.example');
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const error = await fetch(new URL('/nothing', listed.url), { headers: { origin: 'https://other.example' } });
      expect(error.status).toBe(404);
      expect(error.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('none', () => {
    let closed: TestServer;
    beforeAll(async () => {
      closed = await startTestServer({ seed: false, workers: 1, loads: [{ path: TINY, format: 'text/turtle' }], corsOrigin: 'none' });
    }, 60_000);
    afterAll(async () => closed?.close());

    it('sends no CORS header at all, and answers no preflight', async () => {
      const res = await ask(closed.url);
      expect(res.status).toBe(200);
      for (const name of ['access-control-allow-origin', 'access-control-expose-headers']) expect(res.headers.get(name)).toBeNull();
      const pre = await preflight(closed.url);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-methods')).toBeNull();
      await errorOf(pre, 405, 'method_not_allowed');
    });
  });

  it('--cors-origin / SEGRAPH_CORS_ORIGIN: *, none, or origins (normalised), anything else refused', () => {
    const options = (values: Record<string, string>) => serveOptions({ root: '.', buildDir: 'build', values });
    expect(options({}).corsOrigin).toBe('*');
    expect(options({ 'cors-origin': '*' }).corsOrigin).toBe('*');
    expect(options({ 'cors-origin': 'none' }).corsOrigin).toBe('none');
    expect(options({ 'cors-origin': 'https://App.Example/, http://localhost:8080,https://b.example:443' }).corsOrigin)
      .toEqual(['https://app.example', 'http://localhost:8080', 'https://b.example']);
    for (const bad of ['app.example', 'https://app.example/path', 'ftp://app.example', 'https://app.example?x', 'https://user@app.example', 'https://']) {
      expect(() => options({ 'cors-origin': bad }), bad).toThrow(UsageError);
    }
    process.env['SEGRAPH_CORS_ORIGIN'] = 'none';
    try {
      expect(options({}).corsOrigin).toBe('none');
    } finally {
      delete process.env['SEGRAPH_CORS_ORIGIN'];
    }
  });
});
