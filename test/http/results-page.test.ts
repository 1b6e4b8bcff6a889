/**
 * SELECT and ASK answers as a page when a browser asks /sparql for HTML: the same rows as the
 * SPARQL JSON answer, escaped, our IRIs linked to their pages; clients that ask for data, or for
 * anything (`*\/*`), still get data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const PRACTICES = 'SELECT ?p ?label WHERE { ?p a <https://w3id.org/segraph/ontology#Practice> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?p ?label';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

const ask = (query: string, accept?: string, extra = '') =>
  fetch(`${server.endpoint}?query=${encodeURIComponent(query)}${extra}`, { headers: accept ? { accept } : {} });

describe('/sparql for a browser', () => {
  it('answers a SELECT as a table holding exactly the rows of the JSON answer', async () => {
    const page = await ask(PRACTICES, BROWSER);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('vary')).toMatch(/accept/i);
    const body = await page.text();
    const json = (await (await ask(PRACTICES, 'application/sparql-results+json')).json()) as { results: { bindings: Array<{ p: { value: string }; label: { value: string } }> } };
    const rows = [...body.matchAll(/<tr><td><a href="([^"]+)">([^<]+)<\/a><\/td><td>([^<]*)/g)];
    expect(rows).toHaveLength(json.results.bindings.length);
    rows.forEach((row, i) => {
      const b = json.results.bindings[i]!;
      expect(row[2]).toBe(b.p.value);
      expect(row[1]).toBe(`/doc/${b.p.value.slice('https://w3id.org/segraph/id/'.length)}`);
      expect(row[3]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'").trimEnd()).toBe(b.label.value);
    });
    expect(body).toContain(`<p>${rows.length} rows.</p>`);
  });

  it('escapes what the query and the data hold', async () => {
    const body = await (await ask('SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }', BROWSER)).text();
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('answers ASK, and format=html asks for the page by name', async () => {
    expect(await (await ask('ASK { ?s ?p ?o }', BROWSER)).text()).toContain('ASK: <strong>yes (true)</strong>');
    const named = await ask('ASK { <urn:x:no> ?p ?o }', 'application/sparql-results+json', '&format=html');
    expect(named.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await named.text()).toContain('ASK: <strong>no (false)</strong>');
  });

  it('gives data to clients that ask for data, or for anything', async () => {
    for (const [accept, type] of [
      [undefined, 'application/sparql-results+json'], ['*/*', 'application/sparql-results+json'],
      ['application/sparql-results+xml', 'application/sparql-results+xml'], ['text/csv', 'text/csv'],
      ['application/sparql-results+json,application/json,text/javascript,application/javascript', 'application/sparql-results+json'], // SPARQLWrapper
    ] as const) {
      expect((await ask(PRACTICES, accept)).headers.get('content-type'), String(accept)).toMatch(new RegExp(`^${type.replace('+', '\\+')}`));
    }
    // A graph is never a table: CONSTRUCT for a browser is still RDF.
    expect((await ask('CONSTRUCT WHERE { ?s a ?t } LIMIT 1', BROWSER)).headers.get('content-type')).not.toMatch(/^text\/html/);
  });

  it('has its own ETag, apart from the JSON answer\'s', async () => {
    const [page, data] = await Promise.all([ask(PRACTICES, BROWSER), ask(PRACTICES, 'application/sparql-results+json')]);
    expect(page.headers.get('etag')).toMatch(/-html"$/);
    expect(page.headers.get('etag')).not.toBe(data.headers.get('etag'));
    const again = await ask(PRACTICES, BROWSER);
    expect(again.headers.get('etag')).toBe(page.headers.get('etag'));
    const cached = await fetch(`${server.endpoint}?query=${encodeURIComponent(PRACTICES)}`, { headers: { accept: BROWSER, 'if-none-match': page.headers.get('etag')! } });
    expect(cached.status).toBe(304);
  });
});
