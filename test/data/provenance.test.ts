/**
 * Fact-level provenance (docs/authoring.md, "Fact-level provenance"), checked against the
 * report's transcript (../shared/seeds/002_…): every citation of the report points at the pages
 * its lines are on, every cited figure is printed in the lines cited for it, and every stated
 * fact of a practice (fundings, amounts, results, staff, dates, organisation roles) carries a
 * citation of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedGraph, type SeedGraph } from '../helpers/seed-graph.js';
import { numbersIn, pagesOf, printsNumber, readTranscript, readTranscriptText, sourceLines, tableOfContents, type Transcript } from '../helpers/transcript.js';

let graph: SeedGraph;
let transcript: Transcript;
beforeAll(async () => {
  graph = await buildSeedGraph();
  transcript = readTranscript();
});
afterAll(async () => {
  await graph?.close();
});

/** The 18 practices of the report. */
const PRACTICES = [
  'doeners-be', 'people-made', 'haskovo-participatory-budgeting', 'haskovo-arts-and-crafts-fair', 'freiraeume',
  'mannheim-social-economy-cluster', 'eleonas-olive-oil', 'recycle-at-the-source', 'altum-social-entrepreneurship-grants',
  'sigulda-rehabilitation-and-employment', 'cus-drobin', 'cis-zbijow-maly', 'caf-autonomy-support-unit',
  'oliveira-de-azemeis-social-network', 'helyenvalo-food-hub', 'darjiu-equestrian-centre', 'ejesec', 'cooprado-shepherds-school',
];

/** Kinds of node whose citation is a fact-level one (narrowed to the lines stating the fact). */
const FACT_TYPES = 'sg:Funding schema:MonetaryAmount sg:Result schema:QuantitativeValue rdf:Statement';
const RDF = 'PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n';

/** A citation of the report with lines, narrowed to one fact: not a resource's own `#cite-bpr`. */
const FACT_CITATION = (c: string) => `${c} sg:document source:secon-best-practices-report ; sg:sourceLine [] .
  FILTER(!STRENDS(STR(${c}), "#cite-bpr"))`;

describe('the transcript helpers', () => {
  const text = ['title', '', '', '', '', '', 'page two', '', '', 'still two', '', '', '', '', '', '', 'page three'].join('\n');

  it('count pages by runs of five or more blank lines, a run of ten or more holding an empty page', () => {
    const t = pagesOf(text);
    expect([1, 7, 10, 17].map((n) => t.page(n))).toEqual([1, 2, 2, 3]);
    expect(() => t.page(18)).toThrow(RangeError);
    expect(pagesOf(['a', ...Array<string>(12).fill(''), 'b'].join('\n')).page(14)).toBe(3);
  });

  it('give every heading of the report\'s table of contents its printed page', () => {
    const toc = tableOfContents(readTranscriptText());
    expect(toc.length).toBeGreaterThanOrEqual(25);
    expect(toc.filter((e) => transcript.page(e.line) !== e.page).map((e) => `${e.title} (line ${e.line}) on p. ${transcript.page(e.line)}, printed ${e.page}`)).toEqual([]);
  });

  it('read line specs "a", "a-b" and "a, b-c", and refuse others', () => {
    expect(sourceLines('12')).toEqual([12]);
    expect(sourceLines('3-5')).toEqual([3, 4, 5]);
    expect(sourceLines('5, 9, 78-80')).toEqual([5, 9, 78, 79, 80]);
    expect(() => sourceLines('p. 5')).toThrow();
    expect(() => sourceLines('9-5')).toThrow();
  });

  it('find a figure in its printed forms', () => {
    expect(printsNumber('a subsidy of €59,500.00 in 2021', 59500)).toBe(true);
    expect(printsNumber('59 500 EUR', 59500)).toBe(true);
    expect(printsNumber('59.500 EUR', 59500)).toBe(true);
    expect(printsNumber('1 219 800,00 zł', 1219800)).toBe(true);
    expect(printsNumber('BGN 39 920,75', 39920.75)).toBe(true);
    expect(printsNumber('EUR 12.2 million', 12_200_000)).toBe(true);
    expect(printsNumber('almost 1.2 million euro', 1_200_000)).toBe(true);
    expect(printsNumber('employ two full-time equivalent (FTE) staff', 2)).toBe(true);
    expect(printsNumber('twenty-five volunteers', 25)).toBe(true);
    expect(printsNumber('5-6 persons', 6)).toBe(true);
    expect(printsNumber('70% of the costs', 70)).toBe(true);
  });

  it('reject a figure the text does not print', () => {
    expect(printsNumber('a subsidy of €59,500.00 in 2021', 59000)).toBe(false);
    expect(printsNumber('a subsidy of €59,500.00 in 2021', 2022)).toBe(false);
    expect(printsNumber('EUR 12.2 million', 12_000_000)).toBe(false);
    expect(printsNumber('employ two full-time equivalent (FTE) staff', 3)).toBe(false);
    expect(printsNumber('the constructor of toString', 0)).toBe(false);
    expect(numbersIn('no figures here')).toEqual([]);
  });
});

/** The lines with text on them (a range may span blank lines and page breaks). */
const textLines = (lines: number[]) => lines.filter((n) => /\S/.test(transcript.line(n) ?? ''));

describe('citations of the report', () => {
  const citations = () =>
    graph.select(`${RDF}SELECT ?c ?start ?end ?lines (SAMPLE(?fact) AS ?factNode) WHERE {
      ?c sg:document source:secon-best-practices-report ; sg:sourceLine ?lines ; schema:pageStart ?start ; schema:pageEnd ?end .
      OPTIONAL { VALUES ?type { ${FACT_TYPES} } ?fact sg:citation ?c ; a ?type }
    } GROUP BY ?c ?start ?end ?lines`);

  it('are many, and each cites lines of the transcript with text on them', () => {
    const rows = citations();
    expect(rows.length).toBeGreaterThan(100);
    const bad = rows.filter((r) => {
      const lines = sourceLines(r.lines!);
      return lines.some((n) => transcript.line(n) === undefined) || textLines(lines).length === 0;
    });
    expect(bad.map((r) => `${r.c} "${r.lines}"`), 'citations of blank lines or lines past the end').toEqual([]);
  });

  it('give the pages their lines are on: exactly for a fact, within the range for a resource', () => {
    const wrong: string[] = [];
    for (const row of citations()) {
      // A blank line's page is ambiguous (it may close one page or open the next): pages of text lines.
      const pages = textLines(sourceLines(row.lines!)).map((n) => transcript.page(n));
      const [first, last] = [Math.min(...pages), Math.max(...pages)];
      const [start, end] = [Number(row.start), Number(row.end)];
      const resource = row.c!.endsWith('#cite-bpr') || !row.factNode;
      const ok = resource ? first >= start && last <= end : first === start && last === end;
      if (!ok) wrong.push(`${row.c} lines "${row.lines}" are on pp. ${first}-${last}, cited as pp. ${start}-${end}${resource ? ' (resource)' : ''}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('cited figures', () => {
  // A figure we add (a sum in graph:curation) is ours, not the report's: only the report's figures.
  it('are printed in the lines cited for them', () => {
    const rows = graph.select(`SELECT ?n ?prop ?v (GROUP_CONCAT(DISTINCT ?lines; SEPARATOR=", ") AS ?allLines) WHERE {
      VALUES ?prop { schema:value schema:minValue schema:maxValue }
      GRAPH graph:secon-report { ?n ?prop ?v } ?n sg:citation ?c .
      ?c sg:document source:secon-best-practices-report ; sg:sourceLine ?lines .
    } GROUP BY ?n ?prop ?v`);
    expect(rows.length).toBeGreaterThan(40);
    // Prefer the fact-level citations' lines; a node cited only by its resource's range is read in that range.
    const narrowLines = new Map(graph.select(`SELECT ?n (GROUP_CONCAT(DISTINCT ?lines; SEPARATOR=", ") AS ?l) WHERE {
      ?n sg:citation ?c . ?c sg:document source:secon-best-practices-report ; sg:sourceLine ?lines .
      FILTER(!STRENDS(STR(?c), "#cite-bpr")) } GROUP BY ?n`).map((r) => [r.n!, r.l!]));
    const missing: string[] = [];
    for (const row of rows) {
      const spec = narrowLines.get(row.n!) ?? row.allLines!;
      const text = [...new Set(sourceLines(spec))].sort((a, b) => a - b).map((n) => transcript.line(n) ?? '').join(' ');
      if (!printsNumber(text, Number(row.v))) missing.push(`${row.n} ${row.prop} ${row.v} not in lines "${spec}"`);
    }
    expect(missing).toEqual([]);
  });
});

describe.each(PRACTICES)('the stated facts of %s', (slug) => {
  const short = (term: string) => term.replace('http://schema.org/', 'schema:').replace('https://w3id.org/segraph/ontology#', 'sg:');
  const uncited = (query: string) => graph.select(RDF + query).map((r) => Object.values(r).map(short).join(' '));

  it('have each a fact-level citation: fundings, amounts, results, staff (and their parts)', () => {
    const nodes = uncited(`SELECT DISTINCT ?kind ?n WHERE {
      practice:${slug} (schema:funding|sg:budget|sg:result|sg:staff|schema:amount|dct:hasPart)+ ?n .
      VALUES (?type ?kind) { (sg:Funding "funding") (schema:MonetaryAmount "amount") (sg:Result "result") (schema:QuantitativeValue "quantity") }
      ?n a ?type .
      FILTER NOT EXISTS { ?n sg:citation ?c . ${FACT_CITATION('?c')} }
    } ORDER BY ?kind ?n`);
    expect(nodes, `uncited facts of ${slug}`).toEqual([]);
  });

  it('have each a citation on a reified statement: dates and organisation roles', () => {
    const triples = uncited(`SELECT DISTINCT ?p ?o WHERE {
      VALUES ?p { schema:startDate schema:endDate sg:implementedBy sg:partner sg:stakeholder sg:monitoredBy }
      GRAPH ?g { practice:${slug} ?p ?o } FILTER(?g != graph:inferred)
      FILTER NOT EXISTS {
        ?s a rdf:Statement ; rdf:subject practice:${slug} ; rdf:predicate ?p ; rdf:object ?o ; sg:citation ?c .
        ${FACT_CITATION('?c')}
      }
    } ORDER BY ?p ?o`);
    expect(triples, `practice:${slug}'s triples without a cited rdf:Statement`).toEqual([]);
  });

  it('have no statement about a triple the graph does not hold', () => {
    const dangling = uncited(`SELECT ?s ?p ?o WHERE {
      ?s a rdf:Statement ; rdf:subject practice:${slug} ; rdf:predicate ?p ; rdf:object ?o .
      FILTER NOT EXISTS { practice:${slug} ?p ?o }
    } ORDER BY ?s`);
    expect(dangling, `statements of practice:${slug} whose triple is not in the graph`).toEqual([]);
  });
});

it('the practices checked are the report\'s 18', () => {
  const rows = graph.select(`SELECT ?p WHERE { initiative:secon sg:identifiedPractice ?p }`).map((r) => r.p!.replace('practice/', '')).sort();
  expect(rows).toEqual([...PRACTICES].sort());
});
