/**
 * /releases/: the list and each release as HTML and as RDF (read by Raptor, a parser we did not
 * write), the files of each release with their media types, lengths, ETags and checksums, and
 * 404s for everything else — unknown versions, files release.json does not list, `..`. Served
 * from files: the same over the store (vitest.config.ts OVER_THE_STORE).
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { HtmlValidate } from 'html-validate';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePython, requireRapper, run, runPython } from '../interop/debian-tools.js';
import { releasesFixture, REMOVED_PRACTICE, type ReleasesFixture } from '../helpers/releases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DATASET = 'https://w3id.org/segraph/id/dataset/segraph';
const V = (version: string) => `${DATASET}/release/${version}`;

let server: TestServer;
let fixture: ReleasesFixture;

beforeAll(async () => {
  fixture = await releasesFixture();
  server = await startTestServer({ workers: 1, releasesDir: fixture.dir });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const get = (path: string, accept = 'text/turtle', init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { accept, ...(init.headers as Record<string, string> | undefined) } });
const turtle = async (path: string) => new N3.Parser({ format: 'text/turtle', baseIRI: `${server.url}${path}` }).parse(await (await get(path)).text());
const objects = (quads: N3.Quad[], s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value).sort();

describe('GET /releases/', () => {
  it('as HTML: the releases newest first, with date, counts, notes (escaped) and links', async () => {
    const res = await get('releases/', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    expect(body.indexOf('>1.0.0</a>')).toBeGreaterThan(0);
    expect(body.indexOf('>1.0.0</a>')).toBeLessThan(body.indexOf('>0.9.0</a>'));
    expect(body).toContain('2026-02-01');
    expect(body).toContain('Since release 0.9.0: 1 resource added, 0 removed and ');
    expect(body).toContain('Before &lt;People Made&gt; &amp; co.');
    expect(body).not.toContain('<People Made>');
    expect(body).toContain('href="/releases/1.0.0/graph.nq.gz"');
    expect(body).toMatch(/>1\.0\.0<\/a> <span class="tag">served<\/span>/);
  });

  it('as RDF: each release a dcat:Dataset, a version of the dataset, the newest its current version', async () => {
    const quads = await turtle('releases/');
    expect(objects(quads, DATASET, `${DCAT}hasVersion`)).toEqual([V('0.9.0'), V('1.0.0')]);
    expect(objects(quads, DATASET, `${DCAT}hasCurrentVersion`)).toEqual([V('1.0.0')]);
    expect(objects(quads, V('1.0.0'), `${DCAT}previousVersion`)).toEqual([V('0.9.0')]);
    expect(objects(quads, V('0.9.0'), `${DCAT}previousVersion`)).toEqual([]);
    expect(objects(quads, V('1.0.0'), `${DCAT}version`)).toEqual(['1.0.0']);
    expect(objects(quads, V('1.0.0'), 'http://purl.org/dc/terms/issued')).toEqual(['2026-02-01']);
    expect(objects(quads, V('1.0.0'), `${DCAT}isVersionOf`)).toEqual([DATASET]);
    const [notes] = objects(quads, V('1.0.0'), 'http://www.w3.org/ns/adms#versionNotes');
    expect(notes).toMatch(/^Since release 0\.9\.0: 1 resource added, 0 removed and \d+ changed; \d+ triples added and \d+ removed.* The seed graph\.$/);
  });

  it.each([['turtle', 'text/turtle'], ['ntriples', 'application/n-triples'], ['rdfxml', 'application/rdf+xml']])(
    'is read by rapper as %s, every triple of the Turtle', async (syntax, type) => {
      await requireRapper();
      const count = async (s: string, body: string) => {
        const { code, stderr } = await run('rapper', ['-i', s, '-c', '-', `${server.url}releases/`], body);
        expect(code, stderr).toBe(0);
        expect(stderr).not.toMatch(/Error|Warning/);
        return Number(/Parsing returned (\d+) triples?/.exec(stderr)?.[1]);
      };
      const res = await get('releases/', type);
      expect(res.headers.get('content-type')?.split(';')[0]).toBe(type);
      expect(await count(syntax, await res.text())).toBe((await turtle('releases/')).length);
    });
});

describe('read by rdflib (Python), a client we did not write', () => {
  it('/releases/ and /releases/1.0.0/ in every form rdflib asks for (JSON-LD included), each isomorphic to the Turtle', async () => {
    await requirePython();
    const paths = ['releases/', 'releases/1.0.0/'];
    type Form = { triples?: number; isomorphic?: boolean; error?: string };
    const report = await runPython<{ documents: Record<string, Record<string, Form>> }>('linked_data_check.py', { base: server.url, resources: paths, practices: [], parts: ['documents'] });
    for (const path of paths) {
      const forms = Object.entries(report.documents[path]!);
      expect(forms.map(([form]) => form)).toEqual(expect.arrayContaining(['turtle', 'nt', 'rdfxml', 'jsonld', 'trig', 'nquads']));
      for (const [form, result] of forms) expect(result, `${path} as ${form}`).toMatchObject({ isomorphic: true });
      expect(report.documents[path]!['turtle']!.triples).toBe((await turtle(path)).length);
    }
  }, 60_000);
});

describe('GET /releases/<VERSION>/', () => {
  it('as HTML: the notes, the resources added with their triples, escaped', async () => {
    const body = await (await get('releases/1.0.0/', 'text/html')).text();
    expect(body).toContain('<h2>Resources added (1)</h2>');
    expect(body).toContain('<code class="iri">sgid:practice/people-made</code>');
    // Its hash-IRI nodes are listed under it, not as resources of their own.
    expect(body).toContain('+ sgid:practice/people-made#funding-2021 ');
    expect(body).not.toContain('<code class="iri">sgid:practice/people-made#');
    expect(body).toContain('+ sgid:practice/people-made skos:prefLabel &quot;People Made&quot;@en .');
    expect(body).not.toMatch(/^[+-] .*graph:inferred/m);
    expect(body).toMatch(/Inferred \(graph:inferred\): \d+ added, 0 removed\./);
  });

  it('the first release counts graphs and classes instead', async () => {
    const body = await (await get('releases/0.9.0/', 'text/html')).text();
    expect(body).toContain('The first release: ');
    expect(body).toContain('<h2>Classes</h2>');
    expect(body).not.toContain('Resources added');
  });

  it('as RDF: the release, its distribution with size and checksum, and its place among the versions', async () => {
    const quads = await turtle('releases/1.0.0/');
    const [distribution] = objects(quads, V('1.0.0'), `${DCAT}distribution`);
    const gz = fixture.newer.record.files.find((f) => f.file === 'graph.nq.gz')!;
    expect(objects(quads, distribution!, `${DCAT}downloadURL`)).toEqual([`${server.url}releases/1.0.0/graph.nq.gz`]);
    expect(objects(quads, distribution!, `${DCAT}byteSize`)).toEqual([String(gz.bytes)]);
    expect(objects(quads, distribution!, `${DCAT}mediaType`)).toEqual(['https://www.iana.org/assignments/media-types/application/n-quads']);
    expect(objects(quads, distribution!, `${DCAT}compressFormat`)).toEqual(['https://www.iana.org/assignments/media-types/application/gzip']);
    expect(quads.some((q) => q.predicate.value === 'http://spdx.org/rdf/terms#checksumValue' && q.object.value === gz.sha256)).toBe(true);
    expect(objects(quads, DATASET, `${DCAT}hasVersion`)).toEqual([V('1.0.0')]);
    // Of the previous version, only that it is a dataset.
    expect(quads.filter((q) => q.subject.value === V('0.9.0')).map((q) => `${q.predicate.value} ${q.object.value}`))
      .toEqual([`http://www.w3.org/1999/02/22-rdf-syntax-ns#type ${DCAT}Dataset`]);
  });

  it('the release IRI redirects (303) to its page', async () => {
    const res = await fetch(`${server.url}id/dataset/segraph/release/1.0.0`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/releases/1.0.0/');
  });
});

describe('the pages', () => {
  it.each(['releases/', 'releases/1.0.0/', 'releases/0.9.0/'])('%s is valid HTML (html-validate, recommended rules)', async (path) => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off' } });
    const report = await validator.validateString(await (await get(path, 'text/html')).text());
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`))).toEqual([]);
  });
});

describe('GET /releases/<VERSION>/<file>', () => {
  it('graph.nq.gz: gzip, its length, ETag and SHA-256 as release.json says, the graph inside', async () => {
    const gz = fixture.newer.record.files.find((f) => f.file === 'graph.nq.gz')!;
    const res = await get('releases/1.0.0/graph.nq.gz', '*/*');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-length')).toBe(String(gz.bytes));
    expect(res.headers.get('etag')).toBe(`"${gz.sha256}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(gz.sha256);
    expect(gunzipSync(bytes).toString('utf8')).toBe(fixture.nquads);
    expect((await get('releases/1.0.0/graph.nq.gz', '*/*', { headers: { 'if-none-match': `"${gz.sha256}"` } })).status).toBe(304);
    const head = await get('releases/1.0.0/graph.nq.gz', '*/*', { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(gz.bytes)]);
  });

  it.each([['added.nq', 'application/n-quads'], ['removed.nq', 'application/n-quads'], ['NOTES.md', 'text/markdown; charset=utf-8']])(
    '%s as %s', async (file, type) => {
      const listed = fixture.newer.record.files.find((f) => f.file === file)!;
      const res = await get(`releases/1.0.0/${file}`, '*/*');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(listed.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(listed.sha256);
      if (file === 'added.nq') expect(bytes.toString('utf8')).toContain(`<${REMOVED_PRACTICE}> `);
    });

  it.each([
    'releases/2.0.0/', 'releases/2.0.0/graph.nq.gz', 'releases/1.0.0/release.json', 'releases/0.9.0/added.nq',
    'releases/1.0.0/..%2Frelease.json', 'releases/..%2F1.0.0/NOTES.md', 'releases/%2e%2e/1.0.0', 'releases/1.0.0/%2e%2e%2f%2e%2e%2fpackage.json',
    'releases/.tmp/graph.nq.gz',
  ])('%s is a 404 not_found', async (path) => {
    const res = await get(path, 'application/json');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('writing is refused (405)', async () => {
    expect((await get('releases/1.0.0/graph.nq.gz', '*/*', { method: 'PUT' })).status).toBe(405);
  });
});
