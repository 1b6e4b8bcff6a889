/**
 * The degree of urbanisation (DEGURBA) of the municipalities (data/reference/degurba.trig): each
 * class with its LAU code and a reified statement saying when and where from, the table's NUTS
 * code in step with the place's NUTS region, and the municipalities without a class exactly those
 * the file lists as not found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedGraph, ID, type SeedGraph } from '../helpers/seed-graph.js';

let graph: SeedGraph;
beforeAll(async () => {
  graph = await buildSeedGraph();
});
afterAll(async () => {
  await graph?.close();
});

const PREFIX = `PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dgu: <https://w3id.org/segraph/id/degree-of-urbanisation/>
`;
const EUROSTAT_TABLE = 'https://ec.europa.eu/eurostat/documents/345175/501971/EU-28-LAU-2019-NUTS-2016.xlsx';

describe('the degree of urbanisation of the municipalities', () => {
  it('is a class of the DEGURBA scheme, on municipalities only, one each, with one LAU code, in graph:reference', () => {
    const rows = graph.select(`${PREFIX}SELECT ?place (COUNT(DISTINCT ?class) AS ?classes) (COUNT(DISTINCT ?lau) AS ?laus) (SAMPLE(?notation) AS ?n) WHERE {
      GRAPH graph:reference { ?place sg:degreeOfUrbanisation ?class }
      ?place a sg:Municipality .
      ?class skos:inScheme <${ID}scheme/degree-of-urbanisation> ; skos:notation ?notation .
      OPTIONAL { GRAPH graph:reference { ?place sg:lauCode ?lau } }
    } GROUP BY ?place`);
    expect(rows.length).toBe(28);
    for (const row of rows) expect([row['place'], row['classes'], row['laus']]).toEqual([row['place'], '1', '1']);
    const all = graph.select(`SELECT (COUNT(*) AS ?n) WHERE { ?place sg:degreeOfUrbanisation ?class }`);
    expect(all[0]!['n']).toBe('28'); // none on anything that is not a municipality
  });

  it('has, for every value, a reification with the year, the Eurostat table and the copy it was read in', () => {
    const rows = graph.select(`${PREFIX}SELECT ?place ?class ?year ?source ?copy ?comment WHERE {
      ?place sg:degreeOfUrbanisation ?class .
      OPTIONAL {
        GRAPH graph:reference {
          ?statement a rdf:Statement ; rdf:subject ?place ; rdf:predicate sg:degreeOfUrbanisation ; rdf:object ?class ;
            sg:asOf ?year ; dct:source ?source ; prov:wasDerivedFrom ?copy ; rdfs:comment ?comment .
        }
      }
    }`);
    expect(rows.length).toBe(28);
    for (const row of rows) {
      expect(row['year'], row['place']).toBe('2019');
      expect(row['source'], row['place']).toBe(EUROSTAT_TABLE);
      expect(row['copy'], row['place']).toMatch(/^https:\/\/github\.com\/rOpenGov\/regions\/blob\/[0-9a-f]{40}\/data\/nuts_lau_2019\.rda$/);
      // The comment names the LAU code the place has, and the class's notation.
      const lau = graph.select(`SELECT ?lau ?n WHERE { <${ID}${row['place']}> sg:lauCode ?lau . <${ID}${row['class']}> skos:notation ?n }`)[0]!;
      expect(row['comment'], row['place']).toContain(`LAU ${lau['lau']} `);
      expect(row['comment'], row['place']).toContain(`DEGURBA ${lau['n']} `);
    }
  });

  it('comes from a table row whose NUTS 3 code is the place\'s NUTS region', () => {
    const rows = graph.select(`${PREFIX}SELECT ?place ?comment ?nuts WHERE {
      ?statement a rdf:Statement ; rdf:predicate sg:degreeOfUrbanisation ; rdf:subject ?place ; rdfs:comment ?comment .
      ?place sg:nutsRegion ?region . ?region sg:nutsLevel 3 ; skos:notation ?nuts .
    }`);
    expect(rows.length).toBe(28);
    for (const row of rows) expect(/\(NUTS 2016 ([A-Z0-9]+)\)/.exec(row['comment']!)?.[1], row['place']).toBe(row['nuts']);
  });

  it('is missing for exactly the municipalities the file lists as not found', () => {
    const rows = graph.select(`SELECT ?place WHERE { ?place a sg:Municipality FILTER NOT EXISTS { ?place sg:degreeOfUrbanisation ?c } } ORDER BY ?place`);
    expect(rows.map((r) => r['place'])).toEqual(['place/oliveira-de-azemeis', 'place/zbijow-maly']);
  });

  it('sets Freiräume\'s pilot municipalities apart from their predominantly urban NUTS 3 region', () => {
    const rows = graph.select(`SELECT ?place ?class ?type WHERE {
      practice:freiraeume sg:location ?place . ?place a sg:Municipality ; sg:degreeOfUrbanisation ?class ; sg:nutsRegion ?nuts .
      ?nuts sg:urbanRuralType ?type .
    } ORDER BY ?place`);
    expect(rows).toEqual(['eberbach', 'meckesheim', 'neckargemuend', 'wilhelmsfeld'].map((slug) => ({
      place: `place/${slug}`, class: 'degree-of-urbanisation/towns-and-suburbs', type: 'urban-rural-type/predominantly-urban',
    })));
  });
});
