/**
 * A practice's page for people (/doc/practice/{slug} in a browser), on real seed practices: its
 * sections, the source and pages beside each fact group, our additions (graph/curation, our rules)
 * marked ◆ and the report's facts not, amounts in their currency with the euro value, related
 * practices with their reasons, links out to the explorer, names in the reader's language with a
 * fallback note, and a hostile practice whose literals stay text.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import N3 from 'n3';
import { formatNumber, languageName, practicePage } from '../../src/http/practice-page.js';
import { GRAPHS } from '../../src/vocab/graphs.js';
import { DCT, ID, RDF, SCHEMA, SG, SKOS } from '../../src/vocab/namespace.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const HOSTILE_TTL = `@prefix sg: <https://w3id.org/segraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://w3id.org/segraph/id/practice/zz-hostile> a sg:Practice ;
  skos:prefLabel "<script>alert('name')</script>"@en, "\\"><img src=x onerror=alert(1)>"@pl ;
  dct:abstract "</p><script>alert('abstract')</script>"@en ;
  sg:theme <https://w3id.org/segraph/id/theme/work-integration> ;
  foaf:homepage <javascript:alert(1)> ;
  sg:citation <https://w3id.org/segraph/id/practice/zz-hostile#cite> .
<https://w3id.org/segraph/id/practice/zz-hostile#cite> a sg:Citation ;
  sg:document <https://w3id.org/segraph/id/source/secon-best-practices-report> .
`;

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segraph-practice-page-'));
  await writeFile(join(dir, 'hostile.ttl'), HOSTILE_TTL);
  server = await startTestServer({ loads: [{ path: join(dir, 'hostile.ttl'), format: 'text/turtle', graph: GRAPHS.seconReport }] });
}, 180_000);
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}): Promise<{ body: string; res: Response }> {
  const res = await fetch(new URL(path, server.url), { headers: { accept: 'text/html', 'accept-language': 'en', ...headers } });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return { body: await res.text(), res };
}
const page = async (path: string, headers: Record<string, string> = {}) => (await get(path, headers)).body;

/** The HTML of a section (from its <section> to the next). */
function section(body: string, id: string): string {
  const start = body.indexOf(`<section aria-labelledby="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThan(-1);
  const end = body.indexOf('</section>', start);
  return body.slice(start, end);
}
/** The list items of an HTML fragment that contain `needle`. */
const itemsWith = (fragment: string, needle: string) => [...fragment.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!).filter((li) => li.includes(needle));
const OURS = 'class="ours"';
const NNBSP = '\u202f';

describe('a practice page (Social Integration Centre in Zbijów Mały: PLN amounts, euro values, a Polish name, curation facts)', () => {
  const PATH = '/doc/practice/cis-zbijow-maly';

  it('has the sections in reading order, each report section citing its source with the page range', async () => {
    const body = await page(PATH);
    const ids = [...body.matchAll(/<section aria-labelledby="([^"]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual(['what', 'where', 'who', 'when', 'funding', 'for-whom', 'results', 'transfer', 'links', 'related', 'sources']);
    for (const id of ['what', 'where', 'who', 'when', 'funding', 'for-whom', 'results', 'transfer', 'links']) {
      expect(section(body, id)).toContain('<p class="source">Source: <a href="/doc/source/secon-best-practices-report">SECON Best Practices Report</a>, <span class="pages">pp. 35–37</span></p>');
    }
    expect(body).toContain('<h1>Social Integration Centre (Centrum Integracji Społecznej) in Zbijów Mały</h1>');
    expect(body).toContain('<span lang="pl">Centrum Integracji Społecznej</span> <span class="muted">(Polish)</span>');
    expect(body).toMatch(/<details><summary>Full description<\/summary><div lang="en"><p>On February 20, 2020, the Mirów Commune/);
    expect(body).toContain('pages of the practice’s section in the report');
  });

  it('marks what we added (SDG links, themes, euro values, NUTS regions) as ours and the report’s facts not', async () => {
    const body = await page(PATH);
    const what = section(body, 'what');
    for (const sdg of ['1', '8', '10']) expect(itemsWith(what, `/practices?sdg=${sdg}"`)[0], `SDG ${sdg}`).toContain(OURS);
    // Themes are our classification (graph:curation); the implementer and stakeholders are the report's.
    for (const theme of ['work-integration', 'social-inclusion']) expect(itemsWith(what, `/practices?theme=${theme}"`)[0], theme).toContain(OURS);
    expect(section(body, 'who')).not.toContain(OURS);
    expect(section(body, 'where')).toMatch(/NUTS regions<\/dt><dd>.*class="ours"/);
    expect(section(body, 'where')).not.toMatch(/Country<\/dt><dd>[^\n]*class="ours"/);
    // The ◆ is explained to screen readers and by a tooltip.
    expect(body).toContain('<span class="ours" title="Added by segraph: our classification or a value our rules derived, not stated by the source"><span aria-hidden="true">◆</span><span class="sr-only">(added by segraph)</span></span>');
  });

  it('shows amounts in their original currency with the euro value and its rate', async () => {
    const funding = section(await page(PATH), 'funding');
    expect(funding).toContain(`<span class="money">PLN 1${NNBSP}219${NNBSP}800 (≈ EUR 267${NNBSP}195, <a href="/doc/exchange-rate/pln-eur-2021">ECB 2021 rate</a> <span class="ours"`);
    expect(funding).toContain(`approximately PLN 650${NNBSP}000 per year (≈ EUR 143${NNBSP}109, <a href="/doc/exchange-rate/pln-eur-2023">ECB 2023 rate</a>`);
    // The PLN amount is the report's: no mark before the euro value.
    expect(funding).toMatch(/PLN 1\u202f219\u202f800 \(≈/);
    expect(funding).toContain('Note: The report lists this as a source CIS may apply for, not as funding received.');
  });

  it('shows results with their numbers and units', async () => {
    const results = section(await page(PATH), 'results');
    expect(results).toContain('people using CIS support</span>: <strong>10</strong> <span lang="en">persons</span>');
    expect(results).toContain('people who have become economically independent</span>: <strong>6</strong>');
  });

  it('lists related practices with their reasons, most shared first, never itself', async () => {
    const related = section(await page(PATH), 'related');
    const items = [...related.matchAll(/<li><a href="([^"]+)">(?:(?!<\/li>)[\s\S])*?<span class="muted reason">— ([^<]+)<\/span><\/li>/g)];
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(6);
    expect(items.map((m) => m[1])).not.toContain(PATH);
    for (const m of items) expect(m[2]).toMatch(/^(same (fund|theme|target group): [^;]+)(; same (fund|theme|target group): [^;]+)*$/);
    const drobin = items.find((m) => m[1] === '/doc/practice/cus-drobin');
    expect(drobin?.[2]).toContain('same theme: work integration');
    expect(drobin?.[2]).toMatch(/same target group: [^;]*people with disabilities/);
  });

  it('gives the reason of a shared fund, and the related practice has that fund in the facets', async () => {
    const related = section(await page('/doc/practice/altum-social-entrepreneurship-grants'), 'related');
    const withFund = [...related.matchAll(/<li><a href="\/doc\/practice\/([^"]+)">(?:(?!<\/li>)[\s\S])*?— ([^<]*)<\/span><\/li>/g)]
      .filter((m) => m[2]!.includes('same fund: European Social Fund')).map((m) => m[1]);
    expect(withFund.length).toBeGreaterThan(0);
    const esf = (await (await fetch(`${server.url}api/facets?fund=esf`)).json()) as { practices: Array<{ document?: string }> };
    for (const slug of withFund) expect(esf.practices.map((p) => p.document)).toContain(`/doc/practice/${slug}`);
  });

  it('links each classification to the explorer and each NUTS region to its profile and learn-from page', async () => {
    const body = await page(PATH);
    for (const href of ['/practices?country=POL', '/practices?theme=work-integration', '/practices?targetGroup=homeless-people',
      '/practices?sdg=8', '/practices?organisationKind=local-authority', '/practices?typology=intermediate',
      '/regions/PL921', '/learn?region=PL921']) expect(body, href).toContain(`href="${href}"`);
    const list = await page('/practices?theme=work-integration');
    expect(list).toContain('href="/doc/practice/cis-zbijow-maly"');
  });

  it('shows each municipality’s degree of urbanisation beside the NUTS 3 region’s type: Freiräume', async () => {
    const where = section(await page('/doc/practice/freiraeume'), 'where');
    const places = /Places<\/dt><dd>([\s\S]*?)<\/dd>/.exec(where)![1]!;
    // Four pilot municipalities, each towns and suburbs (DEGURBA 2), linked to the explorer's filter.
    expect(places.match(/towns and suburbs(<\/span>)? <span class="muted">\(municipality, DEGURBA;/g)?.length).toBe(4);
    expect(places).toContain('href="/practices?degurba=towns-and-suburbs"');
    // Their NUTS 3 region DE128 is predominantly urban.
    expect(/NUTS regions<\/dt><dd>[\s\S]*?predominantly urban region/.test(where)).toBe(true);
  });

  it('names the practice in the reader’s language (?lang=, then Accept-Language), with a note when the data has none', async () => {
    const { body: pl, res } = await get(`${PATH}?lang=pl`);
    expect(pl).toContain('<h1 lang="pl">Centrum Integracji Społecznej</h1>');
    expect(pl).toContain('<span lang="en">Social Integration Centre (Centrum Integracji Społecznej) in Zbijów Mały</span> <span class="muted">(English)</span>');
    expect(pl).not.toContain('role="note">No ');
    expect(res.headers.get('vary')).toMatch(/Accept-Language/);
    expect(await page(PATH, { 'accept-language': 'pl-PL,pl;q=0.9,en;q=0.5' })).toContain('<h1 lang="pl">Centrum Integracji Społecznej</h1>');
    const de = await page(`${PATH}?lang=de`);
    expect(de).toContain('<p class="note" role="note">No German name in the data; shown in English.</p>');
    expect(de).toContain('<h1>Social Integration Centre');
    // A linked thing's label follows too: Poland's Polish name.
    expect(pl).toMatch(/<span lang="pl">Polska<\/span><\/a> <span class="muted">\(<a class="explore" href="\/practices\?country=POL"/);
  });

  it('keeps the RDF documents as they were, and other resources on the generic page', async () => {
    const ttl = await fetch(new URL(`${PATH}?format=ttl`, server.url));
    expect(ttl.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(await ttl.text()).toContain('Centrum Integracji Społecznej');
    expect(await page('/doc/organisation/mirow-commune')).toContain('<h2>Facts</h2>');
  });
});

describe('the page beside each fact (People Made: fundings, a reserve, staff, a date and roles, each with its citation)', () => {
  const PATH = '/doc/practice/people-made';
  const cite = (pages: string, lines: string) => `<span class="cite" title="SECON Best Practices Report, ${pages}, transcript ${lines.includes('–') ? 'lines' : 'line'} ${lines}">${pages}</span>`;
  /** The fundings of the funding section (their items hold lists of funders). */
  const fundingsWith = (funding: string, needle: string) => funding.split('<li><dl class="facts">').slice(1).map((f) => f.slice(0, f.indexOf('</li>\n'))).filter((f) => f.includes(needle));

  it('shows the page of each funding and amount, the reserve and the staff figure', async () => {
    const funding = section(await page(PATH), 'funding');
    const of2021 = fundingsWith(funding, `EUR 59${NNBSP}500`);
    expect(of2021).toHaveLength(1);
    expect(of2021[0]).toContain(`<dt>Stated</dt><dd>${cite('p. 8', '186–190')}</dd>`);
    // The amount shares the funding's citation: it is shown once, on the funding.
    expect(of2021[0]).toContain(`<span class="money">EUR 59${NNBSP}500</span></dd>`);
    // 2022's lines run over a page break.
    expect(fundingsWith(funding, `EUR 51${NNBSP}500`)[0]).toContain(`<dt>Stated</dt><dd>${cite('pp. 8–9', '191–205')}</dd>`);
    // The unavailable reserve is its own row, not a funding.
    expect(fundingsWith(funding, `EUR 135${NNBSP}000`)).toEqual([]);
    expect(fundingsWith(funding, 'class="money"')).toHaveLength(3);
    expect(funding).toContain(`<dt>Unavailable reserve</dt><dd><span class="money">EUR 135${NNBSP}000</span> <span class="muted">(${cite('p. 9', '209')})</span></dd>`);
    expect(funding).toContain(`<dt>Staff</dt><dd>Staff employed: 1 full-time employee <span class="muted">(${cite('p. 9', '211')})</span></dd>`);
  });

  it('shows the page of a date and of each organisation role, from their reified statements', async () => {
    const body = await page(PATH);
    expect(section(body, 'when')).toContain(`<dt>Start</dt><dd>2021 <span class="muted">(${cite('p. 8', '182–183')})</span></dd>`);
    const who = section(body, 'who');
    for (const org of ['province-of-flemish-brabant', 'city-of-leuven', 'city-of-vilvoorde', 'oostrem', 'welzijnskoepel-west-brabant']) {
      const items = itemsWith(who, `href="/doc/organisation/${org}"`);
      expect(items, org).toHaveLength(1);
      expect(items[0], org).toContain(cite('p. 8', '175–176'));
      expect(items[0], org).not.toContain(OURS);
    }
    // People Made itself is not among the report's organisations in charge: our link (◆), with
    // the page of the lines we base it on.
    const ours = itemsWith(who, 'href="/doc/organisation/people-made"');
    expect(ours[0]).toContain(OURS);
    expect(ours[0]).toContain(cite('p. 9', '212–214'));
  });
});

describe('other resources', () => {
  it('keep the generic page, with what we added marked ◆ there too', async () => {
    const body = await page('/doc/organisation/mirow-commune');
    expect(body).toContain('<h2>Facts</h2>');
    expect(body).toContain('<p class="ours-legend" role="note">Facts marked');
    const row = (name: string) => body.match(new RegExp(`<tr><th scope="row">${name}</th><td>(.*?)</td></tr>`))?.[1];
    // Our rules derived the inverse of the practice's sg:implementedBy; the homepage is the source's.
    expect(row('implements')).toMatch(/href="\/doc\/practice\/cis-zbijow-maly">[^<]*<\/a> <span class="ours"/);
    expect(row('homepage')).toBeDefined();
    expect(row('homepage')).not.toContain('class="ours"');
    // Names in the reader's language there too, with the same note when the data has none.
    expect(await page('/doc/organisation/cus-drobin?lang=pl')).toContain('<h1>Centrum Usług Środowiskowych</h1>');
    expect(await page('/doc/organisation/cus-drobin?lang=pl')).not.toContain('role="note">No ');
    expect(await page('/doc/organisation/cus-drobin?lang=fr')).toContain('<p class="note" role="note">No French name in the data; shown in English.</p>');
  });
});

describe('a hostile practice', () => {
  it('shows every literal as text and links only http(s) IRIs', async () => {
    for (const lang of ['en', 'pl']) {
      const body = await page(`/doc/practice/zz-hostile?lang=${lang}`);
      expect(body).not.toMatch(/<script|<img|href="javascript:/i);
      expect(body).toContain("javascript:alert(1)"); // shown, not linked
      expect(body).toContain('&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;');
      expect(body).toContain('&lt;/p&gt;&lt;script&gt;alert(&#39;abstract&#39;)&lt;/script&gt;');
    }
    for (const path of ['/doc/practice/a%3Eb', '/doc/practice/a%22%20b', '/doc/practice/a%7Bb%7D', '/doc/practice/x%23y']) {
      const res = await fetch(new URL(path, server.url), { headers: { accept: 'text/html' } });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    const hostileLang = await page(`/doc/practice/cis-zbijow-maly?lang=${encodeURIComponent('"><script>x</script>')}`);
    expect(hostileLang).not.toContain('<script');
  });
});

describe('the renderer, given citations directly', () => {
  const { quad, namedNode, literal } = N3.DataFactory;
  const P = ID('practice/y');
  const report = namedNode(GRAPHS.seconReport);
  const render = (url: string) => practicePage({
    facts: {
      iri: P,
      quads: [
        quad(namedNode(P), namedNode(SKOS.prefLabel), literal('y', 'en'), report),
        quad(namedNode(P), namedNode(SCHEMA.startDate), literal('2020'), report),
        quad(namedNode(`${P}#stated-start`), namedNode(RDF.type), namedNode(RDF.Statement), report),
        quad(namedNode(`${P}#stated-start`), namedNode(RDF.subject), namedNode(P), report),
        quad(namedNode(`${P}#stated-start`), namedNode(RDF.predicate), namedNode(SCHEMA.startDate), report),
        quad(namedNode(`${P}#stated-start`), namedNode(RDF.object), literal('2020'), report),
        quad(namedNode(`${P}#stated-start`), namedNode(SG.citation), namedNode(`${P}#cite-start`), report),
        quad(namedNode(`${P}#cite-start`), namedNode(SG.document), namedNode(ID('source/doc')), report),
        quad(namedNode(`${P}#cite-start`), namedNode(SCHEMA.pageStart), literal('3'), report),
        quad(namedNode(`${P}#cite-start`), namedNode(SCHEMA.pageEnd), literal('4'), report),
        quad(namedNode(`${P}#cite-start`), namedNode(SG.sourceLine), literal('10-12'), report),
        quad(namedNode(ID('source/doc')), namedNode(DCT.title), literal('<b>R</b> "q"', 'en'), report),
        quad(namedNode(ID('source/doc')), namedNode(SCHEMA.url), namedNode(url), report),
      ],
      related: [],
    },
    languages: ['en'],
    localHref: () => undefined,
    alternates: [],
    root: '/',
    version: 'v',
  });

  it('links the page of the document when it has a URL of its own, with the document and lines in the title', () => {
    expect(render('https://example.org/report.pdf').replace(/\s+/g, ' ')).toContain(
      '<dt>Start</dt><dd>2020 <span class="muted">(<a class="cite" href="https://example.org/report.pdf#page=3" title="&lt;b&gt;R&lt;/b&gt; &quot;q&quot;, pp. 3–4, transcript lines 10–12">pp. 3–4</a>)</span></dd>');
  });

  it('does not link a document URL that is not http(s)', () => {
    const body = render('javascript:alert(1)');
    expect(body).not.toContain('href="javascript:');
    expect(body).toContain('<span class="cite" title="&lt;b&gt;R&lt;/b&gt; &quot;q&quot;, pp. 3–4, transcript lines 10–12">pp. 3–4</span>');
  });
});

describe('the renderer, given hostile data directly', () => {
  const { quad, namedNode, literal } = N3.DataFactory;
  const P = ID('practice/x');
  const report = namedNode(GRAPHS.seconReport);
  const curation = namedNode(GRAPHS.curation);
  const body = practicePage({
    facts: {
      iri: P,
      quads: [
        quad(namedNode(P), namedNode(SKOS.prefLabel), literal('x'), report),
        quad(namedNode(P), namedNode(SKOS.prefLabel), literal('<b>y</b>', 'pl'), report),
        quad(namedNode(P), namedNode(DCT.abstract), literal('a\n\n<script>b</script>', 'en'), report),
        quad(namedNode(P), namedNode(SG.budget), namedNode(`${P}#budget`), report),
        quad(namedNode(`${P}#budget`), namedNode(SCHEMA.value), literal('1000'), report),
        quad(namedNode(`${P}#budget`), namedNode(SCHEMA.currency), literal('<i>PLN</i>'), report),
        quad(namedNode(`${P}#budget`), namedNode(SG.valueInEUR), literal('250'), curation),
        quad(namedNode(`${P}#budget`), namedNode(SG.exchangeRate), namedNode('javascript:alert(1)'), curation),
        quad(namedNode(P), namedNode(SG.nutsRegion), namedNode('http://data.europa.eu/nuts/code/"><x'), curation),
      ],
      related: [],
    },
    languages: ['"><script>'],
    localHref: () => undefined,
    alternates: [],
    root: '/',
    version: 'v',
  });

  it('escapes every literal and IRI, and links no javascript: IRI', () => {
    expect(body).not.toMatch(/<script|<b>|<i>|<x|href="javascript:/);
    expect(body).toContain('&lt;i&gt;PLN&lt;/i&gt; 1\u202f000 (≈ EUR 250, rate');
    expect(body).toContain('&lt;b&gt;y&lt;/b&gt;');
  });

  it('formats numbers and names languages for people', () => {
    expect(formatNumber(1219800)).toBe('1\u202f219\u202f800');
    expect(formatNumber(39920.75)).toBe('39\u202f920.75');
    expect(formatNumber(267195.3, 0)).toBe('267\u202f195');
    expect(languageName('pl')).toBe('Polish');
    expect(languageName('"><script>')).toBe('"><script>');
  });
});
