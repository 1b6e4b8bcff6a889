/**
 * GET /api/facets on the seed graph: counts per dimension under combinations of filters and a
 * search text, as a faceted browser needs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BASE } from '../../src/vocab/namespace.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

interface Value { value: string; id: string; label?: string; count: number; selected: boolean }
interface Body { total: number; practices: Array<{ id: string; label: string; document: string }>; facets: Record<string, { title: string; values: Value[] }> }
const PRACTICE = `${DEFAULT_BASE}id/practice/`;

async function facets(query = ''): Promise<{ status: number; body: Body & { error?: { parameter: string; allowed: string[]; message: string } } }> {
  const res = await fetch(`${server.url}api/facets${query ? `?${query}` : ''}`);
  return { status: res.status, body: await res.json() as Body & { error?: { parameter: string; allowed: string[]; message: string } } };
}
const counts = (body: Body, dimension: string) => Object.fromEntries(body.facets[dimension]!.values.map((v) => [v.value, v.count]));
const practices = (body: Body) => body.practices.map((p) => p.id.slice(PRACTICE.length)).sort();

describe('GET /api/facets', () => {
  it('without filters: the 18 practices of the report, two in each of the 9 countries', async () => {
    const { status, body } = await facets();
    expect(status).toBe(200);
    expect(body.total).toBe(18);
    expect(counts(body, 'country')).toEqual({ BEL: 2, BGR: 2, DEU: 2, ESP: 2, GRC: 2, LVA: 2, POL: 2, PRT: 2, ROU: 2 });
    expect(Object.keys(body.facets)).toEqual(['country', 'region', 'fund', 'programme', 'sdg', 'theme', 'typology', 'degurba', 'targetGroup', 'organisationKind']);
    const poland = body.facets['country']!.values.find((v) => v.value === 'POL')!;
    expect(poland).toMatchObject({ id: 'http://publications.europa.eu/resource/authority/country/POL', label: 'Poland', selected: false });
  });

  it('a filter narrows the other dimensions, while its own dimension still shows every value', async () => {
    // ESF money reaches 4 practices directly or through programmes: Altum (LV), CUS Drobin (PL),
    // Dârjiu (RO), Haskovo participatory budgeting (BG). The Mannheim cluster has ESF+.
    const { body } = await facets('fund=esf');
    expect(practices(body)).toEqual(['altum-social-entrepreneurship-grants', 'cus-drobin', 'darjiu-equestrian-centre', 'haskovo-participatory-budgeting']);
    expect(counts(body, 'country')).toEqual({ BGR: 1, LVA: 1, POL: 1, ROU: 1 });
    expect(counts(body, 'fund')).toMatchObject({ esf: 4, 'esf-plus': 1 });
    expect(body.facets['fund']!.values.find((v) => v.value === 'esf')!.selected).toBe(true);
  });

  it('combines dimensions with AND: the ESF in predominantly rural regions', async () => {
    const { body } = await facets('fund=esf&typology=predominantly-rural');
    expect(practices(body)).toEqual(['cus-drobin', 'darjiu-equestrian-centre']);
    expect(counts(body, 'typology')).toEqual({ 'predominantly-rural': 2, intermediate: 1 }); // the typology counts ignore the typology filter
  });

  it('filters by the degree of urbanisation of the municipality, apart from the NUTS 3 typology: Freiräume', async () => {
    // Freiräume's four pilot municipalities (Eberbach, Meckesheim, Neckargemünd, Wilhelmsfeld) are
    // towns and suburbs (DEGURBA 2) in the predominantly urban NUTS 3 region DE128.
    const all = await facets();
    expect(all.body.facets['degurba']!.title).toMatch(/municipality/);
    expect(all.body.facets['typology']!.title).toMatch(/NUTS 3/);
    const urban = await facets('typology=predominantly-urban');
    expect(practices(urban.body)).toContain('freiraeume');
    const towns = await facets('degurba=towns-and-suburbs');
    expect(practices(towns.body)).toEqual(['freiraeume', 'helyenvalo-food-hub', 'people-made', 'sigulda-rehabilitation-and-employment']);
    const cities = await facets('degurba=cities');
    expect(practices(cities.body)).not.toContain('freiraeume');
    const rural = await facets('degurba=rural-areas');
    expect(practices(rural.body)).not.toContain('freiraeume');
    // Both typologies at once: predominantly urban region AND a town-and-suburbs municipality.
    const both = await facets('typology=predominantly-urban&degurba=towns-and-suburbs');
    expect(practices(both.body)).toEqual(['freiraeume', 'people-made']);
    expect(counts(both.body, 'degurba')).toEqual({ 'towns-and-suburbs': 2, cities: 2 }); // its own counts ignore its filter
  });

  it('refuses a degree of urbanisation no practice has, naming the dimension and listing the values', async () => {
    const { status, body } = await facets('degurba=predominantly-rural');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ parameter: 'degurba', allowed: ['cities', 'rural-areas', 'towns-and-suburbs'] });
  });

  it('combines values of one dimension with OR, comma-separated or repeated', async () => {
    const a = await facets('country=POL,ROU');
    const b = await facets('country=POL&country=ROU');
    expect(a.body.total).toBe(4);
    expect(practices(a.body)).toEqual(practices(b.body));
  });

  it('counts a broader concept for its narrower ones (public body ⊒ local authority)', async () => {
    const publicBody = (await facets('organisationKind=public-body')).body;
    const local = (await facets('organisationKind=local-authority')).body;
    expect(local.total).toBeGreaterThan(0);
    expect(publicBody.total).toBeGreaterThan(local.total);
    for (const p of practices(local)) expect(practices(publicBody)).toContain(p);
  });

  it('takes a search text, insensitive to diacritics', async () => {
    const { body } = await facets('q=Darjiu');
    expect(practices(body)).toEqual(['darjiu-equestrian-centre']);
    expect(counts(body, 'country')).toEqual({ ROU: 1 });
    const none = await facets('q=Darjiu&country=POL');
    expect(none.body.total).toBe(0);
    expect(none.body.facets['country']!.values.find((v) => v.value === 'POL')).toMatchObject({ count: 0, selected: true });
  });

  it('labels values in the language asked for', async () => {
    const res = await fetch(`${server.url}api/facets?country=POL`, { headers: { 'accept-language': 'pl' } });
    const body = await res.json() as Body;
    expect(body.facets['country']!.values.find((v) => v.value === 'POL')!.label).toBe('Polska');
  });

  it('counts a practice under its NUTS regions and every broader one: region=PL92 matches the practices in PL923', async () => {
    const all = (await facets()).body;
    const regions = counts(all, 'region');
    // The two Polish practices: CUS Drobin in Płocki (PL923), CIS Zbijów Mały in Radomski (PL921),
    // both in Mazowiecki regionalny (PL92), in PL9 and in PL.
    expect([regions['PL'], regions['PL9'], regions['PL92'], regions['PL921'], regions['PL923']]).toEqual([2, 2, 2, 1, 1]);
    expect(practices((await facets('region=PL923')).body)).toEqual(['cus-drobin']);
    expect(practices((await facets('region=PL92')).body)).toEqual(['cis-zbijow-maly', 'cus-drobin']);
    expect(practices((await facets('region=PL921,PL923')).body)).toEqual(['cis-zbijow-maly', 'cus-drobin']);
    expect(practices((await facets('region=PL')).body)).toEqual(practices((await facets('country=POL')).body));
    // A region filter narrows the others; its own counts ignore it.
    const pl923 = (await facets('region=PL923')).body;
    expect(counts(pl923, 'country')).toEqual({ POL: 1 });
    expect(counts(pl923, 'region')).toEqual(regions);
    const poland = all.facets['region']!.values.find((v) => v.value === 'PL923')!;
    expect(poland).toMatchObject({ id: 'http://data.europa.eu/nuts/code/PL923', label: 'Płocki' });
    // Every practice is in some NUTS region, and the NUTS 0 regions count as the countries do.
    expect(Object.fromEntries(Object.entries(regions).filter(([code]) => code.length === 2)))
      .toEqual({ BE: 2, BG: 2, DE: 2, EL: 2, ES: 2, LV: 2, PL: 2, PT: 2, RO: 2 });
  });

  it('pages the practices (limit, offset, Link) while the counts stay over all of them', async () => {
    const all = await facets();
    const res = await fetch(`${server.url}api/facets?limit=5&offset=5`);
    const page = await res.json() as Body & { limit: number; offset: number };
    expect(all.body).toMatchObject({ total: 18, limit: 50, offset: 0 });
    expect(page).toMatchObject({ total: 18, limit: 5, offset: 5 });
    expect(page.practices.map((p) => p.id)).toEqual(all.body.practices.map((p) => p.id).slice(5, 10));
    expect(page.facets).toEqual(all.body.facets);
    const link = res.headers.get('link')!;
    expect(link).toContain('</api/facets?limit=5&offset=0>; rel="prev"');
    expect(link).toContain('</api/facets?limit=5&offset=10>; rel="next"');
    expect(link).toContain('</api/facets?limit=5&offset=15>; rel="last"');
    expect((await facets('limit=0')).status).toBe(400);
  });

  it.each([
    ['region=XX999', 'region'],
    ['region=pl923', 'region'],
    [`region=${encodeURIComponent('<script>alert(1)</script>')}`, 'region'],
    [`region=${encodeURIComponent('http://data.europa.eu/nuts/code/ZZ')}`, 'region'],
    ['country=XYZ', 'country'],
    ['fund=esf-plus-plus', 'fund'],
    ['colour=red', 'colour'],
  ])('%s → 400 naming the parameter', async (query, parameter) => {
    const { status, body } = await facets(query);
    expect(status).toBe(400);
    expect(body.error!.parameter).toBe(parameter);
    expect(body.error!.allowed.length).toBeGreaterThan(0);
  });
});
