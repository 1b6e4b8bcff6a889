/**
 * Dereferencing, as the checklist in ../shared/suites/README.md (from Vapour and the LDP read
 * tests) puts it: thing IRIs answer 303 to a negotiated document that describes them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as RDFJS from '@rdfjs/types';
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLdToQuads } from '../../src/graph/jsonld.js';
import { DATASET_IRI, DEFAULT_BASE, PUBLISHER_IRI, RDF, RDFS, SG } from '../../src/vocab/namespace.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ID = `${DEFAULT_BASE}id/`;
const EVIL = '<script>alert("x")</script>';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let server: TestServer;
let dir: string;
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(new URL(path, server.url), { headers, method, redirect: 'manual' });

/** Our JSON-LD names its context by IRI: it is read with our loader, which never goes online. */
async function triplesOf(body: string, type: string, base: string): Promise<Array<{ s: string; p: string; o: string }>> {
  const quads = type.startsWith('application/ld+json')
    ? await jsonLdToQuads(JSON.parse(body) as never)
    : type.startsWith('application/rdf+xml')
      ? oxigraph.parse(body, { format: type.split(';')[0]!, base_iri: base })
      : new N3.Parser({ baseIRI: base }).parse(body);
  return quads.map((q) => ({ s: q.subject.value, p: q.predicate.value, o: q.object.value }));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segraph-deref-'));
  const evil = join(dir, 'evil.ttl');
  await writeFile(evil, `<${ID}practice/evil> a <${SG.Practice}> ; <${RDFS.label}> ${JSON.stringify(EVIL)}@en .\n`);
  server = await startTestServer({ loads: [{ path: evil, format: 'text/turtle', graph: `${DEFAULT_BASE}graph/test` }] });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('thing IRIs', () => {
  it('answer 303 See Other to their document, whatever the Accept, with Vary: Accept', async () => {
    for (const accept of ['text/turtle', 'application/ld+json', BROWSER, '*/*']) {
      const res = await get('/id/practice/doeners-be', { accept });
      expect(res.status, accept).toBe(303);
      expect(res.headers.get('location')).toBe('/doc/practice/doeners-be');
      expect(res.headers.get('vary')).toMatch(/Accept/);
    }
  });

  it('answer 404, never 303, for an IRI nothing is known about', async () => {
    expect((await get('/id/practice/no-such-practice')).status).toBe(404);
    expect((await get('/doc/practice/no-such-practice')).status).toBe(404);
    expect((await get('/id/practice/%3Cscript%3E')).status).toBe(404);
  });

  it('work for named graphs too', async () => {
    const res = await get('/graph/secon-report');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/doc/graph/secon-report');
    expect((await get('/doc/graph/secon-report', { accept: 'text/turtle' })).status).toBe(200);
  });
});

describe('the dataset and its publisher', () => {
  it('answer 303 to the DCAT-AP catalogue, which describes them', async () => {
    for (const iri of [DATASET_IRI, PUBLISHER_IRI]) {
      const path = iri.slice(DEFAULT_BASE.length - 1);
      const res = await get(path, { accept: 'text/turtle' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/catalog');
      expect((await get(`/doc/${path.slice('/id/'.length)}?format=ttl`)).headers.get('location')).toBe('/catalog?format=ttl');
      const doc = await get('/catalog', { accept: 'text/turtle' });
      const triples = await triplesOf(await doc.text(), 'text/turtle', `${server.url}catalog`);
      expect(triples.some((t) => t.s === iri && t.p === RDF.type), `the catalogue gives <${iri}> a type`).toBe(true);
    }
  });
});

describe('documents', () => {
  const doc = '/doc/practice/doeners-be';
  const subject = `${ID}practice/doeners-be`;

  it.each([
    [undefined, 'text/turtle'], ['*/*', 'text/turtle'], ['application/ld+json', 'application/ld+json'],
    ['application/n-triples', 'application/n-triples'], ['application/rdf+xml', 'application/rdf+xml'],
    ['application/rdf+xml;q=0.5,text/html;q=0.3', 'application/rdf+xml'], ['text/html,application/rdf+xml', 'text/html'],
    [BROWSER, 'text/html'],
  ])('Accept %s → %s; an RDF body describes the IRI with a type', async (accept, type) => {
    const res = await get(doc, accept ? { accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')!.split(';')[0]).toBe(type);
    const body = await res.text();
    if (type === 'text/html') return;
    const triples = await triplesOf(body, type, `${server.url}`);
    expect(triples.some((t) => t.s === subject)).toBe(true);
    expect(triples.some((t) => t.s === subject && t.p === RDF.type)).toBe(true);
  });

  it.each([['ttl', 'text/turtle'], ['jsonld', 'application/ld+json'], ['nt', 'application/n-triples'], ['rdf', 'application/rdf+xml'], ['html', 'text/html']])(
    '?format=%s overrides Accept', async (format, type) => {
      const res = await get(`${doc}?format=${format}`, { accept: 'text/turtle;q=0.1, image/png' });
      expect(res.headers.get('content-type')!.split(';')[0]).toBe(type);
    });

  it('has ETag, answers If-None-Match with 304, HEAD with the same headers, and 406 for an unsupported type', async () => {
    const first = await get(doc, { accept: 'text/turtle' });
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await get(doc, { accept: 'text/turtle', 'if-none-match': etag })).status).toBe(304);
    const head = await get(doc, { accept: 'text/turtle' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(head.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await head.text()).toBe('');
    expect((await get(doc, { accept: 'image/png' })).status).toBe(406);
  });

  it('advertises its alternates in Link headers', async () => {
    const link = (await get(doc, { accept: 'text/html' })).headers.get('link')!;
    for (const type of ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml']) {
      expect(link).toContain(`rel="alternate"; type="${type}"`);
    }
  });

  it('lists what links to the resource: an organisation its practices, a fund its programmes and practices, a region its practices', async () => {
    const ttl = async (path: string) => triplesOf(await (await get(path, { accept: 'text/turtle' })).text(), 'text/turtle', server.url);
    const org = await ttl('/doc/organisation/province-of-flemish-brabant');
    expect(org.filter((t) => t.p === SG.implementedBy && t.o === `${ID}organisation/province-of-flemish-brabant`).map((t) => t.s).sort())
      .toEqual([`${ID}practice/doeners-be`, `${ID}practice/people-made`]);
    const esf = await ttl('/doc/fund/esf');
    expect(esf.some((t) => t.p === SG.fund && t.s === `${ID}practice/cus-drobin`)).toBe(true);
    expect(esf.some((t) => t.p === SG.fund && t.s.startsWith(`${ID}programme/`))).toBe(true);
  });
});

describe('pages for people', () => {
  it('are readable pages: title, summary, facts with labels, links to the data forms', async () => {
    const page = await (await get('/doc/practice/doeners-be', { accept: BROWSER })).text();
    expect(page).toContain('<h1>Doeners.be</h1>');
    expect(page).toContain('job matcher tool');
    expect(page).toContain('Implemented by');
    expect(page).toContain('href="/doc/organisation/province-of-flemish-brabant"');
    expect(page).toContain('href="/doc/practice/doeners-be?format=ttl"');
  });

  it('use the reader\'s language with a fallback, and keep native names', async () => {
    const nl = await (await get('/doc/organisation/province-of-flemish-brabant?lang=nl', { accept: 'text/html' })).text();
    expect(nl).toContain('<h1>Provincie Vlaams-Brabant</h1>');
    const en = await (await get('/doc/organisation/province-of-flemish-brabant', { accept: 'text/html', 'accept-language': 'fi, en;q=0.5' })).text();
    expect(en).toContain('<h1>Province of Flemish Brabant</h1>');
    expect(en).toContain('Provincie Vlaams-Brabant');
  });

  it('read ?lang= as a list, in its order, before Accept-Language (as the question API does)', async () => {
    const page = async (query: string, headers: Record<string, string> = {}) =>
      (await (await get(`/doc/organisation/province-of-flemish-brabant${query}`, { accept: 'text/html', ...headers })).text()).match(/<h1>(.*?)<\/h1>/)?.[1];
    expect(await page('?lang=nl,en')).toBe('Provincie Vlaams-Brabant');
    expect(await page('?lang=fi,nl')).toBe('Provincie Vlaams-Brabant');
    expect(await page('?lang=en,nl')).toBe('Province of Flemish Brabant');
    expect(await page('?lang=en', { 'accept-language': 'nl' })).toBe('Province of Flemish Brabant');
    expect(await page('', { 'accept-language': 'en;q=0.4, nl' })).toBe('Provincie Vlaams-Brabant');
  });

  it('show a literal containing markup as text', async () => {
    const page = await (await get('/doc/practice/evil', { accept: 'text/html' })).text();
    expect(page).not.toContain(EVIL);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('the ontology', () => {
  it('is served at its namespace: Turtle by default, parseable, with every class labelled', async () => {
    const res = await get('/ontology');
    expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const triples = await triplesOf(await res.text(), 'text/turtle', server.url);
    expect(triples.some((t) => t.s === SG.Practice && t.p === RDFS.label)).toBe(true);
    expect(triples.some((t) => t.s === SG.implementedBy && t.p === RDFS.range)).toBe(true);
  });

  it('as JSON-LD for machines and an HTML reference for people, with labels, comments, domains, ranges and alignments', async () => {
    const jsonld = await get('/ontology', { accept: 'application/ld+json' });
    expect(jsonld.headers.get('content-type')).toBe('application/ld+json');
    expect(JSON.parse(await jsonld.text())).toBeTruthy();
    const page = await (await get('/ontology', { accept: BROWSER })).text();
    expect(page).toContain('id="Practice"');
    expect(page).toContain('good practice');
    expect(page).toMatch(/<th scope="row">range<\/th><td><a href="#Citation">/);
    expect(page).toContain('rdfs:subClassOf');
  });
});

describe('JSON-LD documents', () => {
  const sorted = (quads: readonly RDFJS.Quad[]) =>
    [...new Set(quads.map((q) => new N3.Writer({ format: 'N-Triples' }).quadToString(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object)))].sort();

  it.each(['practice/doeners-be', 'practice/cus-drobin', 'organisation/province-of-flemish-brabant', 'fund/esf'])(
    '%s: compacted with our context inlined, and expands to exactly the Turtle document\'s triples', async (path) => {
      const jsonRes = await get(`/doc/${path}`, { accept: 'application/ld+json' });
      expect(jsonRes.headers.get('content-type')).toBe('application/ld+json');
      const doc = JSON.parse(await jsonRes.text()) as Record<string, unknown>;
      expect(doc['@context']).toEqual(expect.objectContaining({ sg: SG.iri }));   // inlined: nothing to fetch
      const fromJson = await jsonLdToQuads(doc as never);
      const ttl = new N3.Parser().parse(await (await get(`/doc/${path}`, { accept: 'text/turtle' })).text());
      expect(sorted(fromJson)).toEqual(sorted(ttl));
    });

  it('frames a practice as one object nesting its organisations, funding and results', async () => {
    const doc = JSON.parse(await (await get('/doc/practice/doeners-be?format=jsonld')).text()) as Record<string, unknown>;
    const text = JSON.stringify(doc);
    const graph = (doc['@graph'] as Array<Record<string, unknown>> | undefined) ?? [doc];
    const practice = graph.find((n) => String(n['@id']).endsWith('practice/doeners-be'))!;
    expect(practice).toBeDefined();
    const nested = JSON.stringify(practice);
    expect(nested).toContain('49000');                        // a funding amount, nested
    expect(nested).toContain('Province of Flemish Brabant');   // the implementer's label, nested
    expect(text).not.toContain('"http://schema.org/funding"'); // compacted, not expanded
  });

  it('publishes the context at its IRI', async () => {
    const res = await get('/ontology/context.jsonld');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json');
    const ctx = JSON.parse(await res.text()) as { '@context': Record<string, unknown> };
    expect(ctx['@context']['sg']).toBe(SG.iri);
  });
});
