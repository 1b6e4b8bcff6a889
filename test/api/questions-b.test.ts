/**
 * Four questions over HTTP, each answered exactly as the seed data supports: a region's
 * profile (region-profile), practices running on a date (practices-running-on), practices to
 * learn from in other countries (practices-to-learn-from) and an initiative's network
 * (initiative-network). The expected answers were worked out by reading data/ (practices,
 * places, reference/nuts.trig, initiatives) and the report's transcript
 * (../shared/seeds/002_09b90cc0abf9f7c6.txt), not copied from the queries' output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

const ask = async (name: string, params: Record<string, string> = {}): Promise<{ status: number; body: any }> => {
  const res = await fetch(`${server.url}api/queries/${name}?${new URLSearchParams(params)}`);
  return { status: res.status, body: await res.json() };
};

const ID = 'https://w3id.org/segraph/id/';
const NUTS = 'http://data.europa.eu/nuts/code/';
const COUNTRY = 'http://publications.europa.eu/resource/authority/country/';
const SDG = 'http://metadata.un.org/sdg/';
/** The local name of one of our IRIs (`practice/cus-drobin` → `cus-drobin`), or a NUTS code / country code / SDG number. */
const short = (iri: string) => iri.startsWith(ID) ? iri.slice(ID.length).replace(/^[^/]+\//, '') : iri.replace(NUTS, '').replace(COUNTRY, '').replace(SDG, 'sdg');
const one = (value: { id: string }) => short(value.id);
const list = (values: Array<{ id: string }>) => values.map(one);
type Row = any;
const rowOf = (rows: Row[], key: string, id: string) => {
  const row = rows.find((r) => one(r[key]) === id);
  expect(row, `${id} in the answer`).toBeDefined();
  return row;
};

describe('region-profile', () => {
  it('a NUTS 2 region gathers the practices of its NUTS 3 regions (PL92 Mazowiecki regionalny: PL921 and PL923)', async () => {
    // data/places/poland.trig: Drobin and the Płock subregion are in PL923 (predominantly rural),
    // Zbijów Mały and Mirów in PL921 (intermediate); reference/nuts.trig: both are skos:broader PL92.
    const { status, body } = await ask('region-profile', { region: 'PL92' });
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    // Ordered by English name: "Joint Social Cooperative …" before "Social Integration Centre …".
    expect(body.results.map((r: Row) => one(r.practice))).toEqual(['cus-drobin', 'cis-zbijow-maly']);
    const [drobin, cis] = body.results;
    expect(drobin.match).toBe('within');
    expect(one(drobin.country)).toBe('POL');
    expect(one(drobin.status)).toBe('ongoing');
    expect(list(drobin.places)).toEqual(['drobin', 'plock-subregion']);
    expect(list(drobin.regions)).toEqual(['PL923']);
    expect(list(drobin.typologies)).toEqual(['predominantly-rural']);
    expect(list(drobin.implementers)).toEqual(['cus-drobin']);
    // The five founders of the cooperative plus Radzanowo and Drobin (data/practices/cus-drobin.trig).
    expect(list(drobin.partners)).toEqual([
      'bulkowo-municipality', 'centre-for-innovation-of-information-society', 'drobin-municipality', 'mala-wies-municipality',
      'parish-st-martin-slupno', 'radzanowo-municipality', 'slupno-municipality',
    ]);
    // PO KL 2007-2013 is an ESF programme, the National Recovery Plan an RRF one; Enterprise+ states no fund.
    expect(list(drobin.funds)).toEqual(['esf', 'rrf']);
    expect(list(drobin.programmes)).toEqual(['pl-enterprise-plus', 'pl-national-recovery-plan', 'pl-op-human-capital-2007-2013']);
    expect(list(cis.places)).toEqual(['mirow', 'zbijow-maly']);
    expect(list(cis.regions)).toEqual(['PL921']);
    expect(list(cis.typologies)).toEqual(['intermediate']);
    expect(list(cis.implementers)).toEqual(['mirow-commune']);
    expect(cis.partners).toEqual([]);
    expect(cis.funds).toEqual([]);
    expect(cis.programmes).toEqual([]);
  });

  it('a NUTS 3 region has only its own practices (PL923 Płocki)', async () => {
    const { body } = await ask('region-profile', { region: 'PL923' });
    expect(body.results.map((r: Row) => one(r.practice))).toEqual(['cus-drobin']);
  });

  it('Harghita (RO124): the equestrian centre in Dârjiu and the food hub in Odorheiu Secuiesc', async () => {
    const { body } = await ask('region-profile', { region: 'RO124' });
    expect(body.results.map((r: Row) => one(r.practice))).toEqual(['darjiu-equestrian-centre', 'helyenvalo-food-hub']);
    const [darjiu, hub] = body.results;
    expect(one(darjiu.status)).toBe('completed');
    expect(list(darjiu.places)).toEqual(['centru', 'darjiu']);
    expect(list(darjiu.typologies)).toEqual(['predominantly-rural']);
    expect(list(darjiu.implementers)).toEqual(['kanthaka-association']);
    expect(list(darjiu.funds)).toEqual(['esf']);
    // No programme: the report's "Human Resource Development Operative Programme" is the 2007-2013
    // one by name, but the project ran 2021-2023; only the ESF, which both candidates spend, is linked.
    expect(darjiu.programmes).toEqual([]);
    expect(list(hub.places)).toEqual(['centru', 'odorheiu-secuiesc']);
    expect(list(hub.implementers)).toEqual(['helyenvalo']);
    expect(list(hub.partners)).toEqual(['civitas-foundation']);
    expect(hub.funds).toEqual([]);
  });

  it('with wider=true, also the region-wide practices of a larger region (Cáceres: EJESEC covers all of Extremadura)', async () => {
    const narrow = await ask('region-profile', { region: 'ES432' });
    expect(narrow.body.results.map((r: Row) => [one(r.practice), r.match])).toEqual([['cooprado-shepherds-school', 'within']]);
    const wide = await ask('region-profile', { region: 'ES432', wider: 'true' });
    expect(wide.body.results.map((r: Row) => [one(r.practice), r.match])).toEqual([
      ['cooprado-shepherds-school', 'within'], ['ejesec', 'covers'],
    ]);
    expect(wide.body.results[1].regions).toEqual([]); // EJESEC's only NUTS region is ES43
  });

  it('takes a place or a country of the graph too', async () => {
    const mazovia = await ask('region-profile', { region: 'id:place/mazowieckie' });
    expect(mazovia.status).toBe(200);
    expect(mazovia.body.results.map((r: Row) => one(r.practice))).toEqual(['cus-drobin', 'cis-zbijow-maly']);
    const poland = await ask('region-profile', { region: 'country:POL' });
    expect(poland.body.results.map((r: Row) => one(r.practice))).toEqual(['cus-drobin', 'cis-zbijow-maly']);
    const brabant = await ask('region-profile', { region: 'BE24' });
    expect(brabant.body.results.map((r: Row) => one(r.practice))).toEqual(['doeners-be', 'people-made']);
  });

  it('400 for a region that is not in the graph, or none', async () => {
    const bad = await ask('region-profile', { region: 'PL999' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.parameter).toBe('region');
    const missing = await ask('region-profile');
    expect(missing.status).toBe(400);
    expect(missing.body.error.parameter).toBe('region');
    expect(missing.body.error.message).toMatch(/required/);
  });
});

describe('practices-running-on', () => {
  const running = async (params: Record<string, string>) => {
    const { status, body } = await ask('practices-running-on', { ...params, running: 'true' });
    expect(status).toBe(200);
    return body.results.map((r: Row) => one(r.practice));
  };

  it('lists every practice on a timeline ordered by start, with its dates as authored', async () => {
    const { status, body } = await ask('practices-running-on', { date: '2024-01-31' });
    expect(status).toBe(200);
    expect(body.total).toBe(18);
    // Starts from the report (transcript lines 126-902), ties by name.
    expect(body.results.map((r: Row) => [one(r.practice), r.start, r.end ?? null])).toEqual([
      ['oliveira-de-azemeis-social-network', '2002', null],
      ['sigulda-rehabilitation-and-employment', '2004', null],
      ['eleonas-olive-oil', '2004', null],
      ['cus-drobin', '2012', null],
      ['recycle-at-the-source', '2013', null],
      ['haskovo-arts-and-crafts-fair', '2017', null],
      ['altum-social-entrepreneurship-grants', '2018-01', '2023-03'],
      ['helyenvalo-food-hub', '2018', null],
      ['caf-autonomy-support-unit', '2018-09', null],
      ['cooprado-shepherds-school', '2018-11-19', null],
      ['people-made', '2021', null],
      ['mannheim-social-economy-cluster', '2021', '2025'],
      ['darjiu-equestrian-centre', '2021-04', '2023-03'],
      ['doeners-be', '2021-05', null],
      ['freiraeume', '2021-09', '2026-08'],
      ['cis-zbijow-maly', '2021-09-01', null],
      ['ejesec', '2021-10', null],
      ['haskovo-participatory-budgeting', '2022-08-10', '2023-12-31'],
    ]);
    const altum = rowOf(body.results, 'practice', 'altum-social-entrepreneurship-grants');
    expect([altum.runsFrom, altum.runsUntil, one(altum.status), altum.isRunning]).toEqual(['2018-01-01', '2023-03-31', 'paused', false]);
    const mannheim = rowOf(body.results, 'practice', 'mannheim-social-economy-cluster');
    expect([mannheim.runsFrom, mannheim.runsUntil, mannheim.isRunning]).toEqual(['2021-01-01', '2025-12-31', true]);
    expect(rowOf(body.results, 'practice', 'cus-drobin').runsUntil).toBeUndefined();
  });

  it('by default on the report\'s date (January 2024): all but the two completed ones and the paused one', async () => {
    const { body } = await ask('practices-running-on', { running: 'false' });
    expect(body.parameters).toEqual({ date: '2024-01-31', running: 'false' });
    expect(body.results.map((r: Row) => one(r.practice))).toEqual([
      'altum-social-entrepreneurship-grants', 'darjiu-equestrian-centre', 'haskovo-participatory-budgeting',
    ]);
    expect(await running({})).toHaveLength(15);
  });

  it('an end given as a month runs to the month\'s last day (Altum and Dârjiu, "March 2023")', async () => {
    expect(await running({ date: '2023-03-31' })).toHaveLength(18);
    const { body } = await ask('practices-running-on', { date: '2023-04-01', running: 'false' });
    expect(body.results.map((r: Row) => one(r.practice))).toEqual(['altum-social-entrepreneurship-grants', 'darjiu-equestrian-centre']);
    // The participatory budgeting ran to its exact end date, 31 December 2023.
    expect(await running({ date: '2023-12-31' })).toContain('haskovo-participatory-budgeting');
    expect(await running({ date: '2024-01-01' })).not.toContain('haskovo-participatory-budgeting');
  });

  it('a start given as a year or a month counts from its first day (CUS Drobin "2012", CAF "September 2018")', async () => {
    expect(await running({ date: '2011-12-31' })).toEqual(['oliveira-de-azemeis-social-network', 'sigulda-rehabilitation-and-employment', 'eleonas-olive-oil']);
    expect(await running({ date: '2012-01-01' })).toEqual(['oliveira-de-azemeis-social-network', 'sigulda-rehabilitation-and-employment', 'eleonas-olive-oil', 'cus-drobin']);
    expect(await running({ date: '2018-08-31' })).not.toContain('caf-autonomy-support-unit');
    expect(await running({ date: '2018-09-01' })).toContain('caf-autonomy-support-unit');
  });

  it('a stated end counts even when the status is ongoing (Mannheim, "2025"), an open end with status ongoing runs on', async () => {
    expect(await running({ date: '2025-12-31', country: 'DEU' })).toEqual(['mannheim-social-economy-cluster', 'freiraeume']);
    expect(await running({ date: '2026-01-01', country: 'DEU,BEL' })).toEqual(['people-made', 'doeners-be', 'freiraeume']);
    expect(await running({ date: '2026-09-01', country: 'DEU' })).toEqual([]); // Freiräume ends August 2026
  });

  it('400 for a date that does not exist', async () => {
    const { status, body } = await ask('practices-running-on', { date: '2023-02-30' });
    expect(status).toBe(400);
    expect(body.error.parameter).toBe('date');
  });
});

describe('practices-to-learn-from', () => {
  const ranking = (rows: Row[]) => rows.map((r) => [one(r.practice), r.score]);

  it('for rural Płocki (PL923): ranked by what they share with CUS Drobin and the region\'s type, no Polish practice', async () => {
    // Profile of PL923: predominantly rural; CUS Drobin's target groups (at risk of exclusion,
    // disabilities, older people, local communities, local governments, migrants), themes (work
    // integration, employment, social procurement, care, elderly care, disability services,
    // tourism), SDGs 8/10/11, funds ESF/RRF, implementer a social cooperative.
    const { status, body } = await ask('practices-to-learn-from', { region: 'PL923' });
    expect(status).toBe(200);
    expect(ranking(body.results)).toEqual([
      ['darjiu-equestrian-centre', 10], // rural 3 + disabilities, older, local 3 + elderly care, care 2 + SDG 10 + ESF
      ['sigulda-rehabilitation-and-employment', 6], // disabilities + work integration, employment, disability services + SDG 8, 10
      ['haskovo-arts-and-crafts-fair', 5], // disabilities, older + SDG 8, 10, 11
      ['helyenvalo-food-hub', 5], // rural 3 + local communities + SDG 8
      ['doeners-be', 4], // work integration, employment + SDG 8, 10
      ['freiraeume', 4], // local communities + tourism + SDG 8, 11
      ['eleonas-olive-oil', 4], // rural 3 + local communities
      ['recycle-at-the-source', 3], // local communities + SDG 11 + social cooperative
      ['altum-social-entrepreneurship-grants', 3], // SDG 8, 10 + ESF
      ['haskovo-participatory-budgeting', 3], // local communities + SDG 11 + ESF
      ['people-made', 3], // work integration + SDG 8, 10
      ['oliveira-de-azemeis-social-network', 3], // at risk of exclusion, local communities + SDG 10
      ['cooprado-shepherds-school', 2], // employment + SDG 8
      ['mannheim-social-economy-cluster', 2], // SDG 8, 11 (ESF+ is not the ESF)
      ['caf-autonomy-support-unit', 1], // SDG 10
      ['ejesec', 1], // SDG 8
    ]);
    expect(body.results.every((r: Row) => one(r.practiceCountry) !== 'POL')).toBe(true);
    const darjiu = body.results[0];
    expect(one(darjiu.practiceCountry)).toBe('ROU');
    expect(list(darjiu.regions)).toEqual(['RO124']);
    expect(list(darjiu.sharedTypologies)).toEqual(['predominantly-rural']);
    expect(list(darjiu.sharedTargetGroups)).toEqual(['local-communities', 'older-people', 'people-with-disabilities']);
    expect(list(darjiu.sharedThemes)).toEqual(['care-services', 'elderly-care']);
    expect(list(darjiu.sharedSdgs)).toEqual(['sdg10']);
    expect(list(darjiu.sharedFunds)).toEqual(['esf']);
    expect(darjiu.sharedOrganisationKinds).toEqual([]);
    const recycle = rowOf(body.results, 'practice', 'recycle-at-the-source');
    expect(list(recycle.sharedOrganisationKinds)).toEqual(['social-cooperative']);
    expect(recycle.sharedTypologies).toEqual([]); // Achaia is intermediate
  });

  it('for rural Harghita (RO124): CUS Drobin and Eleonas first, no Romanian practice', async () => {
    // Profile of RO124: predominantly rural; the Dârjiu centre's and the food hub's target groups
    // (disabilities, older people, local communities, small producers, consumers), themes, SDGs
    // 2/3/8/10/12, fund ESF, implementers a social enterprise, an NGO, an association.
    const { body } = await ask('practices-to-learn-from', { region: 'RO124' });
    expect(ranking(body.results)).toEqual([
      ['cus-drobin', 11], // rural 3 + disabilities, older, local 3 + care, elderly care 2 + SDG 8, 10 + ESF
      ['eleonas-olive-oil', 10], // rural 3 + producers, local, consumers 3 + agriculture, environment 2 + SDG 2, 12
      ['people-made', 8], // consumers + market access, digitalisation + SDG 8, 10, 12 + NGO (Oostrem), association (Welzijnskoepel)
      ['haskovo-arts-and-crafts-fair', 7], // disabilities, older + inclusion, market access, crafts + SDG 8, 10
      ['sigulda-rehabilitation-and-employment', 7], // disabilities + inclusion + SDG 3, 8, 10 + association, social enterprise
      ['cooprado-shepherds-school', 5], // producers + agriculture, environment + SDG 2, 8
      ['recycle-at-the-source', 4], // local + environment, community development + SDG 12
      ['doeners-be', 4], // market access, digitalisation + SDG 8, 10
      ['altum-social-entrepreneurship-grants', 4], // capacity building + SDG 8, 10 + ESF
      ['haskovo-participatory-budgeting', 4], // local + community development + ESF + NGO
      ['cis-zbijow-maly', 4], // disabilities + inclusion + SDG 8, 10
      ['oliveira-de-azemeis-social-network', 4], // local + inclusion, community development + SDG 10
      ['freiraeume', 3], // local + community development + SDG 8
      ['ejesec', 3], // environment + SDG 8, 12
      ['mannheim-social-economy-cluster', 2], // capacity building + SDG 8
      ['caf-autonomy-support-unit', 2], // inclusion + SDG 10
    ]);
    expect(body.results.every((r: Row) => one(r.practiceCountry) !== 'ROU')).toBe(true);
    const drobin = body.results[0];
    expect(list(drobin.sharedTargetGroups)).toEqual(['local-communities', 'older-people', 'people-with-disabilities']);
    expect(list(drobin.sharedSdgs)).toEqual(['sdg10', 'sdg8']);
    const sigulda = rowOf(body.results, 'practice', 'sigulda-rehabilitation-and-employment');
    expect(list(sigulda.sharedOrganisationKinds)).toEqual(['association', 'social-enterprise']);
  });

  it('without a region: a typology, a target group and your country', async () => {
    const { body } = await ask('practices-to-learn-from', { typology: 'predominantly-rural', targetGroup: 'older-people', country: 'POL' });
    // Rural NUTS 3 outside Poland: Harghita (Dârjiu, food hub) and Lakonia-Messinia (Eleonas);
    // older people: Dârjiu and the Haskovo fair. CUS Drobin (rural, older people) is Polish.
    expect(ranking(body.results)).toEqual([
      ['darjiu-equestrian-centre', 4], ['helyenvalo-food-hub', 3], ['eleonas-olive-oil', 3], ['haskovo-arts-and-crafts-fair', 1],
    ]);
  });

  it('without a region: a degree of urbanisation of the municipality instead of the NUTS 3 typology', async () => {
    const { body } = await ask('practices-to-learn-from', { degurba: 'rural-areas', targetGroup: 'older-people', country: 'POL' });
    // Rural areas by municipality outside Poland: Dârjiu, Casar de Cáceres (COOPRADO, in the
    // intermediate NUTS 3 region ES432) and Gargalianoi (Eleonas). The food hub's Odorheiu
    // Secuiesc is towns and suburbs, although its NUTS 3 region Harghita is predominantly rural.
    expect(ranking(body.results)).toEqual([
      ['darjiu-equestrian-centre', 4], ['cooprado-shepherds-school', 3], ['eleonas-olive-oil', 3], ['haskovo-arts-and-crafts-fair', 1],
    ]);
    const cooprado = rowOf(body.results, 'practice', 'cooprado-shepherds-school');
    expect(list(cooprado.sharedDegreesOfUrbanisation)).toEqual(['rural-areas']);
    expect(cooprado.sharedTypologies).toEqual([]);
    // Both typologies given: 3 points each.
    const both = await ask('practices-to-learn-from', { degurba: 'rural-areas', typology: 'predominantly-rural', country: 'POL' });
    expect(ranking(both.body.results)).toEqual([
      ['darjiu-equestrian-centre', 6], ['eleonas-olive-oil', 6], ['cooprado-shepherds-school', 3], ['helyenvalo-food-hub', 3],
    ]);
  });

  it('a target group given matches its narrower groups', async () => {
    const { body } = await ask('practices-to-learn-from', { targetGroup: 'people-at-risk-of-social-exclusion', country: 'PRT' });
    // The CIS serves five narrower groups and the group itself; CUS Drobin the group and migrants.
    expect(ranking(body.results)).toEqual([['cis-zbijow-maly', 6], ['cus-drobin', 2]]);
  });

  it('400 for a region, a typology or a degree of urbanisation that is not in the graph', async () => {
    const degurba = await ask('practices-to-learn-from', { degurba: 'predominantly-rural' });
    expect(degurba.status).toBe(400);
    expect(degurba.body.error.parameter).toBe('degurba');
    const region = await ask('practices-to-learn-from', { region: 'RO999' });
    expect(region.status).toBe(400);
    expect(region.body.error.parameter).toBe('region');
    const typology = await ask('practices-to-learn-from', { typology: 'semi-rural' });
    expect(typology.status).toBe(400);
    expect(typology.body.error.parameter).toBe('typology');
  });
});

describe('initiative-network', () => {
  const byConnection = (rows: Row[]) => {
    const out: Record<string, string[]> = {};
    for (const r of rows) (out[r.connection] ??= []).push(one(r.thing));
    for (const k of Object.keys(out)) out[k]!.sort();
    return out;
  };

  it('SECON: its lead partner and 9 partners, 18 practices, 9 regions, 3 activities, its funding, and the practices\' organisations', async () => {
    const { status, body } = await ask('initiative-network', { initiative: 'secon' });
    expect(status).toBe(200);
    expect(body.total).toBe(86);
    const connections = body.results.map((r: Row) => r.connection);
    // In the order of the kinds.
    expect([...new Set(connections)]).toEqual(['lead-partner', 'partner', 'practice', 'place', 'activity', 'programme', 'fund', 'practice-implementer', 'practice-partner']);
    const got = byConnection(body.results);
    expect(got['lead-partner']).toEqual(['region-of-peloponnese']);
    expect(got['partner']).toEqual([
      'consejeria-agricultura-extremadura', 'harghita-county-council', 'haskovo-municipality', 'kmop', 'mazowieckie-voivodeship',
      'oliveira-de-azemeis-municipality', 'province-of-flemish-brabant', 'riga-planning-region', 'verband-region-rhein-neckar',
    ]);
    expect(got['practice']).toHaveLength(18);
    expect(got['place']).toEqual([
      'extremadura', 'harghita', 'haskovo', 'mazowieckie', 'oliveira-de-azemeis', 'peloponnese', 'province-of-flemish-brabant',
      'rhine-neckar-metropolitan-region', 'riga-planning-region',
    ]);
    expect(got['activity']).toEqual(['secon#field-research', 'secon-interregional-workshop-2', 'secon-interregional-workshop-3']);
    expect(got['programme']).toEqual(['interreg-europe-2021-2027']);
    expect(got['fund']).toEqual(['erdf']);
    // The organisations in charge of People Made, the Haskovo crafts fair and Sigulda are implementers, not partners.
    expect(got['practice-implementer']).toHaveLength(28);
    expect(got['practice-partner']).toHaveLength(16);
    // The consortium covers 9 countries ("10 partners - 9 countries", newsletter #2).
    const partners = body.results.filter((r: Row) => r.connection === 'lead-partner' || r.connection === 'partner');
    expect(new Set(partners.flatMap((r: Row) => list(r.countries)))).toEqual(new Set(['BEL', 'BGR', 'DEU', 'ESP', 'GRC', 'LVA', 'POL', 'PRT', 'ROU']));
    const lead = body.results[0];
    expect([one(lead.thing), list(lead.countries), list(lead.regions)]).toEqual(['region-of-peloponnese', ['GRC'], ['EL65']]);
    const brabant = body.results.find((r: Row) => r.connection === 'practice-implementer' && one(r.thing) === 'province-of-flemish-brabant');
    expect(list(brabant.via)).toEqual(['doeners-be', 'people-made']);
    const haskovo = body.results.filter((r: Row) => one(r.thing) === 'haskovo-municipality').map((r: Row) => r.connection);
    expect(haskovo).toEqual(['partner', 'practice-implementer', 'practice-partner']);
  });

  it('ESER: DG GROW and the Commission, Mannheim, its events and missions, the programmes and the practice it is related to', async () => {
    const { body } = await ask('initiative-network', { initiative: 'eser' });
    expect(body.total).toBe(10);
    expect(byConnection(body.results)).toEqual({
      partner: ['city-of-mannheim'],
      implementer: ['dg-grow', 'european-commission'],
      activity: ['eser#social-economy-missions', 'eser-concluding-event-bilbao', 'eser-concluding-event-brussels'],
      related: ['cosme', 'easi', 'investeu', 'mannheim-social-economy-cluster'],
    });
    const mannheim = rowOf(body.results, 'thing', 'city-of-mannheim');
    expect([list(mannheim.countries), list(mannheim.regions)]).toEqual([['DEU'], ['DE126']]);
    const bilbao = rowOf(body.results, 'thing', 'eser-concluding-event-bilbao');
    expect(list(bilbao.regions)).toEqual(['ES213']);
  });

  it('several initiatives and kinds of connection at once', async () => {
    const { body } = await ask('initiative-network', { initiative: 'secon,eser', connection: 'lead-partner,partner' });
    expect(body.results.map((r: Row) => [one(r.initiative), r.connection, one(r.thing)]).slice(0, 3)).toEqual([
      ['eser', 'partner', 'city-of-mannheim'], ['secon', 'lead-partner', 'region-of-peloponnese'], ['secon', 'partner', 'harghita-county-council'],
    ]);
    expect(body.total).toBe(11);
  });

  it('400 for an unknown initiative or kind of connection', async () => {
    const initiative = await ask('initiative-network', { initiative: 'nope' });
    expect(initiative.status).toBe(400);
    expect(initiative.body.error.parameter).toBe('initiative');
    const connection = await ask('initiative-network', { connection: 'friend' });
    expect(connection.status).toBe(400);
    expect(connection.body.error.parameter).toBe('connection');
  });
});
