/**
 * The explorer's downloads and its SPARQL query, for the states a person reaches on /practices:
 * the CSV read by a real CSV parser (csv-parse) and the JSON-LD by jsonld.js hold exactly the
 * practices /api/facets gives for the same URL, and the query the page links to the SPARQL editor
 * returns exactly them too when run on /sparql.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../src/http/downloads.js';
import { DEFAULT_BASE, SG } from '../../src/vocab/namespace.js';
import { errorOf } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

interface Api { total: number; practices: Array<{ id: string; document: string }> }
const api = async (query: string) => (await (await fetch(`${server.url}api/facets${query}`, { headers: { 'accept-language': 'en' } })).json()) as Api;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path.replace(/^\//, '')}`, { headers });
const csvRows = (text: string) => parse(text, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;

/** The states of the brief: none, a fund, a fund in rural regions, a theme and a country, a programme. */
const STATES = ['', '?fund=esf', '?fund=esf&typology=predominantly-rural', '?theme=social-inclusion&country=ROU', '?programme=pl-op-human-capital-2007-2013', '?sdg=8,10&targetGroup=people-with-disabilities'];

/** The "Open in the SPARQL editor" query of the page for `state`, as the link carries it. */
async function editorQuery(state: string): Promise<string> {
  const body = await (await get(`/practices${state}`, { accept: 'text/html' })).text();
  const href = /<a href="([^"]*)">Open in the SPARQL editor<\/a>/.exec(body)?.[1];
  expect(href, 'the page links its query').toBeDefined();
  // No character in the link but & needs escaping in HTML (the query is strictly percent-encoded).
  expect(href).not.toMatch(/&(?!amp;)|&#/);
  const url = new URL(href!.replace(/&amp;/g, '&'), server.url);
  expect(url.pathname).toBe('/sparql');
  // The editor reads the query from the fragment (it never reaches a server log); the table link carries the same query.
  const query = new URLSearchParams(url.hash.slice(1)).get('query')!;
  const table = /<a href="([^"]*)">its answer as a table<\/a>/.exec(body)?.[1];
  expect(new URL(table!.replace(/&amp;/g, '&'), server.url).searchParams.get('query')).toBe(query);
  return query;
}

describe('/practices.csv', () => {
  it.each(STATES)('%s: one row per practice /api/facets gives, in its order, read by csv-parse', async (state) => {
    const [res, answer] = await Promise.all([get(`/practices.csv${state}`), api(state)]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?segraph-practices[a-z0-9-]*\.csv"?$/);
    const text = await res.text();
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(CSV_HEADER.join(','));
    const rows = csvRows(text);
    expect(rows.map((r) => r['IRI'])).toEqual(answer.practices.map((p) => p.id));
    expect(rows.map((r) => r['Page'])).toEqual(answer.practices.map((p) => new URL(p.document, server.url).href));
  });

  it('gives the columns a reader understands: labels, codes, dates, several values joined by " | "', async () => {
    const rows = csvRows(await (await get('/practices.csv?fund=esf&typology=predominantly-rural', { 'accept-language': 'en' })).text());
    const darjiu = rows.find((r) => r['IRI'] === `${DEFAULT_BASE}id/practice/darjiu-equestrian-centre`)!;
    expect(darjiu).toMatchObject({
      Name: 'Equestrian centre for connecting generations in Dârjiu',
      Country: 'Romania',
      'NUTS regions': 'RO12 Centru | RO124 Harghita',
      'Urban-rural type': 'predominantly rural region',
      'Degree of urbanisation': 'rural areas',
      Start: '2021-04',
      End: '2023-03',
      'EU funds': 'European Social Fund',
      SDGs: 'SDG 3: Good health and well-being | SDG 10: Reduced inequalities',
    });
    expect(darjiu['Themes']!.split(' | ')).toContain('social inclusion');
    expect(darjiu['Target groups']!.split(' | ')).toContain('older people');
  });

  it('gives both urban–rural classes: the NUTS 3 region\'s type and the municipalities\' degree of urbanisation', async () => {
    const rows = csvRows(await (await get('/practices.csv?degurba=towns-and-suburbs', { 'accept-language': 'en' })).text());
    const freiraeume = rows.find((r) => r['IRI'] === `${DEFAULT_BASE}id/practice/freiraeume`)!;
    expect(freiraeume).toMatchObject({ 'Urban-rural type': 'predominantly urban region', 'Degree of urbanisation': 'towns and suburbs' });
    const people = rows.find((r) => r['IRI'] === `${DEFAULT_BASE}id/practice/people-made`)!;
    expect(people['Degree of urbanisation']).toBe('cities | towns and suburbs'); // Leuven; Vilvoorde and Ternat
  });

  it('names practices in the reader\'s language, English where a practice has no name in it', async () => {
    const iri = `${DEFAULT_BASE}id/practice/cus-drobin`;
    const name = async (headers: Record<string, string>, query = '') =>
      csvRows(await (await get(`/practices.csv${query}`, headers)).text()).find((r) => r['IRI'] === iri)!['Name'];
    expect(await name({ 'accept-language': 'pl' })).toBe('Centrum Usług Środowiskowych');
    expect(await name({}, '?lang=pl')).toBe('Centrum Usług Środowiskowych');
    expect(await name({ 'accept-language': 'en' })).toBe('Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin');
    expect(await name({ 'accept-language': 'fi' })).toBe('Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin');
  });
});

describe('/practices.jsonld', () => {
  /** The expanded document, with no remote context allowed (ours is inline). */
  async function expanded(state: string): Promise<Array<Record<string, unknown>>> {
    const res = await get(`/practices.jsonld${state}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?segraph-practices[a-z0-9-]*\.jsonld"?$/);
    const documentLoader = (url: string) => Promise.reject(new Error(`no remote document may be loaded: ${url}`));
    return (await jsonld.expand((await res.json()) as never, { documentLoader: documentLoader as never })) as Array<Record<string, unknown>>;
  }
  const practicesOf = (nodes: Array<Record<string, unknown>>) =>
    nodes.filter((n) => ((n['@type'] ?? []) as string[]).includes(SG.Practice)).map((n) => n['@id'] as string).sort();

  it.each(['?fund=esf&typology=predominantly-rural', '?country=POL', '?q=Darjiu'])('%s: the practices /api/facets gives, each at the top, read by jsonld.js', async (state) => {
    const [nodes, answer] = await Promise.all([expanded(state), api(state)]);
    expect(practicesOf(nodes)).toEqual(answer.practices.map((p) => p.id).sort());
  });

  it('keeps every name with its language tag (a Polish name stays @language pl)', async () => {
    const nodes = await expanded('?country=POL');
    const drobin = nodes.find((n) => n['@id'] === `${DEFAULT_BASE}id/practice/cus-drobin`)!;
    const names = drobin['http://www.w3.org/2004/02/skos/core#prefLabel'] as Array<{ '@value': string; '@language'?: string }>;
    expect(names).toContainEqual({ '@value': 'Centrum Usług Środowiskowych', '@language': 'pl' });
    expect(names).toContainEqual({ '@value': 'Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin', '@language': 'en' });
  });

  it('nests what a practice links to, as its /doc JSON-LD does', async () => {
    const doc = (await (await get('/practices.jsonld?country=ROU')).json()) as { '@graph': Array<Record<string, unknown>> };
    const single = (await (await get('/doc/practice/darjiu-equestrian-centre?format=jsonld')).json()) as Record<string, unknown>;
    const { '@context': _context, ...node } = single;
    expect(doc['@graph']).toContainEqual(node['@graph'] ? (node['@graph'] as unknown[])[0] : node);
  });
});

describe('the downloads, as HTTP answers', () => {
  it.each(['/practices.csv', '/practices.jsonld'])('%s: a parameter that is not a filter, or a value no practice has, is the 400 of /api/facets', async (path) => {
    for (const query of ['?colour=red', '?fund=no-such-fund']) {
      const [ours, theirs] = await Promise.all([get(`${path}${query}`), get(`/api/facets${query}`)]);
      const [a, b] = await Promise.all([errorOf(ours, 400, 'invalid_parameter'), errorOf(theirs, 400, 'invalid_parameter')]);
      expect(a).toEqual(b);
    }
  });

  it.each(['/practices.csv', '/practices.jsonld'])('%s: an ETag per graph version and state, a 304 for it, compressed', async (path) => {
    const first = await get(`${path}?fund=esf`, { 'accept-encoding': 'br' });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^W/"${server.engine.version}-`));
    expect(first.headers.get('content-encoding')).toBe('br');
    expect((await get(`${path}?fund=esf`, { 'if-none-match': etag })).status).toBe(304);
    const other = await get(`${path}?fund=esf&typology=predominantly-rural`);
    expect(other.headers.get('etag')).not.toBe(etag);
    expect((await get(`${path}?fund=esf`, { 'accept-encoding': 'gzip' })).headers.get('content-encoding')).toBe('gzip');
  });

  it('the page links both downloads and the API with its state', async () => {
    const body = await (await get('/practices?fund=esf&typology=predominantly-rural', { accept: 'text/html' })).text();
    for (const path of ['practices.csv', 'practices.jsonld', 'api/facets']) {
      expect(body).toContain(`href="/${path}?fund=esf&amp;typology=predominantly-rural"`);
    }
  });
});

describe('Open in the SPARQL editor', () => {
  it.each(STATES)('%s: the query the page links returns, on /sparql, exactly the practices of /api/facets', async (state) => {
    const [query, answer] = await Promise.all([editorQuery(state), api(state)]);
    const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(res.status).toBe(200);
    const rows = ((await res.json()) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
    expect(rows.map((r) => r['practice']!.value)).toEqual(answer.practices.map((p) => p.id));
    expect(rows.every((r) => r['name'] !== undefined)).toBe(true);
  });

  it('says at its top that it leaves a search text out, and lists the practices of the filters alone', async () => {
    const query = await editorQuery('?q=Darjiu&fund=esf');
    expect(query.split('\n').filter((l) => l.startsWith('#')).join(' ')).toMatch(/search text "Darjiu" is left out/);
    const rows = ((await (await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } })).json()) as { results: { bindings: unknown[] } }).results.bindings;
    expect(rows).toHaveLength((await api('?fund=esf')).total);
  });

  it('keeps a search text with a line break inside its comment', async () => {
    const query = await editorQuery(`?q=${encodeURIComponent('x\nDROP ALL')}`);
    expect(query.split('\n').filter((l) => !l.startsWith('#')).join('\n')).not.toContain('DROP');
    expect((await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } })).status).toBe(200);
  });
});

describe('CSV formula injection', () => {
  let dir: string;
  let evil: TestServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segraph-csv-'));
    const file = join(dir, 'formulas.ttl');
    await writeFile(file, `@prefix sg: <https://w3id.org/segraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
<${DEFAULT_BASE}id/practice/formula-equals> a sg:Practice ; skos:prefLabel "=HYPERLINK(\\"https://evil.example/\\",\\"Click\\")"@en ; schema:startDate "-2024" .
<${DEFAULT_BASE}id/practice/formula-plus> a sg:Practice ; skos:prefLabel "+1+cmd|' /C calc'!A0"@en .
<${DEFAULT_BASE}id/practice/formula-at> a sg:Practice ; skos:prefLabel "@SUM(1+1)"@en .
<${DEFAULT_BASE}id/practice/formula-tab> a sg:Practice ; skos:prefLabel "\\t=1+2"@en .
`);
    evil = await startTestServer({ loads: [{ path: file, format: 'text/turtle', graph: `${DEFAULT_BASE}graph/test` }] });
  }, 120_000);
  afterAll(async () => {
    await evil?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a cell that a spreadsheet would run as a formula with a leading apostrophe', async () => {
    const rows = csvRows(await (await fetch(`${evil.url}practices.csv`)).text());
    const cell = (slug: string, column = 'Name') => rows.find((r) => r['IRI'] === `${DEFAULT_BASE}id/practice/${slug}`)![column];
    expect(cell('formula-equals')).toBe('\'=HYPERLINK("https://evil.example/","Click")');
    expect(cell('formula-equals', 'Start')).toBe("'-2024");
    expect(cell('formula-plus')).toBe("'+1+cmd|' /C calc'!A0");
    expect(cell('formula-at')).toBe("'@SUM(1+1)");
    expect(cell('formula-tab')).toBe("'\t=1+2");
    expect(cell('cus-drobin')).toBe('Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin');
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('the whole selection, past one page, and the JSON-LD limit', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ jsonLdDownloadMax: 3 });
  }, 120_000);
  afterAll(async () => small?.close());

  it('downloads every practice of the selection, not the page the list shows (limit=5)', async () => {
    const all = await api('');
    const rows = csvRows(await (await get('/practices.csv?limit=5')).text());
    expect(rows.map((r) => r['IRI']).sort()).toEqual(all.practices.map((p) => p.id).sort());
    expect(rows).toHaveLength(18);
  });

  it('draws the map of the whole selection whatever page the list shows', async () => {
    const regions = (body: string) => [...body.matchAll(/data-region="([^"]+)" data-count="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`).sort();
    const first = await (await get('/practices?limit=5', { accept: 'text/html' })).text();
    const later = await (await get('/practices?limit=5&offset=15', { accept: 'text/html' })).text();
    const whole = await (await get('/practices', { accept: 'text/html' })).text();
    expect(regions(first).length).toBeGreaterThan(5);
    expect(regions(first)).toEqual(regions(whole));
    expect(regions(later)).toEqual(regions(whole));
  });

  it('refuses a JSON-LD download of more practices than the limit with 400 selection_too_large, and serves a smaller one', async () => {
    const res = await fetch(`${small.url}practices.jsonld`);
    expect(await errorOf(res, 400, 'selection_too_large')).toMatchObject({ max: 3, found: 18 });
    const narrow = await fetch(`${small.url}practices.jsonld?country=POL`);
    expect(narrow.status).toBe(200);
    expect(JSON.stringify(await narrow.json())).toContain('cus-drobin');
  });
});
