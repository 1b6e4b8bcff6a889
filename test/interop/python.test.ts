/**
 * Interoperability with the Python clients people use, which we did not write (issue 11): Debian's
 * SPARQLWrapper 1.8.5 and rdflib 6.1.1, run by Debian's /usr/bin/python3 against the real server
 * over the seed graph. The scripts in test/interop/python/ drive the clients as their users do
 * and print what the clients parsed; this file compares it with answers known independently —
 * facts of the seed graph written out here, and the snapshot's manifest.
 *
 * - SPARQLWrapper: SELECT and ASK in JSON, XML, CSV and TSV give the same bindings, and CONSTRUCT
 *   and DESCRIBE in Turtle, N3 (SPARQLWrapper's `format=n3`), N-Triples, RDF/XML and JSON-LD give
 *   the same graph, by GET, form POST and direct POST.
 * - rdflib's SPARQLStore: SELECT, ASK and CONSTRUCT through Graph.query().
 * - rdflib Graph.parse(URL): every document in every RDF form, each isomorphic to the Turtle form;
 *   the catalogue, VoID and the service description; every dump the catalogue lists, gzipped ones
 *   included, with the manifest's counts, sizes and checksums.
 *
 * The Python scripts cannot reach the network (a remote JSON-LD context is an error there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/graph/snapshot.js';
import { overTheStore, startTestServer, type TestServer } from '../helpers/server.js';
import { requirePython, runPython } from './debian-tools.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const PRACTICE = 'https://w3id.org/segraph/id/practice/';
const PREFIXES = `PREFIX sg: <https://w3id.org/segraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX practice: <${PRACTICE}>
`;

/** A row as the scripts write it: each bound variable as <iri>, "lexical"@lang, "lexical"^^<datatype>, "lexical" or _: */
type Row = Record<string, string>;
interface Bindings { vars: string[]; rows: Row[] }
interface Answer extends Partial<Bindings> {
  contentType?: string;
  boolean?: boolean;
  graph?: string[];
  error?: string;
}

const iri = (value: string) => `<${value}>`;
const lit = (value: string, langOrType?: string) =>
  JSON.stringify(value) + (langOrType === undefined ? '' : langOrType.startsWith('http') ? `^^<${langOrType}>` : `@${langOrType}`);

// Two practices of the seed graph: their names (one in Polish) and start dates, as the report gives them.
const CUS = `${PRACTICE}cus-drobin`;
const DARJIU = `${PRACTICE}darjiu-equestrian-centre`;
const CUS_EN = 'Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin';
const CUS_PL = 'Centrum Usług Środowiskowych';
const DARJIU_EN = 'Equestrian centre for connecting generations in Dârjiu';

const SEED_SELECT = `${PREFIXES}SELECT DISTINCT ?practice ?name ?start WHERE {
  VALUES ?practice { practice:cus-drobin practice:darjiu-equestrian-centre }
  ?practice a sg:Practice ; skos:prefLabel ?name ; schema:startDate ?start .
} ORDER BY ?practice STR(?name)`;
const SEED_ROWS: Bindings = {
  vars: ['practice', 'name', 'start'],
  rows: [
    { practice: iri(CUS), name: lit(CUS_PL, 'pl'), start: lit('2012', `${XSD}gYear`) },
    { practice: iri(CUS), name: lit(CUS_EN, 'en'), start: lit('2012', `${XSD}gYear`) },
    { practice: iri(DARJIU), name: lit(DARJIU_EN, 'en'), start: lit('2021-04', `${XSD}gYearMonth`) },
  ],
};

// What CSV and TSV must escape, language tags, datatypes, an IRI with & and #, unbound values, blank nodes.
// Over the store no blank node: Virtuoso 7.2.5 does not implement BNODE() (a known difference,
// tested in test/store/remote-engine.test.ts), and ?blank is unbound in every row.
const BNODES = !overTheStore();
const BLANK = BNODES ? { blank: '_:' } : {};
const SPECIAL_TEXT = 'comma, "quotes" & <angle>\ttab\r\nnew line – Środowiskowych ☃';
const SPECIAL_IRI = `${CUS}?a=1&b=2#x`;
const SPECIAL_SELECT = `SELECT ?i ?text ?number ?iri ?blank WHERE {
  VALUES (?i ?text ?number ?iri) {
    (1 ${JSON.stringify(SPECIAL_TEXT)}@pl 2.5 <${SPECIAL_IRI}>)
    (2 "plain, no language" UNDEF UNDEF)
    (3 "typed"^^<${XSD}token> -7 UNDEF)
  }
  ${BNODES ? 'BIND(BNODE() AS ?blank)' : ''}
} ORDER BY ?i`;
const SPECIAL_ROWS: Bindings = {
  vars: ['i', 'text', 'number', 'iri', 'blank'],
  rows: [
    { i: lit('1', `${XSD}integer`), text: lit(SPECIAL_TEXT, 'pl'), number: lit('2.5', `${XSD}decimal`), iri: iri(SPECIAL_IRI), ...BLANK },
    { i: lit('2', `${XSD}integer`), text: lit('plain, no language'), ...BLANK },
    { i: lit('3', `${XSD}integer`), text: lit('typed', `${XSD}token`), number: lit('-7', `${XSD}integer`), ...BLANK },
  ],
};

const EMPTY_SELECT = `${PREFIXES}SELECT ?practice WHERE { ?practice a sg:Practice ; skos:prefLabel "no such name"@en }`;
const EMPTY_ROWS: Bindings = { vars: ['practice'], rows: [] };

const SELECTS = { seed: [SEED_SELECT, SEED_ROWS], special: [SPECIAL_SELECT, SPECIAL_ROWS], empty: [EMPTY_SELECT, EMPTY_ROWS] } as const;
const ASKS = {
  true: `${PREFIXES}ASK { practice:cus-drobin a sg:Practice ; skos:prefLabel ${JSON.stringify(CUS_PL)}@pl }`,
  false: `${PREFIXES}ASK { practice:cus-drobin skos:prefLabel "Centrum"@pl }`,
} as const;

const CONSTRUCT = `${PREFIXES}CONSTRUCT {
  ?practice a sg:Practice ; skos:prefLabel ?name ; schema:startDate ?start ; rdfs:seeAlso [ rdfs:label ?name ] .
} WHERE {
  VALUES ?practice { practice:cus-drobin practice:darjiu-equestrian-centre }
  ?practice a sg:Practice ; skos:prefLabel ?name ; schema:startDate ?start .
}`;
/** The CONSTRUCT's answer, written out from the seed facts (a blank node per solution). */
const CONSTRUCT_EXPECTED = `@prefix sg: <https://w3id.org/segraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <${XSD}> .
<${CUS}> a sg:Practice ; skos:prefLabel ${lit(CUS_EN, 'en')}, ${lit(CUS_PL, 'pl')} ; schema:startDate "2012"^^xsd:gYear ;
  rdfs:seeAlso [ rdfs:label ${lit(CUS_EN, 'en')} ], [ rdfs:label ${lit(CUS_PL, 'pl')} ] .
<${DARJIU}> a sg:Practice ; skos:prefLabel ${lit(DARJIU_EN, 'en')} ; schema:startDate "2021-04"^^xsd:gYearMonth ;
  rdfs:seeAlso [ rdfs:label ${lit(DARJIU_EN, 'en')} ] .
`;
const DESCRIBE = `${PREFIXES}DESCRIBE practice:cus-drobin`;

/** CSV carries strings only: an IRI, a literal's lexical form, "" for unbound, _: for a blank node. */
function csvView(expected: Bindings): Bindings {
  const plain = (term: string | undefined) =>
    term === undefined ? '' : term.startsWith('<') ? term.slice(1, -1) : term === '_:' ? '_:' : (JSON.parse(term.replace(/(@[a-z-]+|\^\^<[^>]+>)$/i, '')) as string);
  return { vars: expected.vars, rows: expected.rows.map((row) => Object.fromEntries(expected.vars.map((v) => [v, plain(row[v])]))) };
}

/** The part of an answer a test compares: the bindings (or boolean, or graph), or the client's error. */
function outcome(answer: Answer | undefined): unknown {
  if (!answer) return 'no answer';
  if (answer.error !== undefined) return { error: answer.error };
  if (answer.boolean !== undefined) return { boolean: answer.boolean };
  if (answer.graph !== undefined) return { graph: answer.graph };
  return { vars: answer.vars, rows: answer.rows };
}

const triple = (s: string, p: string, o: string) => `${s} ${p} ${o} .`;
const RDF_TYPE = iri('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const PREF_LABEL = iri('http://www.w3.org/2004/02/skos/core#prefLabel');
const SG_PRACTICE = iri('https://w3id.org/segraph/ontology#Practice');

let server: TestServer;
let manifest: Manifest;
let versions: string;

/**
 * The scripts' runs: each describe block below registers its own, and all start together once the
 * server is up (each is an interpreter of its own, much of the time waiting on the server).
 */
const scripts = new Map<string, () => Promise<unknown>>();
const runs = new Map<string, Promise<unknown>>();
function script<T>(name: string, start: () => Promise<T>): () => Promise<T> {
  scripts.set(name, start);
  return () => runs.get(name) as Promise<T>;
}

beforeAll(async () => {
  const python = requirePython();
  python.catch(() => {}); // awaited below, after the server is up
  server = await startTestServer({ workers: 2 });
  manifest = server.snapshot!.manifest;
  versions = await python;
  for (const [name, start] of scripts) {
    const run = start();
    run.catch(() => {}); // each is awaited, and fails, in its own describe block
    runs.set(name, run);
  }
});
afterAll(async () => {
  await server?.close();
});

describe('SPARQLWrapper', () => {
  const METHODS = ['GET', 'POST', 'POSTDIRECTLY'] as const;
  const SOLUTION_FORMATS = ['json', 'xml', 'csv', 'tsv'] as const;
  /** SPARQLWrapper's return formats for graphs; N-Triples has none, so it is asked for by Accept only. */
  const GRAPH_FORMATS = {
    turtle: { format: 'turtle', contentType: 'text/turtle' },
    n3: { format: 'n3', contentType: 'text/turtle' },
    ntriples: { format: 'n3', accept: 'application/n-triples', onlyConneg: true, contentType: 'application/n-triples' },
    rdfxml: { format: 'rdf+xml', contentType: 'application/rdf+xml' },
    // SPARQLWrapper 1.8.5 refuses setReturnFormat(JSONLD) unless the old rdflib-jsonld package is
    // installed (rdflib 6 has JSON-LD built in): its users ask for JSON, which sends format=json and
    // Accept */*, and SPARQLWrapper parses the application/ld+json answer with rdflib.
    jsonld: { format: 'json', contentType: 'application/ld+json' },
  } as const;

  let answers: Record<string, Answer>;
  let expectedGraph: string[];

  const checked = script('sparqlwrapper', () => {
    const cases: Array<Record<string, unknown>> = [];
    for (const method of METHODS) {
      for (const format of SOLUTION_FORMATS) {
        for (const [name, [query]] of Object.entries(SELECTS)) cases.push({ id: `select-${name} ${format} ${method}`, query, format, method });
        for (const [name, query] of Object.entries(ASKS)) cases.push({ id: `ask-${name} ${format} ${method}`, query, format, method });
      }
      for (const [name, how] of Object.entries(GRAPH_FORMATS)) {
        cases.push({ id: `construct ${name} ${method}`, query: CONSTRUCT, method, ...how });
        cases.push({ id: `describe ${name} ${method}`, query: DESCRIBE, method, ...how });
      }
    }
    return runPython<{ answers: Record<string, Answer>; expectedGraphs: Record<string, string[]> }>('sparqlwrapper_check.py', {
      endpoint: server.endpoint, cases, expectedGraphs: { construct: CONSTRUCT_EXPECTED },
    });
  });
  beforeAll(async () => {
    const result = await checked();
    answers = result.answers;
    expectedGraph = result.expectedGraphs['construct']!;
  });

  it("runs Debian's rdflib 6 and SPARQLWrapper 1.8", () => {
    expect(versions).toMatch(/^rdflib 6\.\d+\.\d+ SPARQLWrapper 1\.8\.\d+$/);
    expect(expectedGraph).toHaveLength(13);
  });

  for (const method of METHODS) {
    for (const format of SOLUTION_FORMATS) {
      for (const [name, [, expected]] of Object.entries(SELECTS)) {
        it(`SELECT (${name}) as ${format} by ${method}: the known bindings`, () => {
          const answer = answers[`select-${name} ${format} ${method}`];
          expect(outcome(answer)).toEqual(format === 'csv' ? csvView(expected) : expected);
        });
      }
      for (const [name] of Object.entries(ASKS)) {
        it(`ASK (${name}) as ${format} by ${method}: ${name}`, () => {
          const answer = answers[`ask-${name} ${format} ${method}`];
          // CSV and TSV define no ASK form: we answer one column _askResult (TSV: a boolean literal).
          const expected = format === 'csv' ? { vars: ['_askResult'], rows: [{ _askResult: name }] }
            : format === 'tsv' ? { vars: ['_askResult'], rows: [{ _askResult: lit(name, `${XSD}boolean`) }] }
              : { boolean: name === 'true' };
          expect(outcome(answer)).toEqual(expected);
        });
      }
    }
    for (const [name, how] of Object.entries(GRAPH_FORMATS)) {
      it(`CONSTRUCT as ${name} by ${method}: the known graph`, () => {
        const answer = answers[`construct ${name} ${method}`];
        expect(outcome(answer)).toEqual({ graph: expectedGraph });
        expect(answer?.contentType ?? how.contentType).toBe(how.contentType);
      });
      it(`DESCRIBE as ${name} by ${method}: the same graph as Turtle by GET, with the practice's type and names`, () => {
        const turtle = answers['describe turtle GET'];
        expect(turtle?.graph).toBeDefined();
        expect(turtle!.graph).toEqual(expect.arrayContaining([
          triple(iri(CUS), RDF_TYPE, SG_PRACTICE), triple(iri(CUS), PREF_LABEL, lit(CUS_PL, 'pl')), triple(iri(CUS), PREF_LABEL, lit(CUS_EN, 'en')),
        ]));
        expect(outcome(answers[`describe ${name} ${method}`])).toEqual({ graph: turtle!.graph });
      });
    }
  }
});

describe("rdflib's SPARQLStore", () => {
  const METHODS = ['GET', 'POST', 'POST_FORM'] as const;
  const FORMATS = ['xml', 'json', 'csv', 'tsv'] as const;
  let answers: Record<string, Answer>;
  let expectedGraph: string[];

  const checked = script('sparqlstore', () => {
    const cases: Array<Record<string, unknown>> = [];
    for (const method of METHODS) {
      for (const format of FORMATS) {
        for (const [name, [query]] of Object.entries(SELECTS)) cases.push({ id: `select-${name} ${format} ${method}`, query, format, method });
      }
      for (const format of ['xml', 'json'] as const) {
        for (const [name, query] of Object.entries(ASKS)) cases.push({ id: `ask-${name} ${format} ${method}`, query, format, method });
      }
      // The store's default return format, xml, asks for SPARQL XML or RDF/XML: a CONSTRUCT gets RDF/XML.
      cases.push({ id: `construct ${method}`, query: CONSTRUCT, format: 'xml', method });
    }
    return runPython<{ answers: Record<string, Answer>; expectedGraphs: Record<string, string[]> }>('sparqlstore_check.py', {
      endpoint: server.endpoint, cases, expectedGraphs: { construct: CONSTRUCT_EXPECTED },
    });
  });
  beforeAll(async () => {
    const result = await checked();
    answers = result.answers;
    expectedGraph = result.expectedGraphs['construct']!;
  });

  for (const method of METHODS) {
    for (const format of FORMATS) {
      for (const [name, [, expected]] of Object.entries(SELECTS)) {
        it(`Graph.query SELECT (${name}), returnFormat ${format}, ${method}: the known bindings`, () => {
          expect(outcome(answers[`select-${name} ${format} ${method}`])).toEqual(format === 'csv' ? csvView(expected) : expected);
        });
      }
    }
    for (const format of ['xml', 'json'] as const) {
      for (const name of Object.keys(ASKS)) {
        it(`Graph.query ASK (${name}), returnFormat ${format}, ${method}`, () => {
          expect(outcome(answers[`ask-${name} ${format} ${method}`])).toEqual({ boolean: name === 'true' });
        });
      }
    }
    it(`Graph.query CONSTRUCT, ${method}: the known graph`, () => {
      expect(outcome(answers[`construct ${method}`])).toEqual({ graph: expectedGraph });
    });
  }
});

describe('rdflib reads the linked data, the descriptions and the dumps', () => {
  interface Form { triples?: number; isomorphic?: boolean; error?: string }
  interface CatalogDump { url: string; mediaType: string; compression: string | null; bytes: number | null; sha256: string | null }
  interface Dump { bytes?: number; sha256?: string; triples?: number; quads?: number; graphs?: Record<string, number>; sameAsUnion?: boolean; error?: string }
  interface Report {
    documents: Record<string, Record<string, Form>>;
    practices: Record<string, { types: string[]; names: string[] }>;
    void: Record<string, number>;
    serviceDescription: Record<string, number>;
    catalogDumps: CatalogDump[];
    listedDumps: string[];
    dumps: Record<string, Dump>;
  }
  const RESOURCES = ['catalog', '.well-known/void', 'sparql', 'ontology', 'id/organisation/cus-drobin', 'graph/provenance'];
  const PRACTICES = ['cus-drobin', 'darjiu-equestrian-centre'];
  /** How rdflib asks: Graph.parse(URL, format=…) sends that format's Accept header. */
  const FORMS = {
    nt: 'format="nt" (Accept: text/plain)',
    rdfxml: 'format="application/rdf+xml"',
    jsonld: 'format="json-ld"',
    n3: 'format="n3" (Accept: text/n3, */*;q=0.1)',
    default: "no format (rdflib's default Accept, the parser by Content-Type)",
    trig: 'Dataset, ?format=trig',
    nquads: 'Dataset, ?format=nq',
  } as const;
  let report: Report;

  // The documents and the dumps, each read by an interpreter of its own.
  const read = (part: 'documents' | 'dumps') =>
    script(part, () => runPython<Partial<Report>>('linked_data_check.py', { base: server.url, resources: RESOURCES, practices: PRACTICES, parts: [part] }));
  const [documents, dumps] = [read('documents'), read('dumps')];
  beforeAll(async () => {
    const [d, u] = await Promise.all([documents(), dumps()]);
    report = { ...d, ...u } as Report;
    expect(Object.keys(report).sort()).toEqual(['catalogDumps', 'documents', 'dumps', 'listedDumps', 'practices', 'serviceDescription', 'void']);
  });

  for (const path of [...RESOURCES, ...PRACTICES.map((slug) => `id/practice/${slug}`)]) {
    for (const [form, how] of Object.entries(FORMS)) {
      it(`/${path} read with ${how} is isomorphic to its Turtle`, () => {
        const turtle = report.documents[path]?.['turtle'];
        expect(turtle?.triples).toBeGreaterThan(0);
        expect(report.documents[path]?.[form]).toEqual({ triples: turtle!.triples, isomorphic: true });
      });
    }
  }

  it('a practice document states its type and names', () => {
    expect(report.practices['cus-drobin']).toEqual({
      types: expect.arrayContaining([SG_PRACTICE]) as unknown as string[],
      names: [lit(CUS_PL, 'pl'), lit(CUS_EN, 'en')],
    });
    expect(report.practices['darjiu-equestrian-centre']).toEqual({
      types: expect.arrayContaining([SG_PRACTICE]) as unknown as string[],
      names: [lit(DARJIU_EN, 'en')],
    });
  });

  it("VoID and the service description state the manifest's count of every named graph", () => {
    expect(report.void).toEqual(manifest.graphs);
    expect(report.serviceDescription).toEqual(manifest.graphs);
  });

  it('the catalogue and /dumps/ list every dump of the manifest, with its size and checksum', () => {
    const origin = server.url.replace(/\/$/, '');
    const files = manifest.dumps!;
    expect(report.catalogDumps.map((d) => d.url).sort()).toEqual(files.map((f) => `${origin}/dumps/${f.file}`).sort());
    expect(report.listedDumps).toEqual(report.catalogDumps.map((d) => d.url).sort());
    for (const file of files) {
      const listed = report.catalogDumps.find((d) => d.url.endsWith(`/dumps/${file.file}`));
      expect(listed, file.file).toEqual({
        url: `${origin}/dumps/${file.file}`,
        mediaType: file.mediaType,
        compression: file.compression === 'gzip' ? 'application/gzip' : null,
        bytes: file.bytes,
        sha256: file.sha256,
      });
    }
  });

  it('every dump downloads with the size and SHA-256 the catalogue states', () => {
    expect(Object.keys(report.dumps)).toHaveLength(manifest.dumps!.length);
    for (const d of report.catalogDumps) expect({ url: d.url, bytes: report.dumps[d.url]?.bytes, sha256: report.dumps[d.url]?.sha256 }).toEqual({ url: d.url, bytes: d.bytes, sha256: d.sha256 });
  });

  for (const file of ['segraph.nq', 'segraph.nq.gz', 'segraph.trig', 'segraph.trig.gz']) {
    it(`${file} parses to the manifest's quads, graph by graph`, () => {
      const dump = report.dumps[`${server.url}dumps/${file}`];
      expect(dump).toEqual({ bytes: expect.any(Number), sha256: expect.any(String), quads: manifest.quads, graphs: manifest.graphs, sameAsUnion: true });
    });
  }

  for (const file of ['segraph.ttl', 'segraph.nt', 'segraph.rdf', 'segraph.jsonld']) {
    for (const name of [file, `${file}.gz`]) {
      it(`${name} parses to exactly the triples of the N-Quads dump, merged`, () => {
        const dump = report.dumps[`${server.url}dumps/${name}`];
        const union = report.dumps[`${server.url}dumps/segraph.nt`]?.triples;
        expect(union).toBeGreaterThan(0);
        expect(union).toBeLessThanOrEqual(manifest.quads);
        expect(dump).toEqual({ bytes: expect.any(Number), sha256: expect.any(String), triples: union, sameAsUnion: true });
      });
    }
  }
});
