/**
 * The pages for people: the home page says what is here, its example questions really answer,
 * and nothing from the data can inject markup.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERIES } from '../../src/http/pages.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const EVIL_GRAPH = 'http://example.org/graph/evil';
const EVIL = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

describe('the home page', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segraph-site-'));
    const file = join(dir, 'evil.ttl');
    await writeFile(file, `<${EVIL_GRAPH}> <http://www.w3.org/2000/01/rdf-schema#label> ${JSON.stringify(EVIL)}@en ;
      <http://www.w3.org/2000/01/rdf-schema#comment> "A & B < C"@en .\n`);
    server = await startTestServer({ loads: [{ path: file, format: 'text/turtle', graph: EVIL_GRAPH }] });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is an HTML page naming the graph version, the counts, the endpoint and the named graphs', async () => {
    const res = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await res.text();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain(server.engine.version);
    expect(page).toContain(server.engine.stats.quads.toLocaleString('en'));
    expect(page).toContain('href="/sparql"');
    expect(page).toContain('href="/.well-known/void"');
    expect(page).toContain('Curation'); // the label of graph/curation, from the data
  });

  it('shows a literal containing markup as text, never as markup', async () => {
    const page = await (await fetch(server.url)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(page).toContain('A &amp; B &lt; C');
  });

  it('answers its example questions: each link runs and returns rows', async () => {
    const page = await (await fetch(server.url)).text();
    for (const example of EXAMPLE_QUERIES) {
      const href = `/sparql?query=${encodeURIComponent(example.query)}`;
      expect(page).toContain(href.replace(/&/g, '&amp;'));
      const res = await fetch(new URL(href, server.url), { headers: { accept: 'application/sparql-results+json' } });
      expect(res.status, example.title).toBe(200);
      const json = (await res.json()) as { results: { bindings: unknown[] } };
      expect(json.results.bindings.length, example.title).toBeGreaterThan(0);
    }
  });

  it('the ESF-in-rural-regions example finds exactly Drobin and Dârjiu', async () => {
    const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(EXAMPLE_QUERIES[0]!.query)}`);
    const json = (await res.json()) as { results: { bindings: Array<{ practice: { value: string } }> } };
    expect(json.results.bindings.map((b) => b.practice.value.replace(/.*\//, ''))).toEqual(['cus-drobin', 'darjiu-equestrian-centre']);
  });

  it('answers 404 as JSON for a path that does not exist, and 405 for POST /', async () => {
    const missing = await fetch(new URL('/nothing-here', server.url));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const post = await fetch(server.url, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers a browser\'s icon request with 204, cached, not a 404 in its console', async () => {
    const res = await fetch(new URL('/favicon.ico', server.url));
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await res.text()).toBe('');
  });
});
