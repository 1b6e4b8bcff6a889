/**
 * Four named queries over the seed graph, through HTTP: practices-by-topic,
 * practices-by-organisation-kind, cross-sector-partnerships and funding-totals.
 *
 * Every expected answer was read off the data files (data/practices, data/organisations,
 * data/initiatives, data/programmes, data/schemes) and checked against the SECON Best Practices
 * Report transcript (../shared/seeds/002_09b90cc0abf9f7c6.txt) where amounts are concerned; the
 * comments say where each one comes from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); }, 120_000);
afterAll(async () => server?.close());

type Params = Record<string, string> | string[][];
const ask = async (name: string, params: Params = {}) => {
  const res = await fetch(`${server.url}api/queries/${name}?${new URLSearchParams(params)}`);
  return { status: res.status, body: await res.json() as any };
};

const ID = 'https://w3id.org/segraph/id/';
const practice = (slug: string) => `${ID}practice/${slug}`;
const organisation = (slug: string) => `${ID}organisation/${slug}`;
const kind = (slug: string) => `${ID}organisation-kind/${slug}`;
const theme = (slug: string) => `${ID}theme/${slug}`;
const targetGroup = (slug: string) => `${ID}target-group/${slug}`;
const fund = (slug: string) => `${ID}fund/${slug}`;
const programme = (slug: string) => `${ID}programme/${slug}`;
const country = (code: string) => `http://publications.europa.eu/resource/authority/country/${code}`;
const sdg = (n: number) => `http://metadata.un.org/sdg/${n}`;

/** The ids of a column over all rows, sorted. */
const column = (body: any, name: string): string[] => body.results.map((r: any) => r[name].id).sort();
/** The ids of an iri-list cell, sorted. */
const list = (row: any, name: string): string[] => (row[name] ?? []).map((x: any) => x.id).sort();
/** The row whose `key` column has this id. */
const row = (body: any, key: string, id: string): any => body.results.find((r: any) => r[key].id === id);
const sorted = (xs: string[]) => [...xs].sort();

const ALL_PRACTICES = [
  'altum-social-entrepreneurship-grants', 'caf-autonomy-support-unit', 'cis-zbijow-maly', 'cooprado-shepherds-school',
  'cus-drobin', 'darjiu-equestrian-centre', 'doeners-be', 'ejesec', 'eleonas-olive-oil', 'freiraeume',
  'haskovo-arts-and-crafts-fair', 'haskovo-participatory-budgeting', 'helyenvalo-food-hub', 'mannheim-social-economy-cluster',
  'oliveira-de-azemeis-social-network', 'people-made', 'recycle-at-the-source', 'sigulda-rehabilitation-and-employment',
].map(practice);

describe('the four queries are served', () => {
  it('lists them with their parameters', async () => {
    const res = await fetch(`${server.url}api/queries`);
    expect(res.status).toBe(200);
    const { queries } = await res.json() as any;
    const names = queries.map((q: any) => q.name);
    for (const n of ['practices-by-topic', 'practices-by-organisation-kind', 'cross-sector-partnerships', 'funding-totals']) expect(names).toContain(n);
    const topic = queries.find((q: any) => q.name === 'practices-by-topic');
    expect(topic.parameters.map((p: any) => p.name)).toEqual(['sdg', 'theme', 'targetGroup', 'country']);
    // The SDG parameter offers the 17 goals by number.
    expect(topic.parameters[0].values.map((v: any) => v.value).sort((a: string, b: string) => Number(a) - Number(b)))
      .toEqual(Array.from({ length: 17 }, (_, i) => String(i + 1)));
  });

  it.each([
    ['practices-by-topic', { targetGroup: 'people-with-disabilities' }],
    ['practices-by-topic', { sdg: '12', country: 'GRC,ROU' }],
    ['practices-by-topic', { theme: 'care-services', targetGroup: 'older-people' }],
    ['practices-by-organisation-kind', { kind: 'public-body' }],
    ['practices-by-organisation-kind', { kind: 'cooperative,social-enterprise' }],
    ['practices-by-organisation-kind', { kind: 'ngo', country: 'LVA' }],
    ['cross-sector-partnerships', { crossing: 'sector' }],
    ['cross-sector-partnerships', { crossing: 'border' }],
    ['cross-sector-partnerships', { crossing: 'sector', minSectors: '3', country: 'POL,LVA' }],
    ['funding-totals', { groupBy: 'fund' }],
    ['funding-totals', { groupBy: 'country' }],
    ['funding-totals', { groupBy: 'programme', country: 'POL' }],
  ])('the header example %s %j answers', async (name, params) => {
    const { status, body } = await ask(name, params);
    expect(status).toBe(200);
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.total).toBe(body.results.length);
  });
});

describe('practices-by-topic', () => {
  it('finds the practices for people with disabilities', async () => {
    // tg:people-with-disabilities, which has no narrower group, is a target group of CIS Zbijów
    // Mały, CUS Drobin, the Dârjiu equestrian centre, the Haskovo crafts fair and Sigulda.
    const { status, body } = await ask('practices-by-topic', { targetGroup: 'people-with-disabilities' });
    expect(status).toBe(200);
    expect(body.parameters).toEqual({ targetGroup: ['people-with-disabilities'] });
    expect(column(body, 'practice')).toEqual(sorted(['cis-zbijow-maly', 'cus-drobin', 'darjiu-equestrian-centre',
      'haskovo-arts-and-crafts-fair', 'sigulda-rehabilitation-and-employment'].map(practice)));
    expect(body.total).toBe(5);
    for (const r of body.results) expect(list(r, 'targetGroups')).toEqual([targetGroup('people-with-disabilities')]);
    // sdg is left out, so each practice shows all its SDGs (Sigulda: 3, 8, 10 in graph:curation).
    const sigulda = row(body, 'practice', practice('sigulda-rehabilitation-and-employment'));
    expect(list(sigulda, 'sdgs')).toEqual(sorted([sdg(3), sdg(8), sdg(10)]));
    expect(sigulda.country).toMatchObject({ id: country('LVA'), label: 'Latvia' });
    expect(sigulda.practice.label).toBe('Rehabilitation Combined with Employment for People with Functional Disabilities');
  });

  it('matches the narrower target groups of a group, never the broader ones', async () => {
    // unemployed-people is stated of no practice; its narrower groups are: long-term-unemployed
    // (CIS Zbijów Mały, Haskovo crafts fair) and unemployed-young-people (Cooprado, EJESEC).
    const { body } = await ask('practices-by-topic', { targetGroup: 'unemployed-people' });
    expect(column(body, 'practice')).toEqual(sorted(['cis-zbijow-maly', 'haskovo-arts-and-crafts-fair',
      'cooprado-shepherds-school', 'ejesec'].map(practice)));
    // EJESEC also serves young-people, which is not narrower than unemployed-people.
    expect(list(row(body, 'practice', practice('ejesec')), 'targetGroups')).toEqual([targetGroup('unemployed-young-people')]);
    // young-people: itself (EJESEC), young-people-leaving-care (CAF), unemployed-young-people (Cooprado, EJESEC).
    const young = await ask('practices-by-topic', { targetGroup: 'young-people' });
    expect(column(young.body, 'practice')).toEqual(sorted(['caf-autonomy-support-unit', 'cooprado-shepherds-school', 'ejesec'].map(practice)));
    expect(list(row(young.body, 'practice', practice('ejesec')), 'targetGroups'))
      .toEqual(sorted([targetGroup('young-people'), targetGroup('unemployed-young-people')]));
  });

  it('matches narrower themes: circular economy includes waste and recycling, not the reverse', async () => {
    // theme:circular-economy: EJESEC, People Made, Recycle at the Source (which also has
    // theme:waste-and-recycling, skos:broader circular-economy).
    const { body } = await ask('practices-by-topic', { theme: 'circular-economy' });
    expect(column(body, 'practice')).toEqual(sorted(['ejesec', 'people-made', 'recycle-at-the-source'].map(practice)));
    expect(list(row(body, 'practice', practice('recycle-at-the-source')), 'themes'))
      .toEqual(sorted([theme('circular-economy'), theme('waste-and-recycling')]));
    const narrow = await ask('practices-by-topic', { theme: 'waste-and-recycling' });
    expect(column(narrow.body, 'practice')).toEqual([practice('recycle-at-the-source')]);
  });

  it('takes several values of a parameter as any of them', async () => {
    // migrants-and-refugees: CIS Zbijów Mały, CUS Drobin; long-term-unemployed: CIS Zbijów Mały, Haskovo crafts fair.
    const { body } = await ask('practices-by-topic', [['targetGroup', 'migrants-and-refugees'], ['targetGroup', 'long-term-unemployed']]);
    expect(body.parameters).toEqual({ targetGroup: ['migrants-and-refugees', 'long-term-unemployed'] });
    expect(column(body, 'practice')).toEqual(sorted(['cis-zbijow-maly', 'cus-drobin', 'haskovo-arts-and-crafts-fair'].map(practice)));
    expect(body.results.length).toBe(3); // one row per practice, however many values match
    expect(list(row(body, 'practice', practice('cis-zbijow-maly')), 'targetGroups'))
      .toEqual(sorted([targetGroup('migrants-and-refugees'), targetGroup('long-term-unemployed')]));
  });

  it('combines an SDG with countries', async () => {
    // sdg:12 is curated for EJESEC (ESP), Eleonas (GRC), the Helyenvalo food hub (ROU), People
    // Made (BEL) and Recycle at the Source (GRC); in Greece or Romania, three remain.
    const { body } = await ask('practices-by-topic', { sdg: '12', country: 'GRC,ROU' });
    expect(column(body, 'practice')).toEqual(sorted(['eleonas-olive-oil', 'helyenvalo-food-hub', 'recycle-at-the-source'].map(practice)));
    for (const r of body.results) expect(list(r, 'sdgs')).toEqual([sdg(12)]);
    expect(column(body, 'country')).toEqual(sorted([country('GRC'), country('GRC'), country('ROU')]));
    // sdg:8 in Poland: CIS Zbijów Mały and CUS Drobin (12 practices have sdg:8 in all).
    const pl = await ask('practices-by-topic', { sdg: '8', country: 'POL' });
    expect(column(pl.body, 'practice')).toEqual(sorted(['cis-zbijow-maly', 'cus-drobin'].map(practice)));
    const all8 = await ask('practices-by-topic', { sdg: '8' });
    expect(all8.body.total).toBe(12);
  });

  it('requires every given parameter: a care theme and older people', async () => {
    // Care themes (care-services and its narrower elderly-care, disability-services,
    // child-and-youth-welfare): CAF, CUS Drobin, Dârjiu, Sigulda. Older people: CUS Drobin,
    // Dârjiu, Haskovo crafts fair. Both: CUS Drobin and Dârjiu.
    const { body } = await ask('practices-by-topic', { theme: 'care-services', targetGroup: 'older-people' });
    expect(column(body, 'practice')).toEqual(sorted(['cus-drobin', 'darjiu-equestrian-centre'].map(practice)));
    expect(list(row(body, 'practice', practice('cus-drobin')), 'themes'))
      .toEqual(sorted([theme('care-services'), theme('elderly-care'), theme('disability-services')]));
    expect(list(row(body, 'practice', practice('cus-drobin')), 'targetGroups')).toEqual([targetGroup('older-people')]);
  });

  it('lists all 18 practices when every parameter is left out', async () => {
    const { status, body } = await ask('practices-by-topic');
    expect(status).toBe(200);
    expect(body.parameters).toEqual({});
    expect(body.total).toBe(18);
    expect(column(body, 'practice')).toEqual(sorted(ALL_PRACTICES));
    // CUS Drobin: sdg 8, 10, 11 and its seven themes, as in data/practices/cus-drobin.trig.
    const cus = row(body, 'practice', practice('cus-drobin'));
    expect(list(cus, 'sdgs')).toEqual(sorted([sdg(8), sdg(10), sdg(11)]));
    expect(list(cus, 'themes')).toEqual(sorted(['work-integration', 'employment', 'social-procurement', 'care-services',
      'elderly-care', 'disability-services', 'tourism'].map(theme)));
  });

  it('refuses values that are not of the parameter (400, naming it)', async () => {
    const bad = await ask('practices-by-topic', { sdg: '18' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_parameter', parameter: 'sdg', value: '18' });
    expect(bad.body.error.allowed).toContain('8');
    const notAGroup = await ask('practices-by-topic', { targetGroup: 'tourism' }); // a theme, not a target group
    expect(notAGroup.status).toBe(400);
    expect(notAGroup.body.error.parameter).toBe('targetGroup');
  });
});

describe('practices-by-organisation-kind', () => {
  it('finds practices implemented by a public body or any narrower kind', async () => {
    // Implementers (sg:implementedBy) whose org:classification is public-body or narrower:
    // Latvian Ministry of Welfare + ALTUM, Mirów commune, Province of Flemish Brabant (DOENERS,
    // People Made; and for People Made the cities of Leuven and Vilvoorde and the Welzijnskoepel
    // West-Brabant), Sigulda County, Junta + DG of Extremadura (EJESEC), Rhein-Neckar-Kreis economic development
    // (Freiräume), Haskovo municipality (crafts fair), Mannheim's development office + city,
    // Oliveira de Azeméis municipality.
    const { status, body } = await ask('practices-by-organisation-kind', { kind: 'public-body' });
    expect(status).toBe(200);
    expect(column(body, 'practice')).toEqual(sorted(['altum-social-entrepreneurship-grants', 'cis-zbijow-maly', 'doeners-be',
      'ejesec', 'freiraeume', 'haskovo-arts-and-crafts-fair', 'mannheim-social-economy-cluster',
      'oliveira-de-azemeis-social-network', 'people-made', 'sigulda-rehabilitation-and-employment'].map(practice)));
    const altum = row(body, 'practice', practice('altum-social-entrepreneurship-grants'));
    expect(list(altum, 'organisations')).toEqual(sorted([organisation('altum'), organisation('latvian-ministry-of-welfare')]));
    expect(list(altum, 'kinds')).toEqual(sorted(['public-body', 'public-financial-institution', 'national-authority'].map(kind)));
    // People Made itself (a network) and Oostrem (an NGO) are not public bodies; the report's
    // other organisations in charge are.
    const peopleMade = row(body, 'practice', practice('people-made'));
    expect(list(peopleMade, 'organisations')).toEqual(sorted(['province-of-flemish-brabant', 'city-of-leuven', 'city-of-vilvoorde',
      'welzijnskoepel-west-brabant'].map(organisation)));
    expect(list(peopleMade, 'kinds')).toEqual(sorted(['regional-authority', 'local-authority', 'public-body'].map(kind)));
    // Partners do not count: Haskovo participatory budgeting has the municipality only as a partner.
    expect(column(body, 'practice')).not.toContain(practice('haskovo-participatory-budgeting'));
  });

  it('local-authority is narrower: only municipalities and cities', async () => {
    const { body } = await ask('practices-by-organisation-kind', { kind: 'local-authority' });
    expect(column(body, 'practice')).toEqual(sorted(['cis-zbijow-maly', 'haskovo-arts-and-crafts-fair',
      'mannheim-social-economy-cluster', 'oliveira-de-azemeis-social-network', 'people-made',
      'sigulda-rehabilitation-and-employment'].map(practice)));
    expect(list(row(body, 'practice', practice('people-made')), 'organisations')).toEqual(sorted(['city-of-leuven', 'city-of-vilvoorde'].map(organisation)));
    expect(list(row(body, 'practice', practice('mannheim-social-economy-cluster')), 'organisations')).toEqual([organisation('city-of-mannheim')]);
  });

  it('takes several kinds, each with its narrower kinds', async () => {
    // cooperative ⊒ agricultural-cooperative, social-cooperative; social-enterprise ⊒ social-cooperative.
    // Recycle at the Source and CUS Drobin (social cooperatives), Eleonas (cooperative,
    // agricultural cooperative), Kanthaka (Dârjiu), Visi Var (Sigulda), Helyenvalo (social enterprises).
    const { body } = await ask('practices-by-organisation-kind', [['kind', 'cooperative'], ['kind', 'social-enterprise']]);
    expect(column(body, 'practice')).toEqual(sorted(['recycle-at-the-source', 'cus-drobin', 'eleonas-olive-oil',
      'darjiu-equestrian-centre', 'sigulda-rehabilitation-and-employment', 'helyenvalo-food-hub'].map(practice)));
    expect(body.results.length).toBe(6);
    const sigulda = row(body, 'practice', practice('sigulda-rehabilitation-and-employment'));
    expect(list(sigulda, 'organisations')).toEqual([organisation('visi-var')]); // not Wings of Hope, an association
    expect(list(row(body, 'practice', practice('eleonas-olive-oil')), 'kinds')).toEqual(sorted([kind('cooperative'), kind('agricultural-cooperative')]));
    // Kanthaka is also an NGO and an association; only the matching kind is listed.
    expect(list(row(body, 'practice', practice('darjiu-equestrian-centre')), 'kinds')).toEqual([kind('social-enterprise')]);
  });

  it('filters by country, and leaving the country out gives all', async () => {
    // NGOs (ngo ⊒ association, ipss): Kanthaka (ROU), Halo Foundation (BGR), Wings of Hope (LVA), CAF (PRT),
    // Oostrem and the Welzijnskoepel West-Brabant (BEL).
    const all = await ask('practices-by-organisation-kind', { kind: 'ngo' });
    expect(column(all.body, 'practice')).toEqual(sorted(['darjiu-equestrian-centre', 'haskovo-participatory-budgeting',
      'sigulda-rehabilitation-and-employment', 'caf-autonomy-support-unit', 'people-made'].map(practice)));
    expect(list(row(all.body, 'practice', practice('people-made')), 'organisations')).toEqual(sorted(['oostrem', 'welzijnskoepel-west-brabant'].map(organisation)));
    expect(list(row(all.body, 'practice', practice('caf-autonomy-support-unit')), 'kinds')).toEqual([kind('ipss')]);
    const lv = await ask('practices-by-organisation-kind', { kind: 'ngo', country: 'LVA' });
    expect(lv.body.results).toHaveLength(1);
    expect(lv.body.results[0].practice.id).toBe(practice('sigulda-rehabilitation-and-employment'));
    expect(list(lv.body.results[0], 'organisations')).toEqual([organisation('wings-of-hope')]);
    expect(list(lv.body.results[0], 'kinds')).toEqual([kind('association')]);
  });

  it('lists every practice with all its implementers when kind is left out', async () => {
    const { body } = await ask('practices-by-organisation-kind');
    expect(body.total).toBe(18);
    expect(column(body, 'practice')).toEqual(sorted(ALL_PRACTICES));
    const pm = row(body, 'practice', practice('people-made'));
    // The report's five organisations in charge, and People Made itself (our link, graph/curation).
    expect(list(pm, 'organisations')).toEqual(sorted(['people-made', 'province-of-flemish-brabant', 'city-of-leuven', 'city-of-vilvoorde',
      'oostrem', 'welzijnskoepel-west-brabant'].map(organisation)));
    expect(list(pm, 'kinds')).toEqual(sorted(['network', 'regional-authority', 'local-authority', 'ngo', 'association', 'public-body'].map(kind)));
    const be = await ask('practices-by-organisation-kind', { country: 'BEL' });
    expect(column(be.body, 'practice')).toEqual(sorted(['doeners-be', 'people-made'].map(practice)));
  });

  it('refuses a kind that is not in the scheme (400, naming kind)', async () => {
    const bad = await ask('practices-by-organisation-kind', { kind: 'bank' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_parameter', parameter: 'kind', value: 'bank' });
    expect(bad.body.error.allowed).toContain('social-cooperative');
  });
});

describe('cross-sector-partnerships', () => {
  const SECON_PARTNERS = ['region-of-peloponnese', 'kmop', 'province-of-flemish-brabant', 'mazowieckie-voivodeship',
    'consejeria-agricultura-extremadura', 'verband-region-rhein-neckar', 'harghita-county-council',
    'oliveira-de-azemeis-municipality', 'riga-planning-region', 'haskovo-municipality'].map(organisation);

  it('by default finds partnerships crossing sectors or borders', async () => {
    // Implementers + partners of at least two organisations in ≥ 2 top-level kinds, or from ≥ 2
    // countries. Not: ALTUM, DOENERS, EJESEC, Freiräume (7 organisations), Mannheim, ESER —
    // all public bodies of one country; ESER's EU bodies have no country.
    const { status, body } = await ask('cross-sector-partnerships');
    expect(status).toBe(200);
    expect(body.parameters).toEqual({ crossing: 'any', minSectors: '2', minCountries: '2' });
    expect(column(body, 'initiative')).toEqual(sorted([`${ID}initiative/secon`, ...['cus-drobin', 'haskovo-arts-and-crafts-fair',
      'haskovo-participatory-budgeting', 'helyenvalo-food-hub', 'people-made', 'sigulda-rehabilitation-and-employment'].map(practice)]));
    // CUS Drobin: the cooperative (social cooperative: cooperative + social enterprise), five
    // municipalities (public body), the parish (religious) and the Płock centre (association: NGO).
    const cus = row(body, 'initiative', practice('cus-drobin'));
    expect(cus).toMatchObject({ organisationCount: 8, sectorCount: 5, countryCount: 1, crossesSectors: true, crossesBorders: false });
    expect(list(cus, 'sectors')).toEqual(sorted(['cooperative', 'social-enterprise', 'public-body', 'religious-organisation', 'ngo'].map(kind)));
    expect(list(cus, 'countries')).toEqual([country('POL')]);
    // Helyenvalo (social enterprise) with the Civitas Foundation.
    expect(list(row(body, 'initiative', practice('helyenvalo-food-hub')), 'sectors')).toEqual(sorted([kind('social-enterprise'), kind('foundation')]));
  });

  it('crossing=border: only SECON, ten partners from nine countries', async () => {
    const { body } = await ask('cross-sector-partnerships', { crossing: 'border' });
    expect(column(body, 'initiative')).toEqual([`${ID}initiative/secon`]);
    const secon = body.results[0];
    expect(list(secon, 'organisations')).toEqual(sorted(SECON_PARTNERS));
    expect(list(secon, 'countries')).toEqual(sorted(['GRC', 'BEL', 'POL', 'ESP', 'DEU', 'ROU', 'PRT', 'LVA', 'BGR'].map(country)));
    expect(secon).toMatchObject({ organisationCount: 10, countryCount: 9, sectorCount: 2, crossesBorders: true, crossesSectors: true });
    expect(list(secon, 'sectors')).toEqual(sorted([kind('public-body'), kind('ngo')])); // KMOP is the NGO
    const ten = await ask('cross-sector-partnerships', { crossing: 'border', minCountries: '10' });
    expect(ten.status).toBe(200);
    expect(ten.body.total).toBe(0);
    expect(ten.body.results).toEqual([]);
  });

  it('minSectors=3, and with several countries', async () => {
    // Three sectors or more: CUS Drobin (5), Haskovo participatory budgeting (Halo Foundation is
    // NGO and foundation, with the municipality), People Made (network, public bodies, Oostrem
    // and Welzijnskoepel as NGOs), Sigulda (Wings of Hope, Visi Var, Sigulda county).
    const three = await ask('cross-sector-partnerships', { crossing: 'sector', minSectors: '3' });
    expect(column(three.body, 'initiative')).toEqual(sorted(['cus-drobin', 'haskovo-participatory-budgeting', 'people-made',
      'sigulda-rehabilitation-and-employment'].map(practice)));
    expect(row(three.body, 'initiative', practice('people-made'))).toMatchObject({ organisationCount: 6, sectorCount: 3 });
    // Of those, with an organisation from Poland or Latvia (SECON has both, but two sectors only).
    const { body } = await ask('cross-sector-partnerships', { crossing: 'sector', minSectors: '3', country: 'POL,LVA' });
    expect(body.parameters).toEqual({ crossing: 'sector', minSectors: '3', minCountries: '2', country: ['POL', 'LVA'] });
    expect(column(body, 'initiative')).toEqual(sorted(['cus-drobin', 'sigulda-rehabilitation-and-employment'].map(practice)));
  });

  it('country=BGR: the two Haskovo practices and SECON (Haskovo municipality is a partner)', async () => {
    const { body } = await ask('cross-sector-partnerships', { country: 'BGR' });
    expect(column(body, 'initiative')).toEqual(sorted([`${ID}initiative/secon`, practice('haskovo-arts-and-crafts-fair'), practice('haskovo-participatory-budgeting')]));
    expect(list(row(body, 'initiative', practice('haskovo-arts-and-crafts-fair')), 'sectors')).toEqual(sorted([kind('public-body'), kind('chamber')]));
  });

  it('refuses bad values of its own parameters (400, naming them)', async () => {
    const crossing = await ask('cross-sector-partnerships', { crossing: 'nation' });
    expect(crossing.status).toBe(400);
    expect(crossing.body.error).toMatchObject({ code: 'invalid_parameter', parameter: 'crossing', allowed: ['any', 'sector', 'border'] });
    const one = await ask('cross-sector-partnerships', { minSectors: '1' });
    expect(one.status).toBe(400);
    expect(one.body.error.parameter).toBe('minSectors');
    const word = await ask('cross-sector-partnerships', { minCountries: 'two' });
    expect(word.status).toBe(400);
    expect(word.body.error.parameter).toBe('minCountries');
  });
});

describe('funding-totals', () => {
  const byGroup = (body: any) => Object.fromEntries(body.results.map((r: any) => [r.group.id, r]));
  const amounts = (r: any): string[] => (r.amounts ? r.amounts.split('; ') : []).sort();

  it('by fund (the default): ESF, ESF+, RRF, IPA II', async () => {
    const { status, body } = await ask('funding-totals');
    expect(status).toBe(200);
    expect(body.parameters).toEqual({ groupBy: 'fund' });
    const rows = byGroup(body);
    expect(Object.keys(rows).sort()).toEqual(sorted(['esf', 'esf-plus', 'rrf', 'ipa-ii'].map(fund)));
    // ESF: four fundings of four practices — ALTUM (#funding-esf, stated fund), CUS Drobin
    // (#funding-eu-po-kl via PO KL 2007-2013), Dârjiu (#funding-exino-project, the ESF linked in
    // graph:curation: the report's programme name does not fit its dates) and Haskovo participatory budgeting (#funding-op-good-governance). Only the last
    // has an amount: 39,920.75 BGN, which the report itself gives as c.a. €20,410.00
    // (sg:valueInEUR in graph:secon-report). Total 20,410.00 EUR; 3 fundings have no EUR value.
    expect(rows[fund('esf')]).toMatchObject({
      totalEUR: 20410, fundings: 4, fundingsWithEUR: 1, fundingsWithoutEUR: 3, practices: 4, currencies: 'BGN', amounts: 'BGN 39920.75',
    });
    expect(rows[fund('esf')].group.label).toBe('European Social Fund');
    // RRF: CUS Drobin's "CUS for Climate" through the Polish recovery plan: 176,000 PLN at the
    // ECB 2023 average 4.5420 PLN/EUR = 38,749.45 EUR (graph:curation).
    expect(rows[fund('rrf')]).toMatchObject({
      totalEUR: 38749.45, fundings: 1, fundingsWithEUR: 1, fundingsWithoutEUR: 0, practices: 1, currencies: 'PLN', amounts: 'PLN 176000.00',
    });
    // ESF+ (Mannheim: a 50 % share, no amount) and IPA II (Haskovo fair via Interreg-IPA
    // Bulgaria-Turkey, no amount): nothing to add, and the counts say so.
    expect(rows[fund('esf-plus')]).toMatchObject({ totalEUR: 0, fundings: 1, fundingsWithEUR: 0, fundingsWithoutEUR: 1, practices: 1, currencies: '', amounts: '' });
    expect(rows[fund('ipa-ii')]).toMatchObject({ totalEUR: 0, fundings: 1, fundingsWithoutEUR: 1, practices: 1 });
    // Sorted by total, largest first.
    expect(body.results.map((r: any) => r.group.id).slice(0, 2)).toEqual([fund('rrf'), fund('esf')]);
  });

  it('by country: fundings, not budgets, each once', async () => {
    const { body } = await ask('funding-totals', { groupBy: 'country' });
    const rows = byGroup(body);
    expect(Object.keys(rows).sort()).toEqual(sorted(['BEL', 'BGR', 'DEU', 'ESP', 'GRC', 'LVA', 'POL', 'PRT', 'ROU'].map(country)));
    // DEU: Freiräume's KfW grant, approx. 2,900,000 EUR + Mannheim's in-kind resources, about
    // 40,000 EUR per year = 2,940,000 EUR. Freiräume's 4.5 million budget (which contains the
    // 2.9 million as a part) is not added; Mannheim's four other fundings have no amount.
    expect(rows[country('DEU')]).toMatchObject({ totalEUR: 2940000, fundings: 6, fundingsWithEUR: 2, fundingsWithoutEUR: 4, practices: 2, currencies: 'EUR' });
    expect(amounts(rows[country('DEU')])).toEqual(['EUR 2900000.00', 'EUR 40000.00 (P1Y)']);
    // BEL: DOENERS 49,000 + 21,000 (the 70,000 budget is not added again) and People Made
    // 59,500 (2021) + 51,500 (2022) + 33,755 (2023) = 214,755 EUR. People Made's €135,000
    // "unavailable reserve" is not a funding (sg:reserve) and is not added.
    expect(rows[country('BEL')]).toMatchObject({ totalEUR: 214755, fundings: 5, fundingsWithEUR: 5, fundingsWithoutEUR: 0, practices: 2 });
    expect(amounts(rows[country('BEL')])).toEqual(['EUR 21000.00', 'EUR 33755.00', 'EUR 49000.00', 'EUR 51500.00', 'EUR 59500.00']);
    // POL: CIS Zbijów Mały 1,219,800 PLN / 4.5652 (ECB 2021) = 267,195.30, CUS Drobin
    // Enterprise+ 84,000 / 4.5420 (2023) = 18,494.06 and CUS for Climate 176,000 / 4.5420 =
    // 38,749.45: 324,438.81 EUR. The CIS's "approximately PLN 650,000 per year" is a budget.
    // 12 fundings: 4 of the CIS, 8 of CUS Drobin.
    expect(rows[country('POL')]).toMatchObject({ totalEUR: 324438.81, fundings: 12, fundingsWithEUR: 3, fundingsWithoutEUR: 9, practices: 2, currencies: 'PLN' });
    expect(amounts(rows[country('POL')])).toEqual(['PLN 1219800.00', 'PLN 176000.00', 'PLN 84000.00']);
    // BGR: 20,410.00 + 3,601.77 (the report's own conversions) = 24,011.77 EUR, which is the
    // report's figure for the whole second run; the 46,965.59 BGN budget is not added again.
    expect(rows[country('BGR')]).toMatchObject({ totalEUR: 24011.77, fundings: 7, fundingsWithEUR: 2, fundingsWithoutEUR: 5, practices: 2, currencies: 'BGN' });
    expect(amounts(rows[country('BGR')])).toEqual(['BGN 39920.75', 'BGN 7044.84']);
    // No funding amounts at all in Greece, Latvia, Portugal, Romania and Spain.
    for (const [code, n] of [['GRC', 4], ['LVA', 5], ['PRT', 5], ['ROU', 5], ['ESP', 3]] as const) {
      expect(rows[country(code)]).toMatchObject({ totalEUR: 0, fundings: n, fundingsWithEUR: 0, fundingsWithoutEUR: n, practices: 2 });
    }
    // 52 fundings of the 18 practices in all.
    expect(body.results.reduce((n: number, r: any) => n + r.fundings, 0)).toBe(52);
  });

  it('by programme in Poland (an omitted fund), and by country for the ESF only', async () => {
    const pl = await ask('funding-totals', { groupBy: 'programme', country: 'POL' });
    const rows = byGroup(pl.body);
    // CUS Drobin's three programmes; the CIS's fundings name none.
    expect(Object.keys(rows).sort()).toEqual(sorted(['pl-national-recovery-plan', 'pl-enterprise-plus', 'pl-op-human-capital-2007-2013'].map(programme)));
    expect(rows[programme('pl-enterprise-plus')]).toMatchObject({ totalEUR: 18494.06, fundings: 1, amounts: 'PLN 84000.00' });
    expect(rows[programme('pl-national-recovery-plan')]).toMatchObject({ totalEUR: 38749.45, fundings: 1 });
    expect(rows[programme('pl-op-human-capital-2007-2013')]).toMatchObject({ totalEUR: 0, fundings: 1, fundingsWithoutEUR: 1 });
    // The four ESF fundings, by the practices' countries.
    const esf = await ask('funding-totals', { groupBy: 'country', fund: 'esf' });
    const esfRows = byGroup(esf.body);
    expect(Object.keys(esfRows).sort()).toEqual(sorted(['BGR', 'LVA', 'POL', 'ROU'].map(country)));
    expect(esfRows[country('BGR')]).toMatchObject({ totalEUR: 20410, fundings: 1, fundingsWithEUR: 1 });
    for (const code of ['LVA', 'POL', 'ROU']) expect(esfRows[country(code)]).toMatchObject({ totalEUR: 0, fundings: 1, fundingsWithoutEUR: 1 });
  });

  it('by programme: a scheme counts for the operational programme it is part of too', async () => {
    const { body } = await ask('funding-totals', { groupBy: 'programme' });
    const rows = byGroup(body);
    // Freiräume's KfW grant through Model Projects Smart Cities (a programme without a fund).
    expect(rows[programme('de-model-projects-smart-cities')]).toMatchObject({ totalEUR: 2900000, fundings: 1, currencies: 'EUR' });
    // ALTUM's ESF funding through "Support for Social Entrepreneurship", part of OP Growth and Employment.
    expect(rows[programme('lv-esf-support-for-social-entrepreneurship')]).toMatchObject({ fundings: 1, practices: 1, fundingsWithoutEUR: 1 });
    expect(rows[programme('lv-op-growth-and-employment-2014-2020')]).toMatchObject({ fundings: 1, practices: 1, fundingsWithoutEUR: 1 });
    // Nine programmes: Dârjiu's funding names none that fits its dates (only its fund is linked).
    expect(body.total).toBe(9);
    expect(rows[programme('ro-sop-human-resources-development-2007-2013')]).toBeUndefined();
  });

  it('gives the same totals as JSON-LD, CSV and as SPARQL to rerun', async () => {
    const ld = await fetch(`${server.url}api/queries/funding-totals?format=jsonld`);
    expect(ld.status).toBe(200);
    const doc = await ld.json() as any;
    expect(doc['@id']).toBeUndefined();   // the rows are the document's triples, in no named graph
    const esf = doc['@graph'].find((n: any) => n['@id'] === fund('esf'));
    expect(Number(esf.totalEUR['@value'])).toBe(20410);
    expect(esf.fundings).toEqual({ '@value': '4', '@type': 'http://www.w3.org/2001/XMLSchema#integer' });
    const csv = await fetch(`${server.url}api/queries/funding-totals?groupBy=country&format=csv`);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('group,groupLabel,totalEUR,fundings,fundingsWithEUR,fundingsWithoutEUR,practices,currencies,amounts');
    expect(lines).toHaveLength(10); // header and nine countries
    const explain = await fetch(`${server.url}api/queries/funding-totals?groupBy=country&explain`);
    expect(explain.status).toBe(200);
    expect(await explain.text()).toMatch(/VALUES \?groupBy \{\s*"country"\s*\}/);
  });

  it('refuses a bad groupBy, and several funds (400, naming the parameter)', async () => {
    const bad = await ask('funding-totals', { groupBy: 'region' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_parameter', parameter: 'groupBy', value: 'region', allowed: ['fund', 'programme', 'country'] });
    const two = await ask('funding-totals', { fund: 'esf,erdf' });
    expect(two.status).toBe(400);
    expect(two.body.error.parameter).toBe('fund');
  });
});
