/**
 * /dumps/: the listing (JSON and HTML), each file with its media type, length, ETag from its
 * SHA-256 and Content-Disposition, 304 on If-None-Match, HEAD, 404 for anything the manifest does
 * not name (path traversal included), and a server without the seed graph, which has no dumps.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DumpFile } from '../../src/graph/dumps.js';
import { DCAT, RDF } from '../../src/vocab/namespace.js';
import { overTheStore, startTestServer, type TestServer } from '../helpers/server.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** A request with exactly these headers, the path sent as written (no URL normalisation). */
function send(base: string, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const EXPECTED_TYPE: Record<string, string> = {
  'segraph.ttl': 'text/turtle; charset=utf-8', 'segraph.nt': 'application/n-triples', 'segraph.nq': 'application/n-quads',
  'segraph.trig': 'application/trig', 'segraph.jsonld': 'application/ld+json', 'segraph.rdf': 'application/rdf+xml',
};
const expectedType = (file: string) => (file.endsWith('.gz') ? 'application/gzip' : EXPECTED_TYPE[file]);

describe('/dumps/ with the seed graph', () => {
  let server: TestServer;
  let dumps: readonly DumpFile[];
  beforeAll(async () => {
    server = await startTestServer({ workers: 1 });
    dumps = server.snapshot?.manifest.dumps ?? [];
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists every dump as JSON, with a Link to the catalogue', async () => {
    const res = await send(server.url, '/dumps/', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(String(res.headers['link'])).toContain('</catalog>');
    const json = JSON.parse(res.body.toString('utf8')) as { version: string; dumps: Array<DumpFile & { url: string }> };
    expect(json.version).toBe(server.snapshot!.manifest.version);
    expect(json.dumps).toHaveLength(12);
    expect(json.dumps.map((d) => `${d.url} ${d.bytes} ${d.sha256}`).sort())
      .toEqual(dumps.map((d) => `/dumps/${d.file} ${d.bytes} ${d.sha256}`).sort());
    expect((await send(server.url, '/dumps', { headers: { accept: 'application/json' } })).status).toBe(200);
  });

  it('lists them as a page for a browser, linking each file and the catalogue', async () => {
    const res = await send(server.url, '/dumps/', { headers: { accept: BROWSER } });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
    const page = res.body.toString('utf8');
    for (const d of dumps) expect(page).toContain(`href="/dumps/${d.file}"`);
    expect(page).toContain('href="/catalog"');
  });

  it('serves each file with its media type, length, SHA-256 ETag and an attachment disposition', async () => {
    expect(dumps).toHaveLength(12);
    for (const d of dumps) {
      const res = await send(server.url, `/dumps/${d.file}`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(res.status, d.file).toBe(200);
      expect(res.headers['content-type'], d.file).toBe(expectedType(d.file));
      expect(Number(res.headers['content-length']), d.file).toBe(d.bytes);
      expect(res.headers['content-encoding'], `${d.file} is sent as stored`).toBeUndefined();
      expect(res.headers['etag']).toBe(`"${d.sha256}"`);
      expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="segraph-[0-9a-f]{16}\./);
      expect(res.body.length).toBe(d.bytes);
      expect(createHash('sha256').update(res.body).digest('hex'), d.file).toBe(d.sha256);
      expect(res.body.equals(await readFile(join(server.snapshot!.dir, 'dumps', d.file)))).toBe(true);
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const d = dumps.find((x) => x.file === 'segraph.ttl')!;
    const res = await send(server.url, '/dumps/segraph.ttl', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(d.bytes);
    expect(res.headers['etag']).toBe(`"${d.sha256}"`);
    expect(res.body.length).toBe(0);
  });

  it('answers If-None-Match with the current ETag with 304', async () => {
    const d = dumps.find((x) => x.file === 'segraph.nq.gz')!;
    const res = await send(server.url, '/dumps/segraph.nq.gz', { headers: { 'if-none-match': `"${d.sha256}"` } });
    expect(res.status).toBe(304);
    expect(res.body.length).toBe(0);
    const stale = await send(server.url, '/dumps/segraph.nq.gz', { headers: { 'if-none-match': '"0000"' } });
    expect(stale.status).toBe(200);
  });

  for (const path of [
    '/dumps/nothing.ttl', '/dumps/graph.nq', '/dumps/manifest.json', '/dumps/..%2Fgraph.nq', '/dumps/..%2Fmanifest.json',
    '/dumps/%2E%2E%2Fmanifest.json', '/dumps/..%2F..%2F..%2Fcurrent.json', '/dumps/../manifest.json', '/dumps/segraph.ttl%00.gz',
  ]) {
    it(`answers ${path} with a JSON 404`, async () => {
      const res = await send(server.url, path);
      expect(res.status).toBe(404);
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      expect((JSON.parse(res.body.toString('utf8')) as { error: { code: string } }).error.code).toBe('not_found');
    });
  }

  describe('byte ranges', () => {
    const nt = () => dumps.find((x) => x.file === 'segraph.nt')!;
    const file = () => readFile(join(server.snapshot!.dir, 'dumps', 'segraph.nt'));
    const withRange = (range: string, headers: Record<string, string> = {}) =>
      send(server.url, '/dumps/segraph.nt', { headers: { range, ...headers } });

    const ranges: Array<[string, (size: number) => [number, number]]> = [
      ['bytes=0-9', () => [0, 9]],
      ['bytes=10-', (size) => [10, size - 1]],
      ['bytes=-5', (size) => [size - 5, size - 1]],
      ['bytes=-999999999999', (size) => [0, size - 1]],
      ['bytes=0-1,,', () => [0, 1]],
      ['BYTES = 3-3', () => [3, 3]],
    ];
    it.each(ranges)('%s → 206 with that range', async (range, expected) => {
      const size = nt().bytes;
      const [first, last] = expected(size);
      const res = await withRange(range);
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes ${first}-${last}/${size}`);
      expect(res.body.equals((await file()).subarray(first, last + 1))).toBe(true);
    });

    it.each([['bytes=999999999-'], [`bytes=${Number.MAX_SAFE_INTEGER}-`], ['bytes=99999999999999999999999-'], ['bytes=-0'], ['bytes=999999999-,888888888-1000000000']])(
      'an unsatisfiable %s → 416 range_not_satisfiable with Content-Range: bytes */size', async (range) => {
        const res = await withRange(range);
        expect(res.status).toBe(416);
        expect(res.headers['content-range']).toBe(`bytes */${nt().bytes}`);
        expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
        expect(res.headers['content-disposition']).toBeUndefined();
        const body = JSON.parse(res.body.toString('utf8')) as { error: { status: number; code: string; size: number } };
        expect(body.error).toMatchObject({ status: 416, code: 'range_not_satisfiable', size: nt().bytes });
      });

    it.each([['bytes=abc'], ['bytes=5-1'], ['bytes=--1'], ['bytes=1-2-3'], ['items=0-5'], ['bytes='], ['0-5'], ['bytes=999999999-,x']])(
      'a malformed %s is ignored: 200 with the whole file', async (range) => {
        const res = await withRange(range);
        expect(res.status).toBe(200);
        expect(res.headers['content-range']).toBeUndefined();
        expect(res.body.length).toBe(nt().bytes);
      });

    it('answers several satisfiable ranges with the whole file', async () => {
      const res = await withRange('bytes=0-1,5-6');
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toBeUndefined();
      expect(res.body.length).toBe(nt().bytes);
    });

    it('answers a multi-range with one satisfiable range with that range', async () => {
      const res = await withRange('bytes=0-3, 999999999-');
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes 0-3/${nt().bytes}`);
    });

    it('ignores Range when If-Range does not match the ETag, even an unsatisfiable one', async () => {
      const stale = await withRange('bytes=999999999-', { 'if-range': '"0000"' });
      expect(stale.status).toBe(200);
      expect(stale.body.length).toBe(nt().bytes);
      const current = await withRange('bytes=0-9', { 'if-range': `"${nt().sha256}"` });
      expect(current.status).toBe(206);
    });
  });

  it('refuses other methods with 405', async () => {
    const res = await send(server.url, '/dumps/segraph.ttl', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD');
  });
});

// Not over the store: it serves a file loaded into the default graph (`serve --load FILE`), an
// embedded-engine feature: a store holds published snapshots, whose quads are all in named graphs.
describe.skipIf(overTheStore())('/dumps/ without the seed graph', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segraph-noseed-'));
    const file = join(dir, 'small.ttl');
    await writeFile(file, '<http://example.org/a> <http://example.org/b> "c" .\n');
    server = await startTestServer({ seed: false, workers: 1, loads: [{ path: file, format: 'text/turtle' }] });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says there are no dumps', async () => {
    const res = await send(server.url, '/dumps/', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    const json = JSON.parse(res.body.toString('utf8')) as { dumps: unknown[]; message: string };
    expect(json.dumps).toEqual([]);
    expect(json.message).toMatch(/no dumps/);
    const page = await send(server.url, '/dumps/', { headers: { accept: BROWSER } });
    expect(page.body.toString('utf8')).toMatch(/no dumps/);
  });

  it('still gives a catalogue, with the endpoint and a dataset without distributions', async () => {
    const res = await send(server.url, '/catalog', { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(200);
    const quads = new N3.Parser().parse(res.body.toString('utf8'));
    const types = quads.filter((q) => q.predicate.value === RDF.type).map((q) => q.object.value);
    expect(types).toContain(DCAT.DataService);
    expect(types).toContain(DCAT.Dataset);
    expect(quads.some((q) => q.predicate.value === DCAT.distribution)).toBe(false);
  });

  it('answers 404 for a dump', async () => {
    const res = await send(server.url, '/dumps/segraph.ttl');
    expect(res.status).toBe(404);
    expect((JSON.parse(res.body.toString('utf8')) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
