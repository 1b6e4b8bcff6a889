/**
 * The explorer's /practices page, as the server renders it (no JavaScript): the same practices
 * and counts as /api/facets for the same URL, the selection kept in the URL, text escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

interface Api {
  total: number;
  practices: Array<{ id: string; label?: string; document?: string }>;
  facets: Record<string, { values: Array<{ value: string; count: number; selected: boolean }> }>;
}

const api = async (query: string) => (await (await fetch(`${server.url}api/facets${query}`, { headers: { 'accept-language': 'en' } })).json()) as Api;
async function page(query: string): Promise<string> {
  const res = await fetch(`${server.url}practices${query}`, { headers: { accept: 'text/html', 'accept-language': 'en' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return res.text();
}
/** The practice links of the results list, in order. */
const listed = (body: string) => [...body.slice(body.indexOf('id="results"')).matchAll(/<li><a href="([^"]+)">/g)].map((m) => m[1]!);
/** name=value → [checked, count] of each facet checkbox. */
function boxes(body: string): Map<string, [boolean, number]> {
  const out = new Map<string, [boolean, number]>();
  for (const m of body.matchAll(/<input type="checkbox" name="([^"]+)" value="([^"]+)"( checked)?>[^<]*<span class="muted">\((\d+)\)<\/span>/g)) {
    out.set(`${m[1]}=${m[2]}`, [m[3] !== undefined, Number(m[4])]);
  }
  return out;
}

describe('/practices', () => {
  it.each(['', '?fund=esf&typology=predominantly-rural', '?country=POL', '?q=cooperative', '?q=Darjiu', '?sdg=8&theme=social-inclusion'])(
    '%s lists exactly the practices /api/facets gives, with its counts and the selection checked', async (query) => {
      const [body, answer] = await Promise.all([page(query), api(query)]);
      expect(listed(body)).toEqual(answer.practices.map((p) => p.document));
      expect(body).toMatch(new RegExp(`<h2 id="results"[^>]*>${answer.total} practices?</h2>`));
      const shown = boxes(body);
      for (const [name, facet] of Object.entries(answer.facets)) {
        for (const v of facet.values.filter((x) => x.count > 0 || x.selected)) {
          expect(shown.get(`${name}=${v.value}`), `${name}=${v.value}`).toEqual([v.selected, v.count]);
        }
      }
      expect(shown.size).toBe(Object.values(answer.facets).flatMap((f) => f.values.filter((x) => x.count > 0 || x.selected)).length);
    });

  it('lists every practice of the seed graph with no filter, and finds Dârjiu by "Darjiu"', async () => {
    expect(listed(await page(''))).toHaveLength(18);
    expect(listed(await page('?q=Darjiu'))).toContain('/doc/practice/darjiu-equestrian-centre');
  });

  it('pages the results with previous and next links that keep the selection', async () => {
    const first = await page('?fund=esf&limit=2');
    const whole = await api('?fund=esf');
    expect(listed(first)).toEqual(whole.practices.slice(0, 2).map((p) => p.document));
    expect(first).toContain('href="/practices?fund=esf&amp;limit=2&amp;offset=2" rel="next"');
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('<input type="hidden" name="limit" value="2">');
    const second = await page('?fund=esf&limit=2&offset=2');
    expect(listed(second)).toEqual(whole.practices.slice(2, 4).map((p) => p.document));
    expect(second).toContain('<ol start="3">');
    expect(second).toContain('href="/practices?fund=esf&amp;limit=2" rel="prev"');
    expect(listed(await page(''))).toHaveLength(18); // one page: no pager
    expect(await page('')).not.toContain('class="pager"');
  });

  it('keeps the search text in the box, escaped, and never as markup', async () => {
    const body = await page(`?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(body).not.toContain('<script>');
    expect(body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('links the same selection as data, and the home page links here', async () => {
    expect(await page('?fund=esf')).toContain('href="/api/facets?fund=esf"');
    expect(await (await fetch(server.url, { headers: { accept: 'text/html' } })).text()).toContain('href="/practices"');
  });

  it('answers a filter that is not one with 400 invalid_parameter, as a page for a browser', async () => {
    const res = await fetch(`${server.url}practices?colour=red`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<code>invalid_parameter</code>');
  });
});
