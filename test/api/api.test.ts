/**
 * The question API's mechanics on the seed graph: the list, parameters bound as terms (and the
 * 400s when they are not valid), pagination, negotiation, `explain`, and the OpenAPI document.
 * The ESF-in-rural-areas question is asserted exactly here; the other questions have their own
 * files.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { jsonLdToQuads } from '../../src/graph/jsonld.js';
import { loadNamedQueries, parseNamedQuery } from '../../src/api/named-query.js';
import { join } from 'node:path';
import { DEFAULT_BASE, SG, SKOS } from '../../src/vocab/namespace.js';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

const Q = 'practices-by-fund-and-typology';
const PRACTICE = `${DEFAULT_BASE}id/practice/`;
const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, server.url), { headers });
const json = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; res: Response }> => {
  const res = await get(path, headers);
  return { status: res.status, body: await res.json(), res };
};
const ids = (rows: Array<{ practice: { id: string } }>) => rows.map((r) => r.practice.id.slice(PRACTICE.length));

describe('GET /api/queries', () => {
  it('lists every query file with its parameters, their allowed values and an example call', async () => {
    const { status, body } = await json('/api/queries');
    expect(status).toBe(200);
    const { queries } = await loadNamedQueries(join(ROOT, 'queries'));
    expect(body.queries.map((q: { name: string }) => q.name)).toEqual(queries.map((q) => q.name));
    const q = body.queries.find((x: { name: string }) => x.name === Q);
    expect(q.title).toMatch(/urban–rural/);
    expect(q.example).toBe(`/api/queries/${Q}?fund=esf&typology=predominantly-rural`);
    const fund = q.parameters.find((p: { name: string }) => p.name === 'fund');
    expect(fund.values.map((v: { value: string }) => v.value)).toEqual(expect.arrayContaining(['esf', 'esf-plus', 'erdf']));
    expect(fund.values.find((v: { value: string }) => v.value === 'esf').label).toBe('European Social Fund');
  });
});

describe('practices funded by the ESF in rural areas', () => {
  it('are exactly the two ESF practices whose NUTS 3 region is predominantly rural', async () => {
    // ESF money reaches 5 practices: Altum's grants (LV, a national scheme: no NUTS 3 region),
    // CUS Drobin (PL923 Płocki, rural; PO KL), Dârjiu (RO124 Harghita, rural; SOP HRD),
    // Haskovo participatory budgeting (BG422 Haskovo, intermediate) and, through ESF+
    // (which replaces the ESF), the Mannheim cluster (DE126 Mannheim, urban).
    const { status, body } = await json(`/api/queries/${Q}?fund=esf&typology=predominantly-rural`);
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(ids(body.results).sort()).toEqual(['cus-drobin', 'darjiu-equestrian-centre']);
    const drobin = body.results.find((r: { practice: { id: string } }) => r.practice.id.endsWith('cus-drobin'));
    expect(drobin.regions.map((r: { id: string }) => r.id)).toEqual(['http://data.europa.eu/nuts/code/PL923']);
    expect(drobin.programmes.map((r: { id: string }) => r.id)).toEqual([`${DEFAULT_BASE}id/programme/pl-op-human-capital-2007-2013`]);
    expect(drobin.country).toEqual({ id: 'http://publications.europa.eu/resource/authority/country/POL', label: 'Poland' });
  });

  it('include the successor fund only when asked to', async () => {
    const all = await json(`/api/queries/${Q}?fund=esf`);
    expect(ids(all.body.results).sort()).toEqual(['altum-social-entrepreneurship-grants', 'cus-drobin', 'darjiu-equestrian-centre', 'haskovo-participatory-budgeting', 'mannheim-social-economy-cluster']);
    const strict = await json(`/api/queries/${Q}?fund=esf&successors=false`);
    expect(ids(strict.body.results).sort()).toEqual(['altum-social-entrepreneurship-grants', 'cus-drobin', 'darjiu-equestrian-centre', 'haskovo-participatory-budgeting']);
  });

  it('take several typologies and countries, matching any of them', async () => {
    const { body } = await json(`/api/queries/${Q}?fund=esf&typology=intermediate,predominantly-urban`);
    expect(ids(body.results).sort()).toEqual(['haskovo-participatory-budgeting', 'mannheim-social-economy-cluster']);
    const repeated = await json(`/api/queries/${Q}?fund=esf&country=POL&country=ROU`);
    expect(ids(repeated.body.results).sort()).toEqual(['cus-drobin', 'darjiu-equestrian-centre']);
  });

  it('label IRIs in the reader\'s language, with a fallback to English', async () => {
    const pl = await json(`/api/queries/${Q}?fund=esf&typology=predominantly-rural&lang=pl`);
    const drobin = pl.body.results.find((r: { practice: { id: string } }) => r.practice.id.endsWith('cus-drobin'));
    expect(drobin.practice.label).toBe('Centrum Usług Środowiskowych');
    expect(drobin.practice.document).toBe('/doc/practice/cus-drobin');
    const en = await json(`/api/queries/${Q}?fund=esf&typology=predominantly-rural`, { 'accept-language': 'en' });
    expect(en.body.results.map((r: { practice: { label: string } }) => r.practice.label)).toContain('Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin');
  });
});

describe('practices funded by the ESF, by the degree of urbanisation of their municipalities', () => {
  it('in rural areas (DEGURBA 3): the municipalities of CUS Drobin and Dârjiu, with their classes', async () => {
    const { status, body } = await json(`/api/queries/${Q}?fund=esf&degurba=rural-areas`);
    expect(status).toBe(200);
    expect(ids(body.results).sort()).toEqual(['cus-drobin', 'darjiu-equestrian-centre']);
    const drobin = body.results.find((r: { practice: { id: string } }) => r.practice.id.endsWith('cus-drobin'));
    expect(drobin.municipalities.map((r: { id: string }) => r.id)).toEqual([`${DEFAULT_BASE}id/place/drobin`]);
    expect(drobin.degreesOfUrbanisation).toMatchObject([{ id: `${DEFAULT_BASE}id/degree-of-urbanisation/rural-areas`, label: 'rural areas' }]);
  });

  it('differ from the NUTS 3 typology: Haskovo is a city in an intermediate region', async () => {
    // By NUTS 3 region, only the Mannheim cluster (ESF+, DE126) is urban; by municipality,
    // Haskovo (DEGURBA 1 in the intermediate region BG422) is a city too.
    const byRegion = await json(`/api/queries/${Q}?fund=esf&typology=predominantly-urban`);
    expect(ids(byRegion.body.results)).toEqual(['mannheim-social-economy-cluster']);
    const byMunicipality = await json(`/api/queries/${Q}?fund=esf&degurba=cities`);
    expect(ids(byMunicipality.body.results).sort()).toEqual(['haskovo-participatory-budgeting', 'mannheim-social-economy-cluster']);
    const haskovo = byMunicipality.body.results.find((r: { practice: { id: string } }) => r.practice.id.endsWith('haskovo-participatory-budgeting'));
    expect(haskovo.typologies.map((r: { id: string }) => r.id)).toEqual([`${DEFAULT_BASE}id/urban-rural-type/intermediate`]);
  });

  it('combine with the NUTS 3 typology (both must hold) and take several classes', async () => {
    const both = await json(`/api/queries/${Q}?fund=esf&degurba=cities&typology=intermediate`);
    expect(ids(both.body.results)).toEqual(['haskovo-participatory-budgeting']);
    const several = await json(`/api/queries/${Q}?fund=esf&degurba=cities,towns-and-suburbs`);
    expect(ids(several.body.results).sort()).toEqual(['haskovo-participatory-budgeting', 'mannheim-social-economy-cluster']);
    // Altum's grants are a national scheme: no municipality, so no degree of urbanisation.
    const none = await json(`/api/queries/${Q}?fund=esf&degurba=cities,towns-and-suburbs,rural-areas`);
    expect(ids(none.body.results)).not.toContain('altum-social-entrepreneurship-grants');
  });

  it('refuse a value outside the DEGURBA scheme, listing the allowed ones', async () => {
    const { status, body } = await json(`/api/queries/${Q}?degurba=rural`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_parameter', parameter: 'degurba' });
    expect(body.error.allowed).toEqual(['cities', 'rural-areas', 'towns-and-suburbs']);
    // A NUTS 3 class is not a degree of urbanisation.
    expect((await json(`/api/queries/${Q}?degurba=predominantly-rural`)).status).toBe(400);
  });
});

describe('parameters', () => {
  it.each([
    ['fund=nope', 'fund', /not a .*Fund/],
    ['typology=rural', 'typology', /not in the scheme/],
    ['country=XXX', 'country', /Country/],
    ['successors=maybe', 'successors', /true or false/],
    ['fund=esf&fund=erdf', 'fund', /one value/],
    ['fnd=esf', 'fnd', /no parameter/],
    ['fund=javascript:alert(1)', 'fund', /IRI/],
    ['limit=0', 'limit', /limit/],
    ['limit=abc', 'limit', /limit/],
    ['offset=-1', 'offset', /offset/],
    ['format=xlsx', 'format', /format/],
  ])('%s → 400 naming the parameter', async (query, parameter, message) => {
    const { status, body } = await json(`/api/queries/${Q}?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.message).toMatch(message);
  });

  it('lists the allowed values when a value is not one of them', async () => {
    const { body } = await json(`/api/queries/${Q}?typology=rural`);
    expect(body.error.allowed).toEqual(['intermediate', 'predominantly-rural', 'predominantly-urban']);
  });

  it('are bound as RDF terms, never pasted into the query text', async () => {
    // A value that would break out of an IRI or a string if it were pasted is refused or stays a term.
    const evil = encodeURIComponent('esf> } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o');
    expect((await json(`/api/queries/${Q}?fund=${evil}`)).status).toBe(400);
    const res = await get(`/api/queries/${Q}?fund=esf&typology=predominantly-rural&explain`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/sparql-query/);
    const text = await res.text();
    expect(text).toMatch(/VALUES \?fund \{\s*<https:\/\/w3id\.org\/segraph\/id\/fund\/esf>\s*\}/);
    expect(text).toMatch(/VALUES \?successors \{\s*"true"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#boolean>\s*\}/);
  });

  it('404 for an unknown query, listing the known ones', async () => {
    const { status, body } = await json('/api/queries/no-such-question');
    expect(status).toBe(404);
    expect(body.error.available).toContain(Q);
  });
});

describe('the SPARQL that runs', () => {
  it('is given by ?explain and reruns at /sparql with the same answer', async () => {
    const sparql = await (await get(`/api/queries/${Q}?fund=esf&typology=predominantly-rural&explain`)).text();
    const res = await get(`/sparql?query=${encodeURIComponent(sparql)}`, { accept: 'application/sparql-results+json' });
    const rows = ((await res.json()) as { results: { bindings: Array<{ practice: { value: string } }> } }).results.bindings;
    expect(rows.map((r) => r.practice.value.slice(PRACTICE.length)).sort()).toEqual(['cus-drobin', 'darjiu-equestrian-centre']);
  });

  it('is linked from every answer (body and Link header)', async () => {
    const { body, res } = await json(`/api/queries/${Q}?fund=esf`);
    expect(body.sparql).toMatch(/^\/sparql\?query=/);
    expect(res.headers.get('link')).toMatch(/\?fund=esf&explain=>; rel="describedby"; type="application\/sparql-query"/);
  });
});

describe('pagination', () => {
  it('pages with limit/offset, a total, and first/prev/next/last links', async () => {
    const all = (await json(`/api/queries/${Q}?fund=esf`)).body.results.map((r: { practice: { id: string } }) => r.practice.id);
    expect(all).toHaveLength(5);
    const pages: string[] = [];
    let next: string | undefined = `/api/queries/${Q}?fund=esf&limit=2`;
    let seen = 0;
    while (next) {
      const { body, res } = await json(next);
      expect(body.total).toBe(5);
      expect(res.headers.get('segraph-total-count')).toBe('5');
      pages.push(...body.results.map((r: { practice: { id: string } }) => r.practice.id));
      const link = res.headers.get('link')!;
      expect(link).toMatch(/rel="first"/);
      expect(link).toMatch(/offset=4>; rel="last"/);
      if (seen > 0) expect(link).toMatch(/rel="prev"/);
      next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
      seen++;
    }
    expect(seen).toBe(3);
    expect(pages).toEqual(all);
  });
});

describe('formats', () => {
  it('SPARQL JSON results by Accept or format=srj', async () => {
    for (const [path, headers] of [[`/api/queries/${Q}?fund=esf`, { accept: 'application/sparql-results+json' }], [`/api/queries/${Q}?fund=esf&format=srj`, {}]] as const) {
      const { res, body } = await json(path, headers);
      expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
      expect(body.head.vars).toContain('practice');
      expect(body.results.bindings).toHaveLength(5);
    }
  });

  it('CSV', async () => {
    const res = await get(`/api/queries/${Q}?fund=esf&typology=predominantly-rural`, { accept: 'text/csv' });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r['practice']).sort()).toEqual([`${PRACTICE}cus-drobin`, `${PRACTICE}darjiu-equestrian-centre`]);
    expect(rows.map((r) => r['practiceLabel'])).toContain('Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin');
  });

  it('JSON-LD whose rows are the practices, with the header\'s properties', async () => {
    const { res, body } = await json(`/api/queries/${Q}?fund=esf&typology=predominantly-rural`, { accept: 'application/ld+json' });
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const quads = await jsonLdToQuads(body);
    const triples = quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`);
    expect(triples).toContain(`${PRACTICE}cus-drobin ${SG.country} http://publications.europa.eu/resource/authority/country/POL`);
    expect(triples).toContain(`${PRACTICE}cus-drobin ${SKOS.prefLabel} Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin`);
    expect(triples.some((t) => t.startsWith(`${PRACTICE}darjiu-equestrian-centre ${server.url}api/queries/${Q}#funds ${DEFAULT_BASE}id/fund/esf`))).toBe(true);
  });

  it('406 for a type it cannot give; 304 for a current copy', async () => {
    expect((await get(`/api/queries/${Q}`, { accept: 'image/png' })).status).toBe(406);
    const first = await get(`/api/queries/${Q}?fund=esf`);
    const etag = first.headers.get('etag')!;
    expect((await get(`/api/queries/${Q}?fund=esf`, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(`/api/queries/${Q}?fund=erdf`, { 'if-none-match': etag })).status).toBe(200);
  });
});

describe('query headers', () => {
  it('reject a query whose header does not describe its columns, or a parameter without a class', () => {
    const base = '#+ title: t\n#+ result:\n#+   columns: { x: { type: iri } }\n';
    expect(() => parseNamedQuery(`${base}SELECT ?x ?y WHERE { ?x ?p ?y }`, 'queries/t.rq')).toThrow(/\?y is not described/);
    expect(() => parseNamedQuery(`${base}#+ parameters: { p: { type: iri } }\nSELECT ?x WHERE { ?x ?p ?y }`, 'queries/t.rq')).toThrow(/needs a class or a scheme/);
    expect(() => parseNamedQuery('#+ title: t\nSELECT ?x WHERE { ?x ?p ', 'queries/t.rq')).toThrow(/queries\/t\.rq/);
    expect(() => parseNamedQuery(`${base}CONSTRUCT WHERE { ?x ?p ?y }`, 'queries/t.rq')).toThrow(/SELECT/);
  });
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document with a path per question, its parameters and their allowed values', async () => {
    const { status, body, res } = await json('/api/openapi.json');
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/(vnd\.oai\.openapi\+)?json/);
    const result = await new Validator().validate(body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(body.openapi).toBe('3.1.0');
    const { queries } = await loadNamedQueries(join(ROOT, 'queries'));
    for (const q of queries) expect(Object.keys(body.paths)).toContain(`/api/queries/${q.name}`);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/queries', '/api/search', '/api/facets']));
    const op = body.paths[`/api/queries/${Q}`].get;
    const fund = op.parameters.find((p: { name?: string }) => p.name === 'fund');
    expect(fund.schema.enum).toEqual(expect.arrayContaining(['esf', 'esf-plus']));
    expect(fund.schema.default).toBe('esf');
    const typology = op.parameters.find((p: { name?: string }) => p.name === 'typology');
    expect(typology).toMatchObject({ style: 'form', explode: false, schema: { type: 'array' } });
  });
});
