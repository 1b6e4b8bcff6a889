/**
 * GET /api/search: the JSON answer (each hit with its document path), totals and paging Links,
 * the type and country filters (repeated or comma-separated), 400s that name the parameter, 405,
 * 304 on If-None-Match, and a server without the seed graph, which has no search index.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EU_COUNTRY, ID, NUTS_CODE } from '../../src/vocab/namespace.js';
import { overTheStore, startTestServer, type TestServer } from '../helpers/server.js';

interface Hit {
  iri: string; type: string; label: string; names: Array<{ value: string; language: string | null }>;
  countries: string[]; nutsRegions?: string[]; score: number; document: string | null;
}
interface Answer {
  q: string; filters: { type: string[]; country: string[] }; match: 'all' | 'any';
  total: number; limit: number; offset: number; results: Hit[];
}
interface ErrorBody { error: { status: number; code: string; message: string; parameter?: string; allowed?: string[] } }

/** `rel` → URL of a Link header. */
function linksOf(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of (header ?? '').matchAll(/<([^>]*)>;\s*rel="([^"]+)"/g)) out.set(m[2]!, m[1]!);
  return out;
}

describe('/api/search with the seed graph', () => {
  let server: TestServer;
  const get = (path: string, init?: RequestInit) => fetch(new URL(path, server.url), init);
  const json = async (path: string) => {
    const res = await get(path);
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return { res, body: (await res.json()) as Answer };
  };
  const error = async (path: string, status = 400) => {
    const res = await get(path);
    expect(res.status, path).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return ((await res.json()) as ErrorBody).error;
  };

  beforeAll(async () => {
    server = await startTestServer({ workers: 1 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers JSON: the query, filters, totals and hits with their document', async () => {
    const { res, body } = await json('/api/search?q=Darjiu');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body).toMatchObject({ q: 'Darjiu', filters: { type: [], country: [] }, match: 'all', limit: 20, offset: 0 });
    expect(body.total).toBe(body.results.length);
    expect(body.results[0]).toEqual({
      iri: ID('practice/darjiu-equestrian-centre'),
      type: 'practice',
      label: 'Equestrian centre for connecting generations in Dârjiu',
      names: [],
      countries: [EU_COUNTRY('ROU')],
      nutsRegions: expect.any(Array),
      score: expect.any(Number),
      document: '/doc/practice/darjiu-equestrian-centre',
    });
    const place = body.results.find((h) => h.iri === ID('place/darjiu'));
    expect(place).toMatchObject({ type: 'place', document: '/doc/place/darjiu', names: [{ value: 'Székelyderzs', language: 'hu' }] });
    expect(place?.nutsRegions).toBeUndefined();
    // The document path of a hit answers.
    expect((await get(body.results[0]!.document!, { headers: { accept: 'text/turtle' } })).status).toBe(200);
  });

  it('finds names typed without their diacritics, and native names with their language', async () => {
    const { body } = await json('/api/search?q=uslug&type=practice');
    expect(body.results[0]).toMatchObject({ iri: ID('practice/cus-drobin'), document: '/doc/practice/cus-drobin' });
    expect(body.results[0]?.names).toContainEqual({ value: 'Centrum Usług Środowiskowych', language: 'pl' });
    const upper = (await json('/api/search?q=D%C3%82RJIU')).body;
    const plain = (await json('/api/search?q=darjiu')).body;
    expect(upper.results).toEqual(plain.results);
  });

  it('a NUTS region is a hit without a document of ours', async () => {
    const { body } = await json('/api/search?q=Mazowiecki+regionalny&type=place');
    expect(body.results[0]).toMatchObject({ iri: NUTS_CODE('PL92'), document: null, countries: [EU_COUNTRY('POL')] });
  });

  it('pages with limit and offset, with first/prev/next/last Links', async () => {
    const all = (await json('/api/search?q=social&limit=100')).body;
    expect(all.total).toBeGreaterThan(12);
    const first = await json('/api/search?q=social&limit=5');
    expect(first.body.total).toBe(all.total);
    expect(first.body.results.map((h) => h.iri)).toEqual(all.results.slice(0, 5).map((h) => h.iri));
    const links = linksOf(first.res.headers.get('link'));
    expect(links.has('prev')).toBe(false);
    expect(links.get('first')).toBe('/api/search?q=social&limit=5&offset=0');
    expect(links.get('next')).toBe('/api/search?q=social&limit=5&offset=5');
    const lastOffset = Math.floor((all.total - 1) / 5) * 5;
    expect(links.get('last')).toBe(`/api/search?q=social&limit=5&offset=${lastOffset}`);

    const second = await json(links.get('next')!);
    expect(second.body.offset).toBe(5);
    expect(second.body.results.map((h) => h.iri)).toEqual(all.results.slice(5, 10).map((h) => h.iri));
    expect(linksOf(second.res.headers.get('link')).get('prev')).toBe('/api/search?q=social&limit=5&offset=0');

    const last = await json(links.get('last')!);
    expect(last.body.results.length).toBe(all.total - lastOffset);
    expect(linksOf(last.res.headers.get('link')).has('next')).toBe(false);

    const beyond = await json(`/api/search?q=social&limit=5&offset=${all.total + 10}`);
    expect(beyond.body.results).toEqual([]);
    expect(beyond.body.total).toBe(all.total);
  });

  it('keeps the filters in the paging Links', async () => {
    const { res } = await json('/api/search?q=social&type=practice&type=organisation&country=POL&limit=1');
    expect(linksOf(res.headers.get('link')).get('next')).toBe('/api/search?q=social&type=practice%2Corganisation&country=POL&limit=1&offset=1');
  });

  it('filters by type, repeated or comma-separated', async () => {
    const repeated = (await json('/api/search?q=drobin&type=practice&type=place')).body;
    const comma = (await json('/api/search?q=drobin&type=practice,place')).body;
    expect(repeated.filters.type).toEqual(['practice', 'place']);
    expect(repeated.results.length).toBeGreaterThan(1);
    expect(repeated.results.every((h) => h.type === 'practice' || h.type === 'place')).toBe(true);
    expect(comma.results).toEqual(repeated.results);
    const unfiltered = (await json('/api/search?q=drobin')).body;
    expect(unfiltered.total).toBeGreaterThan(repeated.total);
  });

  it('filters by country, as a code or an EU authority IRI', async () => {
    const byCode = (await json('/api/search?q=social&country=POL')).body;
    expect(byCode.filters.country).toEqual([EU_COUNTRY('POL')]);
    expect(byCode.total).toBeGreaterThan(0);
    expect(byCode.results.every((h) => h.countries.includes(EU_COUNTRY('POL')))).toBe(true);
    const byIri = (await json(`/api/search?q=social&country=${encodeURIComponent(EU_COUNTRY('POL'))}`)).body;
    expect(byIri.results).toEqual(byCode.results);
    const two = (await json('/api/search?q=social&country=pol,ROU')).body;
    expect(two.filters.country).toEqual([EU_COUNTRY('POL'), EU_COUNTRY('ROU')]);
    expect(two.total).toBeGreaterThan(byCode.total);
  });

  it('answers 400 naming the parameter', async () => {
    expect(await error('/api/search')).toMatchObject({ code: 'invalid_parameter', parameter: 'q' });
    expect(await error('/api/search?q=')).toMatchObject({ code: 'invalid_parameter', parameter: 'q' });
    expect(await error('/api/search?q=%20%20')).toMatchObject({ parameter: 'q' });
    expect(await error('/api/search?q=--')).toMatchObject({ parameter: 'q' });
    expect(await error('/api/search?q=a&q=b')).toMatchObject({ parameter: 'q' });
    const type = await error('/api/search?q=social&type=event');
    expect(type).toMatchObject({ code: 'invalid_parameter', parameter: 'type' });
    expect(type.allowed).toEqual(['practice', 'initiative', 'organisation', 'place', 'programme', 'fund', 'target-group', 'theme', 'sdg']);
    expect(type.message).toContain('event');
    expect(await error('/api/search?q=social&country=Poland')).toMatchObject({ parameter: 'country' });
    expect(await error('/api/search?q=social&country=http%3A%2F%2Fexample.org%2FPOL')).toMatchObject({ parameter: 'country' });
    for (const limit of ['0', '101', '-1', '2.5', 'ten', '']) {
      expect(await error(`/api/search?q=social&limit=${limit}`), limit).toMatchObject({ parameter: 'limit' });
    }
    for (const offset of ['-1', 'x', '1e3']) {
      expect(await error(`/api/search?q=social&offset=${offset}`), offset).toMatchObject({ parameter: 'offset' });
    }
    expect((await get('/api/search?q=social&limit=100&offset=0')).status).toBe(200);
  });

  it('allows only GET and HEAD', async () => {
    const post = await get('/api/search?q=social', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(((await post.json()) as ErrorBody).error.code).toBe('method_not_allowed');
    const head = await get('/api/search?q=social', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBeTruthy();
  });

  it('answers 304 to If-None-Match with the ETag, which depends on the request', async () => {
    const first = await get('/api/search?q=social&limit=5');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(new RegExp(`^W/"${server.snapshot!.manifest.version}-`));
    const again = await get('/api/search?q=social&limit=5', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await get('/api/search?q=social&limit=5&offset=5', { headers: { 'if-none-match': etag! } });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
  });
});

// Not over the store: it serves a file loaded into the default graph (`serve --load FILE`), an
// embedded-engine feature: a store holds published snapshots, whose quads are all in named graphs.
describe.skipIf(overTheStore())('/api/search without the seed graph', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segraph-search-noseed-'));
    const file = join(dir, 'data.ttl');
    await writeFile(file, '<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "social" .\n');
    server = await startTestServer({ seed: false, workers: 1, loads: [{ path: file, format: 'text/turtle' }] });
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers 404 saying that search covers the built seed graph', async () => {
    const res = await fetch(new URL('/api/search?q=social', server.url));
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/built seed graph/);
    expect(error.message).toMatch(/--no-seed/);
  });

  it('still checks the parameters first', async () => {
    const res = await fetch(new URL('/api/search', server.url));
    expect(res.status).toBe(400);
  });
});
