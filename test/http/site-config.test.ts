/**
 * The site configuration (src/http/site-config.ts): the catalogue names everything under the base
 * IRI, whatever Host a client sends, and only what a client must fetch is under the public URL;
 * `/id/…` on our origin answers for the configured base.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPublicUrl, siteIriProblem } from '../../src/http/site-config.js';
import { DEFAULT_BASE } from '../../src/vocab/namespace.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const VOID = 'http://rdfs.org/ns/void#';
const PUBLIC_URL = 'https://data.example.org/segraph/';

/** GET with exactly these headers (fetch does not let a caller set Host). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const turtle = (body: string) => new N3.Parser({ format: 'text/turtle' }).parse(body);

describe('siteIriProblem: what --base and --public-url accept', () => {
  it.each([DEFAULT_BASE, 'http://localhost:3000/', 'https://data.example.org/segraph/', 'http://[::1]:8080/x/'])('accepts %s', (iri) => {
    expect(siteIriProblem(iri)).toBeUndefined();
  });
  it.each([
    ['w3id.org/segraph/', 'is not an absolute IRI'],
    ['ftp://example.org/', 'is not an http or https IRI'],
    ['urn:example:segraph/', 'is not an http or https IRI'],
    ['https://w3id.org/segraph', 'does not end in /'],
    ['https://example.org/a/?x=1', 'has a query or a fragment'],
    ['https://example.org/a/#', 'has a query or a fragment'],
    ['https://user:pw@example.org/', 'has a user name or password'],
    ['HTTPS://Example.org/a/', 'is not in normal form (write it as https://example.org/a/)'],
    ['https://example.org:443/a/', 'is not in normal form (write it as https://example.org/a/)'],
  ])('rejects %s: %s', (iri, reason) => {
    expect(siteIriProblem(iri)).toBe(reason);
  });
});

describe('defaultPublicUrl: from the address the server listens on', () => {
  it.each([
    ['127.0.0.1', 'http://127.0.0.1:3000/'], ['localhost', 'http://localhost:3000/'], ['::1', 'http://[::1]:3000/'],
    ['0.0.0.0', 'http://localhost:3000/'], ['::', 'http://localhost:3000/'],
    ['192.0.2.7', 'http://192.0.2.7:3000/'], ['data.example.org', 'http://data.example.org:3000/'], ['2001:db8::7', 'http://[2001:db8::7]:3000/'],
  ])('%s → %s', (host, url) => {
    expect(defaultPublicUrl(host, 3000)).toBe(url);
  });
});

describe('the catalogue and VoID with a public URL (a server behind a proxy)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ workers: 1, publicUrl: PUBLIC_URL });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('a request with Host: data.example.org gets the same catalogue as one without', async () => {
    const plain = await get(`${server.url}catalog`, { accept: 'text/turtle' });
    const other = await get(`${server.url}catalog`, { accept: 'text/turtle', host: 'data.example.org' });
    const proxied = await get(`${server.url}catalog`, { accept: 'text/turtle', host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(plain.status).toBe(200);
    expect(other.body).toBe(plain.body);
    expect(proxied.body).toBe(plain.body);
    expect(other.headers['etag']).toBe(plain.headers['etag']);
  });

  it('names the catalogue, dataset, distributions, service, contact point and publisher under the base', async () => {
    const quads = turtle((await get(`${server.url}catalog`, { accept: 'text/turtle', host: 'data.example.org' })).body);
    const named = [...new Set(quads.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode').map((t) => t.value))];
    const ours = named.filter((iri) => iri.startsWith(DEFAULT_BASE));
    expect(ours).toEqual(expect.arrayContaining([
      `${DEFAULT_BASE}catalog`, `${DEFAULT_BASE}id/dataset/segraph`, `${DEFAULT_BASE}id/agent/segraph`,
      `${DEFAULT_BASE}catalog#sparql-service`, `${DEFAULT_BASE}catalog#contact-point`, `${DEFAULT_BASE}catalog#rights`,
      `${DEFAULT_BASE}catalog#distribution-segraph.ttl`,
    ]));
    const subjects = new Set(quads.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value));
    expect([...subjects].filter((s) => s.startsWith('http://127.0.0.1') || s.includes('example.org'))).toEqual([]);
    expect(named.filter((iri) => iri.startsWith(server.url) || iri.includes('data.example.org:') || iri.startsWith('http://data.example.org'))).toEqual([]);
  });

  it('puts the public URL in the access, download and endpoint URLs, and nowhere else', async () => {
    const quads = turtle((await get(`${server.url}catalog`, { accept: 'text/turtle' })).body);
    const urls = quads.filter((q) => [`${DCAT}accessURL`, `${DCAT}downloadURL`, `${DCAT}endpointURL`, `${DCAT}endpointDescription`].includes(q.predicate.value));
    expect(urls.length).toBe(2 * server.snapshot!.manifest.dumps!.length + 2);
    for (const q of urls) expect(q.object.value.startsWith(PUBLIC_URL), q.object.value).toBe(true);
    expect(quads.filter((q) => q.predicate.value === `${DCAT}endpointURL`).map((q) => q.object.value)).toEqual([`${PUBLIC_URL}sparql`]);
    const elsewhere = quads.filter((q) => !urls.includes(q) && (q.subject.value.startsWith(PUBLIC_URL) || q.object.value.startsWith(PUBLIC_URL)));
    expect(elsewhere).toEqual([]);
  });

  it('VoID names the endpoint and the dumps at the public URL, whatever the Host', async () => {
    const quads = turtle((await get(`${server.url}.well-known/void`, { accept: 'text/turtle', host: 'data.example.org' })).body);
    const objects = (p: string) => quads.filter((q) => q.predicate.value === p).map((q) => q.object.value);
    expect(objects(`${VOID}sparqlEndpoint`)).toEqual([`${PUBLIC_URL}sparql`]);
    expect(objects(`${VOID}dataDump`).sort()).toEqual(server.snapshot!.manifest.dumps!.map((d) => `${PUBLIC_URL}dumps/${d.file}`).sort());
    expect(objects(`${VOID}uriSpace`)).toEqual([]); // the test server's dataset info has none; `serve` gives {base}id/
  });
});

describe('a configured base other than the default', () => {
  const BASE = 'https://example.org/other/';
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segraph-base-'));
    const file = join(dir, 'other.ttl');
    await writeFile(file, `<${BASE}id/thing/a> <http://www.w3.org/2000/01/rdf-schema#label> "A thing minted under another base"@en .
<${DEFAULT_BASE}id/practice/doeners-be> <http://www.w3.org/2000/01/rdf-schema#label> "A thing under the default base"@en .\n`);
    server = await startTestServer({ seed: false, workers: 1, base: BASE, loads: [{ path: file, format: 'text/turtle' }] });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('/id/… answers for {base}id/…: 303 to its document, which is about the IRI under that base', async () => {
    const res = await fetch(`${server.url}id/thing/a`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/doc/thing/a');
    const doc = await fetch(`${server.url}doc/thing/a`, { headers: { accept: 'text/turtle' } });
    expect(doc.status).toBe(200);
    expect(turtle(await doc.text()).map((q) => q.subject.value)).toContain(`${BASE}id/thing/a`);
  });

  it('an IRI under the default base is not answered for, though the data holds it', async () => {
    expect((await fetch(`${server.url}id/practice/doeners-be`, { redirect: 'manual' })).status).toBe(404);
  });

  it('the catalogue is named under it', async () => {
    const quads = turtle(await (await fetch(`${server.url}catalog`, { headers: { accept: 'text/turtle' } })).text());
    const catalogs = quads.filter((q) => q.object.value === `${DCAT}Catalog`).map((q) => q.subject.value);
    expect(catalogs).toEqual([`${BASE}catalog`]);
  });
});
