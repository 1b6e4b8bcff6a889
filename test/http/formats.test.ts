/**
 * Every result format the endpoint serves, parsed back with independent parsers and compared as
 * RDF terms (solutions) or sets of triples (graphs) with the reference serialization: SPARQL JSON
 * for SELECT, N-Triples for CONSTRUCT and DESCRIBE.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { parse as parseCsv } from 'csv-parse/sync';
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLdToQuads } from '../../src/graph/jsonld.js';
import { SG } from '../../src/vocab/namespace.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const EX = 'https://example.org/segraph-test/';
const TEST_GRAPH = `${EX}graph`;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DROBIN = 'https://w3id.org/segraph/id/practice/cus-drobin';
/** Characters every format must escape or quote: comma, quote, tab, newline, CR, <, &, backslash, non-ASCII. */
const TRICKY = 'comma, "quote"\ttab\nnewline <lt> & amp; back\\slash Zbijów 😀';
const TRICKY_2 = 'line1\r\nline2 ]]> --> \'single\' "double",';

const TRICKY_TTL = `@prefix ex: <${EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:tricky rdfs:label ${JSON.stringify(TRICKY)}@en , ${JSON.stringify(TRICKY)} ;
  ex:note ${JSON.stringify(TRICKY_2)} .
`;

const PREFIXES = `PREFIX sg: <https://w3id.org/segraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
`;
/** IRIs, language-tagged literals, xsd:integer and xsd:decimal values, the tricky literals, and an unbound ?missing. */
const SELECT = `${PREFIXES}SELECT ?s ?label ?n ?missing WHERE {
  { ?s a sg:Practice ; skos:prefLabel ?label FILTER(lang(?label) != "en") }
  UNION { ?s schema:minValue ?n }
  UNION { ?s sg:rate ?n }
  UNION { ?s sg:sharePercent ?n }
  UNION { GRAPH <${TEST_GRAPH}> { ?s ?p ?label } }
  OPTIONAL { ?s <${EX}absent> ?missing }
} ORDER BY ?s ?label ?n`;
const CONSTRUCT = `CONSTRUCT { ?s ?p ?o } WHERE { { BIND(<${DROBIN}> AS ?s) ?s ?p ?o } UNION { GRAPH <${TEST_GRAPH}> { ?s ?p ?o } } }`;
const DESCRIBE = `DESCRIBE <${DROBIN}> <${EX}tricky>`;

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segraph-formats-'));
  await writeFile(join(dir, 'tricky.ttl'), TRICKY_TTL);
  server = await startTestServer({ loads: [{ path: join(dir, 'tricky.ttl'), format: 'text/turtle', graph: TEST_GRAPH }] });
}, 180_000);
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Answer { status: number; type: string | null; headers: Headers; body: string }
async function query(text: string, accept: string): Promise<Answer> {
  const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(text)}`, { headers: { accept } });
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, body: await res.text() };
}

/** A term as a string that tells every RDF term apart (N-Triples-like, unescaped). */
function key(t: RDF.Term | undefined): string {
  if (!t) return '';
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType === 'BlankNode') return `_:${t.value}`;
  if (t.termType === 'Literal') return JSON.stringify(t.value) + (t.language ? `@${t.language}` : `^^<${t.datatype.value}>`);
  if (t.termType === 'DefaultGraph') return '';
  throw new Error(`unexpected term ${t.termType}`);
}
type Row = Record<string, string>;
const VARS = ['s', 'label', 'n', 'missing'];
const rowOf = (b: Record<string, RDF.Term>): Row => Object.fromEntries(VARS.map((v) => [v, key(b[v])]));

async function xmlBindings(body: string): Promise<Array<Record<string, RDF.Term>>> {
  const rows: Array<Record<string, RDF.Term>> = [];
  const stream = new SparqlXmlParser({ prefixVariableQuestionMark: false }).parseXmlResultsStream(Readable.from([body]));
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (b: Record<string, RDF.Term>) => rows.push(b)).on('end', resolve).on('error', reject);
  });
  return rows;
}

/** One TSV field (a term in Turtle syntax) parsed with N3.js. */
function turtleTerm(field: string): RDF.Term | undefined {
  if (field === '') return undefined;
  const quads = new N3.Parser().parse(`<urn:x:s> <urn:x:p> ${field} .`);
  expect(quads, field).toHaveLength(1);
  return quads[0]!.object;
}

describe('SELECT results, in every solutions format', () => {
  let reference: Row[];
  let rawReference: Array<Record<string, RDF.Term>>;
  beforeAll(async () => {
    const json = await query(SELECT, 'application/sparql-results+json');
    expect(json.status).toBe(200);
    const parsed = JSON.parse(json.body) as { head: { vars: string[] } };
    expect(parsed.head.vars).toEqual(VARS);
    rawReference = new SparqlJsonParser({ prefixVariableQuestionMark: false }).parseJsonResults(parsed) as Array<Record<string, RDF.Term>>;
    reference = rawReference.map(rowOf);
  });

  it('SPARQL JSON (the reference) carries IRIs, language tags, integer/decimal datatypes, the tricky literals, and leaves ?missing unbound', () => {
    const has = (row: Partial<Row>) => expect(reference).toContainEqual(expect.objectContaining(row));
    has({ s: `<${DROBIN}>`, label: `${JSON.stringify('Centrum Usług Środowiskowych')}@pl` });
    has({ s: '<https://w3id.org/segraph/id/practice/freiraeume>', label: `${JSON.stringify('Freiräume')}@de` });
    has({ n: `"4.542"^^<${XSD}decimal>` });
    has({ n: `"50"^^<${XSD}decimal>` });
    has({ n: `"6"^^<${XSD}integer>` });
    has({ s: `<${EX}tricky>`, label: `${JSON.stringify(TRICKY)}@en` });
    has({ s: `<${EX}tricky>`, label: `${JSON.stringify(TRICKY)}^^<${XSD}string>` });
    has({ s: `<${EX}tricky>`, label: `${JSON.stringify(TRICKY_2)}^^<${XSD}string>` });
    expect(reference.length).toBeGreaterThan(20);
    expect(reference.every((r) => r['missing'] === '')).toBe(true);
    expect(reference.some((r) => r['n'] === '')).toBe(true);
  });

  it('SPARQL JSON is served as application/sparql-results+json, with no charset', async () => {
    const json = await query(SELECT, 'application/sparql-results+json');
    expect(json.type).toBe('application/sparql-results+json');
    expect(json.headers.get('segraph-result-rows')).toBe(String(reference.length));
  });

  it('SPARQL XML gives the same terms', async () => {
    const xml = await query(SELECT, 'application/sparql-results+xml');
    expect(xml.status).toBe(200);
    expect(xml.type).toBe('application/sparql-results+xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>/);
    const rows = await xmlBindings(xml.body);
    expect(rows).toHaveLength(reference.length);
    expect(rows.map(rowOf)).toEqual(reference);
    // RDF/JS equality too, term by term.
    rows.forEach((_row, i) => {
      const row = rows[i]!;
      for (const v of VARS) {
        const want = rawReference[i]![v];
        if (want) expect(row[v]?.equals(want), `${i} ?${v}`).toBe(true);
        else expect(row[v]).toBeUndefined();
      }
    });
  });

  // XML parsers turn CRLF into LF (XML 1.0 §2.11), so the serializer must write CR as &#13;.
  it('SPARQL XML keeps a carriage return inside a literal', async () => {
    const xml = await query(SELECT, 'application/sparql-results+xml');
    const labels = (await xmlBindings(xml.body)).map((b) => b['label']?.value);
    expect(labels).toContain(TRICKY_2);
  });

  it('CSV gives the lexical values (CRLF lines, quoted fields), empty for unbound', async () => {
    const csv = await query(SELECT, 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('s,label,n,missing\r\n')).toBe(true);
    const records = parseCsv(csv.body) as string[][];
    expect(records[0]).toEqual(VARS);
    const lexical = rawReference.map((b) => VARS.map((v) => {
      const t = b[v];
      return !t ? '' : t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
    }));
    expect(records.slice(1)).toEqual(lexical);
    expect(records.flat()).toContain(TRICKY);
    expect(records.flat()).toContain(TRICKY_2);
  });

  it('TSV gives the terms in Turtle syntax (LF lines), empty for unbound', async () => {
    const tsv = await query(SELECT, 'text/tab-separated-values');
    expect(tsv.status).toBe(200);
    expect(tsv.type).toBe('text/tab-separated-values; charset=utf-8');
    const lines = tsv.body.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('?s\t?label\t?n\t?missing');
    const rows = lines.slice(1).map((line) => {
      const fields = line.split('\t');
      expect(fields, line).toHaveLength(VARS.length);
      return Object.fromEntries(VARS.map((v, i) => [v, key(turtleTerm(fields[i]!))]));
    });
    expect(rows).toEqual(reference);
  });
});

describe('ASK results', () => {
  const ASK_TRUE = `${PREFIXES}ASK { <${DROBIN}> a sg:Practice }`;
  const ASK_FALSE = `${PREFIXES}ASK { <${DROBIN}> a sg:NoSuchClass }`;

  it.each([[ASK_TRUE, true], [ASK_FALSE, false]])('SPARQL JSON: %#', async (text, expected) => {
    const res = await query(text, 'application/sparql-results+json');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/sparql-results+json');
    expect(new SparqlJsonParser().parseJsonBoolean(JSON.parse(res.body))).toBe(expected);
  });

  it.each([[ASK_TRUE, true], [ASK_FALSE, false]])('SPARQL XML: %#', async (text, expected) => {
    const res = await query(text, 'application/sparql-results+xml');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/sparql-results+xml');
    expect(await new SparqlXmlParser().parseXmlBooleanStream(Readable.from([res.body]))).toBe(expected);
  });
});

const GRAPH_TYPES: ReadonlyArray<[string, string, (body: string, base: string) => RDF.Quad[] | Promise<RDF.Quad[]>]> = [
  ['text/turtle', 'text/turtle; charset=utf-8', (b, base) => new N3.Parser({ format: 'text/turtle', baseIRI: base }).parse(b)],
  ['application/n-triples', 'application/n-triples', (b) => new N3.Parser({ format: 'application/n-triples' }).parse(b)],
  // Compacted with our context, inlined: a client expands it without fetching anything.
  ['application/ld+json', 'application/ld+json', (b) => {
    const doc = JSON.parse(b) as Record<string, unknown>;
    expect(doc['@context']).toEqual(expect.objectContaining({ sg: SG.iri }));   // inlined: nothing to fetch
    return jsonLdToQuads(doc);
  }],
  ['application/rdf+xml', 'application/rdf+xml', (b, base) => oxigraph.parse(b, { format: 'application/rdf+xml', base_iri: base }) as unknown as RDF.Quad[]],
  ['application/trig', 'application/trig', (b, base) => new N3.Parser({ format: 'application/trig', baseIRI: base }).parse(b)],
  ['application/n-quads', 'application/n-quads', (b) => new N3.Parser({ format: 'application/n-quads' }).parse(b)],
];

/** Sorted, de-duplicated triple lines (the data has no blank nodes, so equal sets mean isomorphic graphs). */
function triples(quads: readonly RDF.Quad[]): string[] {
  for (const q of quads) expect(q.graph.termType, 'a CONSTRUCT result has only default-graph triples').toBe('DefaultGraph');
  return [...new Set(quads.map((q) => `${key(q.subject)} ${key(q.predicate)} ${key(q.object)} .`))].sort();
}

describe.each([['CONSTRUCT', CONSTRUCT], ['DESCRIBE', DESCRIBE]])('%s results, in every graph format', (_form, text) => {
  let reference: string[];
  beforeAll(async () => {
    const nt = await query(text, 'application/n-triples');
    expect(nt.status).toBe(200);
    const quads = new N3.Parser({ format: 'application/n-triples' }).parse(nt.body);
    expect(quads.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode')).toBe(false);
    reference = triples(quads);
    expect(nt.headers.get('segraph-result-rows')).toBe(String(reference.length));
  });

  it('N-Triples (the reference) has the resource\'s triples and the tricky literals', () => {
    expect(reference).toContain(`<${DROBIN}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/segraph/ontology#Practice> .`);
    expect(reference).toContain(`<${DROBIN}> <http://www.w3.org/2004/02/skos/core#prefLabel> ${JSON.stringify('Centrum Usług Środowiskowych')}@pl .`);
    expect(reference).toContain(`<${EX}tricky> <http://www.w3.org/2000/01/rdf-schema#label> ${JSON.stringify(TRICKY)}@en .`);
    expect(reference).toContain(`<${EX}tricky> <${EX}note> ${JSON.stringify(TRICKY_2)}^^<${XSD}string> .`);
    expect(reference.some((t) => t.includes(`^^<${XSD}integer>`) || t.includes(`^^<${XSD}gYear>`))).toBe(true);
  });

  it.each(GRAPH_TYPES)('%s parses back to the same triples', async (accept, contentType, parse) => {
    const res = await query(text, accept);
    expect(res.status).toBe(200);
    expect(res.type).toBe(contentType);
    expect(triples(await parse(res.body, server.endpoint))).toEqual(reference);
  });
});
