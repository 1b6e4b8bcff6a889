/**
 * The query editor's page and files over HTTP: `GET /sparql` for a browser keeps the plain form
 * and adds the editor's stylesheets, configuration block and scripts; every file it names is served
 * from /assets/ with its type and a year of caching; the page alone has the editor's Content
 * Security Policy (also on a 304); the configuration is data, escaped; and the prefixes it starts
 * with are the ones the data uses.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { CONTENT_SECURITY_POLICY } from '../../src/http/security.js';
import { EDITOR_PREFIXES, editorAssets, jsonForScript, type EditorConfig } from '../../src/http/sparql-editor.js';
import { PREFIXES } from '../../src/graph/prefixes.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function editorPage(headers: Record<string, string> = {}) {
  const res = await fetch(server.endpoint, { headers: { accept: BROWSER, ...headers } });
  return { res, body: await res.text() };
}

const configOf = (body: string): EditorConfig => {
  const block = /<script type="application\/json" id="sparql-editor-config">([^<]*)<\/script>/.exec(body);
  expect(block).not.toBeNull();
  return JSON.parse(block![1]!) as EditorConfig;
};

describe('GET /sparql for a browser: the editor page', () => {
  it('keeps the plain form inside the container the editor replaces, and loads the editor with scripts from /assets only', async () => {
    const { res, body } = await editorPage();
    expect(res.status).toBe(200);
    expect(body).toMatch(/<div id="sparql-editor">\n<form method="get" action="\/sparql">/);
    const scripts = [...body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    // The data block, then YASGUI and our bootstrap, in that order, deferred; no inline script.
    expect(scripts).toEqual([
      ' type="application/json" id="sparql-editor-config"',
      expect.stringMatching(/^ src="\/assets\/yasgui\/yasgui\.[0-9a-f]{12}\.js" defer$/),
      expect.stringMatching(/^ src="\/assets\/yasgui\/boot\.[0-9a-f]{12}\.js" defer$/),
    ]);
    expect(body).toMatch(/<link rel="stylesheet" href="\/assets\/yasgui\/yasgui\.[0-9a-f]{12}\.css">/);
  });

  it('serves every file the page names, with its type and a year of immutable caching', async () => {
    const { body } = await editorPage();
    const urls = [...body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(4);
    for (const url of urls) {
      const res = await fetch(new URL(url, server.url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toMatch(url.endsWith('.js') ? /^(application|text)\/javascript; charset=utf-8$/i : /^text\/css; charset=utf-8$/i);
      expect(res.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const text = await res.text();
      expect(text.length, url).toBeGreaterThan(100);
      expect(text, url).not.toMatch(/sourceMappingURL/);
    }
    // YASGUI's script (about 1 MB) travels compressed.
    const script = urls.find((u) => u.includes('/yasgui.') && u.endsWith('.js'))!;
    const encoded = await new Promise<{ encoding: string | undefined; bytes: number }>((resolve, reject) => {
      request(new URL(script, server.url), { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes }));
      }).on('error', reject).end();
    });
    expect(encoded.encoding).toBe('gzip');
    expect(encoded.bytes).toBeLessThan(400_000);
    // The version served is the package's, said in the manifest.
    const manifest = editorAssets()!.manifest;
    expect(manifest.package).toBe('@zazuko/yasgui');
    expect(manifest.version).toMatch(/^4\.\d+\.\d+$/);
  });

  it('configures the editor: our endpoint under the site path, our prefixes, a starting query, the example questions', async () => {
    const config = configOf((await editorPage()).body);
    expect(config.endpoint).toBe('/sparql');
    expect(Object.keys(config.prefixes)).toEqual(EDITOR_PREFIXES);
    expect(config.query).toMatch(/^PREFIX sg: <https:\/\/w3id\.org\/segraph\/ontology#>\n/);
    expect(config.query.match(/PREFIX rdfs:/g)).toHaveLength(1); // the example's own line is not repeated
    const list = (await (await fetch(`${server.url}api/queries`)).json()) as { queries: Array<{ title: string }> };
    const titles = config.examples.map((e) => e.title);
    for (const q of list.queries) expect(titles).toContain(q.title);
    // Each question's SPARQL comes from the API, as it serves it.
    for (const example of config.examples) {
      if (!('href' in example)) continue;
      expect(example.href).toMatch(/^\/api\/queries\/[a-z0-9-]+\?.*explain=$/);
      const res = await fetch(new URL(example.href, server.url));
      expect(res.status, example.href).toBe(200);
      expect(await res.text()).toMatch(/SELECT/);
    }
  });

  it('gives the editor page alone its policy: scripts, connections and stylesheets from our origin, nothing inline but one hashed style', async () => {
    const { res } = await editorPage();
    const policy = res.headers.get('content-security-policy')!;
    expect(policy).toBe(editorAssets()!.policy);
    const directives: Record<string, string[]> = Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['style-src']![0]).toBe("'self'");
    expect(directives['style-src']!.slice(1).every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s))).toBe(true);
    expect(policy).not.toMatch(/unsafe|\*|https?:/);
    // A 304 carries it too (a browser stores a 304's headers over the cached page's).
    const again = await fetch(server.endpoint, { headers: { accept: BROWSER, 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-security-policy')).toBe(policy);
    // The service description as data, a results page and the other pages keep the site's policy.
    for (const [url, accept] of [[server.endpoint, 'text/turtle'], [`${server.endpoint}?query=ASK%7B%7D`, BROWSER], [server.url, BROWSER]] as const) {
      const other = await fetch(url, { headers: { accept } });
      expect(other.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('links a results page to the editor with its query', async () => {
    const query = 'SELECT * WHERE { ?s ?p "</script><script>alert(1)</script>" }';
    const body = await (await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: BROWSER } })).text();
    expect(body).toContain(`<a href="/sparql#query=${encodeURIComponent(query)}">Edit this query</a>`);
  });

  it('starts with prefixes the published graph uses', async () => {
    for (const prefix of EDITOR_PREFIXES) {
      const ns = PREFIXES[prefix]!;
      const ask = `ASK { { ?s ?p ?o FILTER(STRSTARTS(STR(?p), "${ns}")) } UNION { ?s a ?c FILTER(STRSTARTS(STR(?c), "${ns}")) }
        UNION { ?s ?p ?o FILTER(isLiteral(?o) && STRSTARTS(STR(DATATYPE(?o)), "${ns}")) } UNION { GRAPH ?g { ?x ?y ?z } FILTER(STRSTARTS(STR(?g), "${ns}")) } }`;
      const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(ask)}`, { headers: { accept: 'application/sparql-results+json' } });
      expect(((await res.json()) as { boolean: boolean }).boolean, prefix).toBe(true);
    }
  });
});

describe('behind a reverse proxy at a sub-path', () => {
  it('names the endpoint, the scripts and the questions under the site path', async () => {
    const proxied = await startTestServer({ publicUrl: 'https://data.example.org/segraph/' });
    try {
      const body = await (await fetch(proxied.endpoint, { headers: { accept: BROWSER } })).text();
      const config = configOf(body);
      expect(config.endpoint).toBe('/segraph/sparql');
      expect(config.examples.flatMap((e) => ('href' in e ? [e.href] : [])).every((h) => h.startsWith('/segraph/api/queries/'))).toBe(true);
      const urls = [...body.matchAll(/<(?:script src|link rel="stylesheet" href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(urls).toHaveLength(4);
      for (const url of urls) expect(url).toMatch(/^\/segraph\/assets\/yasgui\//);
    } finally {
      await proxied.close();
    }
  });
});

describe('without the built assets', () => {
  it('offers no editor when npm run build:web has not run (no manifest): the page keeps its plain form', () => {
    expect(editorAssets('/nonexistent-directory-of-web-assets/')).toBeUndefined();
  });
});

describe('jsonForScript: the configuration as a data block', () => {
  it('cannot end the element or open a comment, whatever the text holds, and reads back the same', () => {
    const hostile = { query: '</script><script>alert(1)</script><!-- & \u2028\u2029 "quoted"' };
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(hostile);
  });
});
