/**
 * Behind a reverse proxy at a sub-path (`--public-url http://host/segraph/`, the proxy passing
 * `/segraph/x` on as `/x`), every link we give out — in pages, JSON bodies, `Location` and `Link`
 * headers — must stay under the proxy's path. A crawler follows them through a real proxy.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PREFIX = '/segraph/';
/** What a browser asks for when a person follows a link. */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
let server: TestServer;
let proxy: http.Server;
let origin = '';

/** A reverse proxy: `/segraph/x` → the server's `/x`; anything else is the proxy's own 404. */
function startProxy(): Promise<http.Server> {
  const p = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(PREFIX)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`outside ${PREFIX}: ${url}`);
      return;
    }
    const target = new URL(server.url);
    const upstream = http.request({
      host: target.hostname, port: target.port, method: req.method, path: `/${url.slice(PREFIX.length)}`, headers: req.headers,
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => p.listen(0, '127.0.0.1', () => resolve(p)));
}

beforeAll(async () => {
  proxy = await startProxy();
  origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  server = await startTestServer({ workers: 1, publicUrl: `${origin}${PREFIX}` });
}, 60_000);
afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await server?.close();
});

/** The links of an HTML page: a/link href, form action (same-origin paths and absolute URLs). */
const hrefsOf = (html: string): string[] =>
  [...html.matchAll(/<(?:a|link)\b[^>]*?\shref="([^"]*)"|<form\b[^>]*?\saction="([^"]*)"/g)].map((m) => (m[1] ?? m[2]!).replace(/&amp;/g, '&'));
/** The targets of a Link header. */
const linkTargets = (header: string | null): string[] => [...(header ?? '').matchAll(/<([^>]*)>/g)].map((m) => m[1]!);

/** A link of ours, resolved against the page; undefined for another origin or a fragment of the same page. */
function ours(link: string, page: string): URL | undefined {
  if (link.startsWith('#')) return undefined;
  const url = new URL(link, page);
  return url.origin === origin ? url : undefined;
}

describe('behind a proxy at a sub-path', () => {
  it('keeps every link of every page under the proxy\'s path, and each answers', async () => {
    const seen = new Set<string>();
    // The home page, and a practice's IRI: the pages of things link on to each other.
    const queue = [`${origin}${PREFIX}`, `${origin}${PREFIX}id/practice/doeners-be`];
    const outside: string[] = [];
    const broken: string[] = [];
    while (queue.length > 0 && seen.size < 120) {
      const at = queue.shift()!;
      if (seen.has(at)) continue;
      seen.add(at);
      const res = await fetch(at, { headers: { accept: BROWSER }, redirect: 'manual' });
      if (res.status >= 400) broken.push(`${res.status} ${at}`);
      const links = [...linkTargets(res.headers.get('link')), ...(res.headers.get('location') ? [res.headers.get('location')!] : [])];
      const type = res.headers.get('content-type') ?? '';
      if (type.startsWith('text/html')) links.push(...hrefsOf(await res.text()));
      else await res.arrayBuffer();
      for (const link of links) {
        const url = ours(link, at);
        if (!url) continue;
        if (!url.pathname.startsWith(PREFIX)) outside.push(`${link} (on ${at})`);
        // Pages, not every data form and query of them: enough to reach every page kind.
        else if (!url.search || /^\?(format=|graph=)/.test(url.search) === false) queue.push(url.href);
      }
    }
    expect(outside).toEqual([]);
    expect(broken).toEqual([]);
    expect(seen.size).toBeGreaterThan(50); // it did crawl: home, endpoint, dumps, ontology, documents
    expect([...seen].some((u) => u.includes(`${PREFIX}doc/practice/`))).toBe(true);
  }, 60_000);

  it('redirects an IRI to its document under the proxy\'s path', async () => {
    const res = await fetch(`${origin}${PREFIX}id/practice/doeners-be`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${PREFIX}doc/practice/doeners-be`);
    const catalogued = await fetch(`${origin}${PREFIX}id/dataset/segraph`, { redirect: 'manual' });
    expect(catalogued.headers.get('location')).toBe(`${PREFIX}catalog`);
  });

  it('gives paths under the proxy\'s path in JSON answers and their Link headers', async () => {
    const list = await fetch(`${origin}${PREFIX}api/queries`);
    const { queries } = (await list.json()) as { queries: Array<{ href: string; sparql: string; example?: string }> };
    for (const q of queries) for (const path of [q.href, q.sparql, q.example ?? PREFIX]) expect(path.startsWith(PREFIX), path).toBe(true);

    const first = queries.find((q) => q.example) ?? queries[0]!;
    const answer = await fetch(`${origin}${first.example ?? first.href}${(first.example ?? first.href).includes('?') ? '&' : '?'}limit=1`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { sparql?: string };
    for (const target of linkTargets(answer.headers.get('link'))) expect(target.startsWith(PREFIX), target).toBe(true);
    if (body.sparql) expect(body.sparql.startsWith(`${PREFIX}sparql?query=`)).toBe(true);

    const search = await fetch(`${origin}${PREFIX}api/search?q=cooperative&limit=1`);
    const hits = (await search.json()) as { results: Array<{ document: string | null }> };
    for (const target of linkTargets(search.headers.get('link'))) expect(target.startsWith(PREFIX), target).toBe(true);
    for (const hit of hits.results) if (hit.document) expect(hit.document.startsWith(`${PREFIX}doc/`)).toBe(true);

    const dumps = (await (await fetch(`${origin}${PREFIX}dumps/`, { headers: { accept: 'application/json' } })).json()) as { catalog: string; dumps: Array<{ url: string }> };
    expect(dumps.catalog).toBe(`${PREFIX}catalog`);
    for (const d of dumps.dumps) expect((await fetch(`${origin}${d.url}`, { method: 'HEAD' })).status).toBe(200);
  });

  it('links the error page under the proxy\'s path', async () => {
    const res = await fetch(`${origin}${PREFIX}no/such/page`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    for (const link of hrefsOf(await res.text())) expect(ours(link, `${origin}${PREFIX}`)?.pathname.startsWith(PREFIX) ?? true, link).toBe(true);
  });
});
