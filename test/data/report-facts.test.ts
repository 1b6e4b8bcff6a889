/**
 * The SECON Best Practices Report (../shared/seeds/002_…) as the graph states it: these tests
 * ask SPARQL questions over the built snapshot and compare with what the report says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedGraph, type SeedGraph } from '../helpers/seed-graph.js';

let graph: SeedGraph;
beforeAll(async () => {
  graph = await buildSeedGraph();
});
afterAll(async () => {
  await graph?.close();
});

/** slug → [English name as in the report, country, report start page]. */
const PRACTICES: Record<string, [string, string, number]> = {
  'doeners-be': ['Doeners.be', 'BEL', 5],
  'people-made': ['People Made', 'BEL', 7],
  'haskovo-participatory-budgeting': ['Participatory Budgeting project in Haskovo region', 'BGR', 10],
  'haskovo-arts-and-crafts-fair': ['Art and crafts fair in Haskovo', 'BGR', 12],
  freiraeume: ['Freiräume (Open Spaces)', 'DEU', 14],
  'mannheim-social-economy-cluster': ['Social Economy Cluster in Mannheim', 'DEU', 17],
  'eleonas-olive-oil': ['Sustainable Olive Oil Production by "Eleonas" Cooperative', 'GRC', 20],
  'recycle-at-the-source': ['"Recycle at the Source": Enhancing Community Engagement and Environmental Sustainability', 'GRC', 22],
  'altum-social-entrepreneurship-grants': ['Grants for social entrepreneurship development from financial institution "Altum"', 'LVA', 25],
  'sigulda-rehabilitation-and-employment': ['Rehabilitation Combined with Employment for People with Functional Disabilities', 'LVA', 28],
  'cus-drobin': ['Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin', 'POL', 32],
  'cis-zbijow-maly': ['Social Integration Centre (Centrum Integracji Społecznej) in Zbijów Mały', 'POL', 35],
  'caf-autonomy-support-unit': ['Support Unit for Autonomy', 'PRT', 37],
  'oliveira-de-azemeis-social-network': ['Social Network Programme', 'PRT', 40],
  'helyenvalo-food-hub': ['Short Food Supply Chain (food hub) initiative in service of small producers and community', 'ROU', 42],
  'darjiu-equestrian-centre': ['Equestrian centre for connecting generations in Dârjiu', 'ROU', 44],
  ejesec: ['Young School of Social and Circular Economy of Extremadura', 'ESP', 46],
  'cooprado-shepherds-school': ["COOPRADO Foundation's Shepherds School", 'ESP', 48],
};

describe('the 18 practices of the report', () => {
  it('are all in the graph, by name', () => {
    const rows = graph.select(`SELECT ?p ?name WHERE { ?p a sg:Practice ; skos:prefLabel ?name FILTER(lang(?name) = "en") }`);
    const byIri = Object.fromEntries(rows.map((r) => [r.p!.replace('practice/', ''), r.name]));
    expect(byIri).toEqual(Object.fromEntries(Object.entries(PRACTICES).map(([slug, [name]]) => [slug, name])));
  });

  it('are each in their country (EU authority IRIs)', () => {
    const rows = graph.select(`SELECT ?p ?c WHERE { ?p a sg:Practice ; sg:country ?c }`);
    const got = Object.fromEntries(rows.map((r) => [r.p!.replace('practice/', ''), r.c!.split('/').pop()]));
    expect(got).toEqual(Object.fromEntries(Object.entries(PRACTICES).map(([slug, [, country]]) => [slug, country])));
  });

  it('are each cited with the report page they start on', () => {
    const rows = graph.select(`SELECT ?p ?start ?end WHERE {
      ?p a sg:Practice ; sg:citation ?c .
      ?c sg:document source:secon-best-practices-report ; schema:pageStart ?start ; schema:pageEnd ?end . }`);
    expect(rows).toHaveLength(18);
    for (const row of rows) {
      const [, , page] = PRACTICES[row.p!.replace('practice/', '')]!;
      expect(Number(row.start), row.p).toBe(page);
      expect(Number(row.end)).toBeGreaterThanOrEqual(page);
    }
  });

  it('keep native-language names with their language tags', () => {
    const rows = graph.select(`SELECT ?p ?name (lang(?name) AS ?lang) WHERE { ?p a sg:Practice ; skos:prefLabel ?name FILTER(lang(?name) != "en") }`);
    expect(rows).toEqual(expect.arrayContaining([
      { p: 'practice/cus-drobin', name: 'Centrum Usług Środowiskowych', lang: 'pl' },
      { p: 'practice/cis-zbijow-maly', name: 'Centrum Integracji Społecznej', lang: 'pl' },
      { p: 'practice/freiraeume', name: 'Freiräume', lang: 'de' },
      { p: 'practice/helyenvalo-food-hub', name: 'Helyénvaló', lang: 'hu' },
    ]));
  });

  it('all have a summary, a description, a start date, a status, implementers, target groups and themes', () => {
    const rows = graph.select(`SELECT ?p WHERE {
      ?p a sg:Practice ; dct:abstract ?a ; dct:description ?d ; schema:startDate ?s ; sg:status ?st ;
         sg:implementedBy/a org:Organization ; sg:targetGroup ?tg ; sg:theme ?th . } GROUP BY ?p`);
    expect(rows).toHaveLength(18);
  });

  it('name their implementing organisations with the kind the report gives', () => {
    const kinds = (slug: string) =>
      graph.select(`SELECT DISTINCT ?kind WHERE { practice:${slug} sg:implementedBy/org:classification ?kind }`).map((r) => r.kind);
    expect(kinds('cus-drobin')).toContain('organisation-kind/social-cooperative');
    expect(kinds('eleonas-olive-oil')).toEqual(expect.arrayContaining([expect.stringMatching(/cooperative$/)]));
    expect(kinds('cooprado-shepherds-school')).toContain('organisation-kind/foundation');
    expect(kinds('darjiu-equestrian-centre')).toContain('organisation-kind/ngo');
    expect(kinds('caf-autonomy-support-unit')).toContain('organisation-kind/ipss');
  });
});

describe('places', () => {
  it('puts practices in their NUTS 2021 level-3 regions (inferred from their places)', () => {
    const nuts3 = (slug: string) =>
      graph.select(`SELECT DISTINCT ?n WHERE { practice:${slug} sg:nutsRegion ?n . ?n sg:nutsLevel 3 }`)
        .map((r) => r.n!.split('/').pop()).sort();
    expect(nuts3('people-made')).toEqual(['BE241', 'BE242']);
    expect(nuts3('haskovo-participatory-budgeting')).toEqual(['BG422']);
    expect(nuts3('freiraeume')).toEqual(['DE128']);
    expect(nuts3('mannheim-social-economy-cluster')).toEqual(['DE126']);
    expect(nuts3('eleonas-olive-oil')).toEqual(['EL653']);
    expect(nuts3('recycle-at-the-source')).toEqual(['EL632']);
    expect(nuts3('sigulda-rehabilitation-and-employment')).toEqual(['LV007']);
    expect(nuts3('cus-drobin')).toEqual(['PL923']);
    expect(nuts3('cis-zbijow-maly')).toEqual(['PL921']);
    expect(nuts3('caf-autonomy-support-unit')).toEqual(['PT11A']);
    expect(nuts3('helyenvalo-food-hub')).toEqual(['RO124']);
    expect(nuts3('darjiu-equestrian-centre')).toEqual(['RO124']);
    expect(nuts3('cooprado-shepherds-school')).toEqual(['ES432']);
  });

  it('gives NUTS 3 regions their Eurostat urban-rural type', () => {
    const type = (code: string) =>
      graph.select(`SELECT ?t WHERE { nuts:${code} sg:urbanRuralType ?t }`).map((r) => r.t);
    expect(type('EL653')).toEqual(['urban-rural-type/predominantly-rural']);
    expect(type('PL923')).toEqual(['urban-rural-type/predominantly-rural']);
    expect(type('RO124')).toEqual(['urban-rural-type/predominantly-rural']);
    expect(type('BE242')).toEqual(['urban-rural-type/intermediate']);
    expect(type('DE126')).toEqual(['urban-rural-type/predominantly-urban']);
    expect(type('PT11A')).toEqual(['urban-rural-type/predominantly-urban']);
  });
});

describe('funding chains', () => {
  const chain = (slug: string) =>
    graph.select(`SELECT DISTINCT ?programme ?fund WHERE {
      practice:${slug} schema:funding ?f . ?f sg:programme ?programme ; sg:fund ?fund . }`);

  it('follow the Bulgarian participatory budget from OP Good Governance to the ESF', () => {
    expect(chain('haskovo-participatory-budgeting')).toEqual([{ programme: 'programme/bg-op-good-governance-2014-2020', fund: 'fund/esf' }]);
  });

  it('follow the Altum grants through the ESF project to the Latvian OP, and to the ESF only', () => {
    expect(chain('altum-social-entrepreneurship-grants')).toEqual(expect.arrayContaining([
      { programme: 'programme/lv-esf-support-for-social-entrepreneurship', fund: 'fund/esf' },
      { programme: 'programme/lv-op-growth-and-employment-2014-2020', fund: 'fund/esf' },
    ]));
    expect(graph.select(`SELECT ?fund WHERE { practice:altum-social-entrepreneurship-grants sg:fund ?fund }`)).toEqual([{ fund: 'fund/esf' }]);
  });

  it('follow Drobin\'s cooperative to PO KL 2007-2013 and the ESF, and its climate project to the RRF', () => {
    expect(chain('cus-drobin')).toEqual(expect.arrayContaining([
      { programme: 'programme/pl-op-human-capital-2007-2013', fund: 'fund/esf' },
      { programme: 'programme/pl-national-recovery-plan', fund: 'fund/rrf' },
    ]));
  });

  it('find Mannheim\'s staff funding under ESF+', () => {
    expect(graph.ask(`ASK { practice:mannheim-social-economy-cluster sg:fund fund:esf-plus }`)).toBe(true);
  });

  it('record Mannheim\'s prize money as an amount in euros, not a count in a currency unit', () => {
    const rows = graph.select(`SELECT ?v ?cur WHERE { practice:mannheim-social-economy-cluster sg:result ?r .
      ?r a sg:Result, schema:MonetaryAmount ; schema:value ?v ; schema:currency ?cur FILTER NOT EXISTS { ?r schema:unitCode ?u } }`);
    expect(rows.map((r) => [Number(r.v), r.cur])).toEqual([[10000, 'EUR']]);
  });

  it('records amounts in their currency, with shares and stated euro equivalents', () => {
    const rows = graph.select(`SELECT ?v ?cur ?eur ?share WHERE {
      practice:haskovo-participatory-budgeting schema:funding ?f . ?f sg:programme programme:bg-op-good-governance-2014-2020 ;
      sg:sharePercent ?share ; schema:amount ?a . ?a schema:value ?v ; schema:currency ?cur ; sg:valueInEUR ?eur }`);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.v)).toBe(39920.75);
    expect(rows[0]!.cur).toBe('BGN');
    expect(Number(rows[0]!.eur)).toBe(20410);
    // "39 920,75 BGN (c.a. €20 410,00)": the BGN amount is exact, its euro equivalent approximate.
    const haskovo = graph.select(`SELECT ?bgnQ ?eur ?cur ?q WHERE {
      practice:haskovo-participatory-budgeting schema:funding/schema:amount ?a . ?a schema:value 39920.75 ; sg:euroEquivalent ?e .
      OPTIONAL { ?a sg:valueQualifier ?bgnQ } ?e schema:value ?eur ; schema:currency ?cur ; sg:valueQualifier ?q }`);
    expect(haskovo.map((r) => [r.bgnQ ?? null, Number(r.eur), r.cur, r.q!.replace(/^.*\/id\//, '')])).toEqual([[null, 20410, 'EUR', 'value-qualifier/approximately']]);
    const doeners = graph.select(`SELECT ?v ?share WHERE { practice:doeners-be schema:funding ?f . ?f sg:sharePercent ?share ; schema:amount/schema:value ?v } ORDER BY DESC(?share)`);
    expect(doeners.map((r) => [Number(r.v), Number(r.share)])).toEqual([[49000, 70], [21000, 30]]);
  });

  it('converts zloty amounts to euros in the curation graph, with the rate it used', () => {
    const rows = graph.select(`SELECT ?v ?eur ?rate WHERE {
      practice:cis-zbijow-maly schema:funding/schema:amount ?a . ?a schema:currency "PLN" ; schema:value ?v .
      GRAPH graph:curation { ?a sg:valueInEUR ?eur ; sg:exchangeRate ?x } ?x sg:rate ?rate }`);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.v)).toBe(1219800);
    expect(Number(rows[0]!.eur)).toBeCloseTo(1219800 / Number(rows[0]!.rate), 1);
  });

  it('answers "practices funded by the ESF in predominantly rural regions" with exactly the practices the data supports', () => {
    const rows = graph.select(`SELECT DISTINCT ?p WHERE {
      ?p a sg:Practice ; sg:fund fund:esf ;
         sg:nutsRegion/sg:urbanRuralType urt:predominantly-rural . } ORDER BY ?p`);
    // Drobin (PL923, PO KL / ESF) and Dârjiu (RO124, HRD OP / ESF). Other ESF practices are in
    // intermediate or urban regions (Haskovo BG422, Sigulda LV007) or national (Altum).
    expect(rows.map((r) => r.p)).toEqual(['practice/cus-drobin', 'practice/darjiu-equestrian-centre']);
  });
});

describe('key numbers', () => {
  const result = (slug: string, unit: string) =>
    graph.select(`SELECT ?v ?q WHERE { practice:${slug} sg:result ?r . ?r schema:unitCode unit:${unit} ; schema:value ?v .
      OPTIONAL { ?r sg:valueQualifier ?q } }`).map((r) => [Number(r.v), r.q ?? null]);

  it('Altum: 204 projects, 12.2 million EUR, 168 legal entities', () => {
    expect(result('altum-social-entrepreneurship-grants', 'project')).toEqual([[204, null]]);
    const money = graph.select(`SELECT ?v ?cur WHERE { practice:altum-social-entrepreneurship-grants sg:result ?r .
      ?r a schema:MonetaryAmount ; schema:value ?v ; schema:currency ?cur FILTER NOT EXISTS { ?r schema:unitCode ?u } }`);
    expect(money.map((r) => [Number(r.v), r.cur])).toEqual([[12_200_000, 'EUR']]);
    expect(result('altum-social-entrepreneurship-grants', 'organisation')).toEqual([[168, null]]);
  });

  it('Sigulda: about 150 persons in 5 day-care centres', () => {
    expect(result('sigulda-rehabilitation-and-employment', 'person')).toEqual([[150, 'value-qualifier/approximately']]);
    expect(result('sigulda-rehabilitation-and-employment', 'centre')).toEqual(expect.arrayContaining([[5, null]]));
  });

  it('EJESEC: 337 young participants in 5 MOOCs', () => {
    expect(result('ejesec', 'person')).toEqual([[337, null]]);
    expect(result('ejesec', 'course')).toEqual([[5, null]]);
  });

  it('Dârjiu: 90 % of the profits to the day centre, 30 elderly people', () => {
    expect(result('darjiu-equestrian-centre', 'percent')).toEqual([[90, null]]);
    expect(result('darjiu-equestrian-centre', 'person')).toEqual([[30, null]]);
  });

  it('COOPRADO: more than 70 young shepherds and more than 1,200 course participants', () => {
    expect(result('cooprado-shepherds-school', 'person').sort()).toEqual([
      [1200, 'value-qualifier/more-than'],
      [70, 'value-qualifier/more-than'],
    ]);
  });

  it('CIS Zbijów Mały: 15 participants since the start, 6 independent, 10 as of December 2023', () => {
    expect(result('cis-zbijow-maly', 'person').map(([v]) => v).sort((a, b) => (a as number) - (b as number))).toEqual([6, 10, 15]);
  });

  it('People Made: yearly subsidies of €59,500, €51,500 and €33,755', () => {
    const rows = graph.select(`SELECT ?v WHERE { practice:people-made schema:funding/schema:amount/schema:value ?v }`);
    expect(rows.map((r) => Number(r.v))).toEqual(expect.arrayContaining([59500, 51500, 33755]));
  });
});

describe('what the source states is kept apart from what we add', () => {
  it('SDG links are curated, never attributed to the report', () => {
    expect(graph.ask(`ASK { GRAPH graph:secon-report { ?p sg:sdg ?g } }`)).toBe(false);
    const linked = graph.select(`SELECT DISTINCT ?p WHERE { ?p a sg:Practice . GRAPH graph:curation { ?p sg:sdg ?g } }`);
    expect(linked).toHaveLength(18);
  });

  it('NUTS codes of places are curated, and typology is reference data', () => {
    expect(graph.ask(`ASK { GRAPH graph:secon-report { ?x sg:nutsRegion ?n } }`)).toBe(false);
    expect(graph.ask(`ASK { GRAPH graph:reference { nuts:PL923 sg:urbanRuralType ?t } }`)).toBe(true);
  });

  it('a programme the report leaves implicit is linked in the curation graph, with an uncertainty note', () => {
    expect(graph.ask(`ASK { GRAPH graph:curation { practice:mannheim-social-economy-cluster schema:funding ?f . ?f sg:programme programme:de-esf-plus-baden-wuerttemberg-2021-2027 } }`)
      || graph.ask(`ASK { GRAPH graph:curation { ?f sg:programme programme:de-esf-plus-baden-wuerttemberg-2021-2027 } }`)).toBe(true);
    expect(graph.ask(`ASK { GRAPH graph:secon-report { ?f sg:programme programme:de-esf-plus-baden-wuerttemberg-2021-2027 } }`)).toBe(false);
  });

  it('records uncertainty in the data: an unstated currency, a programme the dates contradict', () => {
    expect(graph.ask(`ASK { practice:cooprado-shepherds-school schema:funding|sg:budget ?x . ?x (schema:amount)? ?a . ?a sg:uncertainty ?n } `)
      || graph.ask(`ASK { ?x sg:uncertainty ?n FILTER(STRSTARTS(STR(?x), STR(practice:cooprado-shepherds-school)) && CONTAINS(LCASE(?n), "currency")) }`)).toBe(true);
    expect(graph.ask(`ASK { ?x sg:uncertainty ?n FILTER(STRSTARTS(STR(?x), STR(practice:darjiu-equestrian-centre)) && CONTAINS(?n, "2014-2020")) }`)).toBe(true);
  });

  it('every practice is traceable to the report through dct:source (inferred from its citation)', () => {
    const rows = graph.select(`SELECT ?p WHERE { ?p a sg:Practice ; dct:source source:secon-best-practices-report }`);
    expect(rows).toHaveLength(18);
  });
});

describe('the initiatives around the practices', () => {
  it('SECON is an Interreg Europe project with its 10 partners, led by the Region of Peloponnese, and the 18 practices', () => {
    const partners = graph.select(`SELECT DISTINCT ?o WHERE { initiative:secon sg:partner ?o }`);
    expect(partners).toHaveLength(10);
    expect(graph.ask(`ASK { initiative:secon sg:leadPartner orgn:region-of-peloponnese }`)).toBe(true);
    expect(graph.ask(`ASK { initiative:secon sg:programme programme:interreg-europe-2021-2027 ; sg:fund fund:erdf }`)).toBe(true);
    expect(graph.select(`SELECT ?p WHERE { initiative:secon sg:identifiedPractice ?p }`)).toHaveLength(18);
  });

  it('ESER was launched by the European Commission (DG GROW) in 2018, and Mannheim is a partner', () => {
    expect(graph.ask(`ASK { initiative:eser schema:startDate ?d FILTER(STR(?d) = "2018") }`)).toBe(true);
    expect(graph.ask(`ASK { initiative:eser sg:partner orgn:city-of-mannheim }`)).toBe(true);
  });

  it('Impact Noord grew from 13 to 56 members; KASPEV has 15 members', () => {
    const values = (org: string) =>
      graph.select(`SELECT ?v WHERE { orgn:${org} sg:result ?r . ?r schema:unitCode unit:member ; schema:value ?v }`).map((r) => Number(r.v)).sort((a, b) => a - b);
    expect(values('impact-noord')).toEqual([13, 56]);
    expect(values('kaspev')).toEqual([15]);
  });
});
