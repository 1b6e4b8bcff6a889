/**
 * The map on /practices, as the server renders it: a shaded, linked path for each NUTS region of
 * the listed practices with the count a click on it gives, links that keep the state and set the
 * region, GISCO's attribution, the region filter agreeing with /api/facets, hostile region values
 * refused with a coded 400, and the map module without its geometry or with hostile names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classesOf, loadNutsGeometry, nutsMap } from '../../src/http/nuts-map.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

interface Api { total: number; practices: Array<{ id: string; document?: string }> }
const api = async (query: string) => (await (await fetch(`${server.url}api/facets${query}`)).json()) as Api;
async function page(query: string): Promise<string> {
  const res = await fetch(`${server.url}practices${query}`, { headers: { accept: 'text/html', 'accept-language': 'en' } });
  expect(res.status).toBe(200);
  return res.text();
}
/** The map's linked regions: code → [count, href, aria-label]. */
function mapRegions(body: string): Map<string, { count: number; href: string; label: string; d: string }> {
  const map = body.slice(body.indexOf('<div id="map" data-swap>'), body.indexOf('</figure>'));
  const out = new Map<string, { count: number; href: string; label: string; d: string }>();
  for (const m of map.matchAll(/<a href="([^"]+)" aria-label="([^"]+)" data-region="([^"]+)" data-count="(\d+)"><title>[^<]+<\/title><path d="([^"]+)" fill="[^"]+"\/><\/a>/g)) {
    out.set(m[3]!, { href: m[1]!.replace(/&amp;/g, '&'), label: m[2]!, count: Number(m[4]), d: m[5]! });
  }
  return out;
}
const listed = (body: string) => [...body.slice(body.indexOf('id="results"')).matchAll(/<li><a href="([^"]+)">/g)].map((m) => m[1]!);

describe('the map on /practices', () => {
  it('draws each region the practices state, at the level they state it, with its count, name and urban–rural type', async () => {
    const regions = mapRegions(await page(''));
    // 18 practices; most state NUTS 3 regions; some state a NUTS 2 region only (the Flemish Brabant, Extremadura and Latvia ones).
    expect([...regions.keys()].sort()).toEqual([
      'BE24', 'BE241', 'BE242', 'BG422', 'DE126', 'DE128', 'EL632', 'EL653', 'ES43', 'ES432', 'LV00', 'LV007', 'PL921', 'PL923', 'PT11A', 'RO124',
    ].sort());
    expect(regions.get('PL923')).toMatchObject({ count: 1, label: 'Płocki (PL923): 1 practice, predominantly rural' });
    expect(regions.get('RO124')).toMatchObject({ count: 2, label: expect.stringMatching(/^Harghita \(RO124\): 2 practices, predominantly rural$/) });
    expect(regions.get('ES43')).toMatchObject({ count: 2, label: 'Extremadura (ES43): 2 practices' }); // NUTS 2: no type
    for (const r of regions.values()) expect(r.d).toMatch(/^M\d+ \d+l/);
  });

  it.each(['', '?fund=esf&typology=predominantly-rural', '?country=POL', '?q=cooperative', '?region=PL92', '?theme=employment&region=BE24'])(
    '%s: each region links to the same state with region=CODE, and its count is what that link lists', async (query) => {
      const body = await page(query);
      const regions = mapRegions(body);
      const state = new URLSearchParams(query);
      state.delete('region');
      expect(regions.size).toBeGreaterThan(0);
      for (const [code, r] of regions) {
        const href = new URL(r.href, server.url);
        expect(href.pathname).toBe('/practices');
        const expected = new URLSearchParams(state);
        expected.set('region', code);
        expect([...href.searchParams].sort()).toEqual([...expected].sort());
        expect((await api(href.search)).total, `${code} in ${query}`).toBe(r.count);
      }
      // The regions drawn are exactly those of the listed practices: each listed practice is in one of them.
      const listedPractices = listed(body);
      const inDrawn = new Set<string>();
      for (const code of regions.keys()) {
        const region = new URLSearchParams(query);
        region.delete('region');
        region.set('region', code);
        for (const p of (await api(`?${region}`)).practices) inDrawn.add(p.document!);
      }
      for (const p of listedPractices) expect(inDrawn, p).toContain(p);
    });

  it('region=PL92 lists the practices /api/facets gives (those in PL921 and PL923), draws them, and outlines PL92', async () => {
    const body = await page('?region=PL92');
    const answer = await api('?region=PL92');
    expect(answer.total).toBe(2);
    expect(listed(body)).toEqual(answer.practices.map((p) => p.document));
    expect([...mapRegions(body).keys()].sort()).toEqual(['PL921', 'PL923']);
    expect(body).toMatch(/<g aria-hidden="true" class="outline"><path d="M/);
    expect(body).toMatch(/<h2 id="results"[^>]*>2 practices<\/h2>/);
  });

  it('with one region selected, a summary box leads to its profile and to the practices it could learn from', async () => {
    const body = await page('?fund=esf&region=PL923');
    const box = body.slice(body.indexOf('<div class="region-summary">'), body.indexOf('</div>', body.indexOf('<div class="region-summary">')));
    expect(box).toContain('<strong>Płocki</strong> (PL923, NUTS 3, predominantly rural): 1 practice with your filters.');
    expect(box).toContain('<a class="region-profile" href="/regions/PL923">Open the profile of Płocki →</a>');
    expect(box).toContain('<a href="/learn?region=PL923">');
    expect(box).toContain('<a href="/practices?fund=esf">All regions</a>');
    expect(await page('?region=PL921,PL923')).not.toContain('<div class="region-summary">');
  });

  it('carries the legend, GISCO\'s attribution and the regions as a list', async () => {
    const body = await page('?country=POL');
    expect(body).toContain('© EuroGeographics for the administrative boundaries. Source: Eurostat GISCO, NUTS 2021.');
    expect(body).toContain('Practices per region:');
    expect(body).toMatch(/Urban–rural type \(NUTS 3\):[\s\S]*predominantly rural/);
    expect(body).toMatch(/<details class="map-list"><summary>The 2 regions as a list<\/summary>/);
    expect(body).toContain('<li><a href="/practices?country=POL&amp;region=PL923">Płocki (PL923)</a>: 1 practice, predominantly rural</li>');
    // The SVG needs no script and no style attribute (the CSP forbids both), and names nothing elsewhere.
    const svg = body.slice(body.indexOf('<svg viewBox'), body.indexOf('</svg>', body.indexOf('<svg viewBox')));
    expect(svg).not.toMatch(/ style=|<script|https?:\/\//);
  });

  it('the region facet is listed in NUTS order, indented by level, folded until a region is selected', async () => {
    const all = await page('');
    expect(all).toMatch(/<fieldset class="region-facet"><legend>Region \(NUTS 2021\)<\/legend>\n<details><summary>41 regions, by NUTS level<\/summary>/);
    expect(all).toMatch(/<label class="nuts2"><input type="checkbox" name="region" value="PL92"> PL92 Mazowiecki regionalny <span class="muted">\(2\)<\/span><\/label><br>\n<label class="nuts3"><input type="checkbox" name="region" value="PL921">/);
    expect(await page('?region=PL92')).toMatch(/<details open><summary>/);
  });

  it.each([
    ['markup', 'region=%3Cscript%3Ealert(1)%3C%2Fscript%3E', '<script>alert(1)</script>'],
    ['an unknown code', 'region=XX999', 'XX999'],
    ['a lower-case code', 'region=pl923', 'pl923'],
    ['a NUL byte', 'region=PL92%00', 'PL92\u0000'],
    ['3,000 characters', `region=${'A'.repeat(3000)}`, 'A'.repeat(3000)],
    ['an IRI outside the graph', 'region=http%3A%2F%2Fdata.europa.eu%2Fnuts%2Fcode%2FZZ', 'http://data.europa.eu/nuts/code/ZZ'],
  ])('region = %s → a 400 invalid_parameter naming region, on the page and the API', async (_, query, value) => {
    for (const path of [`practices?${query}`, `api/facets?${query}`]) {
      const res = await fetch(`${server.url}${path}`, { headers: { accept: 'application/json' } });
      expect(res.status, path).toBe(400);
      const body = await res.json() as { error: { code: string; parameter: string; value: string } };
      expect(body.error).toMatchObject({ code: 'invalid_parameter', parameter: 'region', value });
    }
    const html = await fetch(`${server.url}practices?${query}`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(400);
    expect(await html.text()).not.toContain('<script>alert(1)');
  });
});

describe('the map module', () => {
  const region = { code: 'PL923', name: '<script>alert(1)</script>', count: 3, urbanRural: 'predominantly-rural' as const, href: '/practices?region=PL923&x="y"' };

  it('without its geometry: a short note and the list, never an error', () => {
    expect(loadNutsGeometry('/nonexistent-directory')).toBeUndefined();
    const out = nutsMap(undefined, [region], { labelledBy: 'h', clickDoes: 'x' }).value;
    expect(out).toContain('The map is not available');
    expect(out).not.toContain('<svg');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt; (PL923)</a>: 3 practices, predominantly rural');
  });

  it('escapes names and links, and draws a region it has the shape of', () => {
    const geometry = loadNutsGeometry();
    expect(geometry, 'npm run build:web writes the geometry').toBeDefined();
    const out = nutsMap(geometry, [region], { labelledBy: 'h', clickDoes: 'x' }).value;
    expect(out).not.toContain('<script>');
    expect(out).toContain('href="/practices?region=PL923&amp;x=&quot;y&quot;"');
    expect(out).toMatch(/data-region="PL923" data-count="3"><title>&lt;script&gt;alert\(1\)&lt;\/script&gt; \(PL923\): 3 practices, predominantly rural<\/title><path d="M/);
    // Unknown codes are listed, not drawn, and said so.
    const unknown = nutsMap(geometry, [{ ...region, code: 'ZZ999' }], { labelledBy: 'h', clickDoes: 'x' }).value;
    expect(unknown).not.toContain('data-region=');
    expect(unknown).not.toContain('<svg'); // nothing to draw: no map of an empty Europe
    expect(unknown).toContain('No region to show on the map.');
    expect(unknown).toContain('(ZZ999)</a>');
  });

  it('shades counts in up to five contiguous classes from 1 to the largest count, one class per count up to 5', () => {
    expect(classesOf(2).map((c) => [c.from, c.to])).toEqual([[1, 1], [2, 2]]);
    expect(classesOf(5).map((c) => [c.from, c.to])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    for (const max of [1, 6, 17, 1000]) {
      const classes = classesOf(max);
      expect(classes.length).toBe(Math.min(5, max));
      expect(classes[0]!.from).toBe(1);
      expect(classes.at(-1)!.to).toBe(max);
      classes.slice(1).forEach((c, i) => expect(c.from).toBe(classes[i]!.to + 1));
      expect(new Set(classes.map((c) => c.fill)).size).toBe(classes.length);
    }
  });
});
