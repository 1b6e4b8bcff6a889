/**
 * Interoperability with rdflib.js (the linked-data library of SolidOS / Mashlib), a client we did
 * not write: its Fetcher dereferences our IRIs by content negotiation and its parsers read our
 * Turtle, RDF/XML and JSON-LD. What a user of rdflib gets must be exactly what the server says — compared
 * statement by statement with the N-Triples answer for the same resource, read by a strict
 * N-Triples reader of the test's own (test/helpers/interop-rdf.ts), never by the server's code.
 */
import { createRequire } from 'node:module';
import * as $rdf from 'rdflib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalLines, graphDiff, ntriplesOf, ntriplesTerm, originGuard, plainTerm, plainTriple, practiceIris, selectEndpoint,
  type PlainTriple,
} from '../helpers/interop-rdf.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const RDFLIB = (createRequire(import.meta.url)('rdflib/package.json') as { version: string }).version;
const BASE = 'https://w3id.org/segraph/';
const SG = 'https://w3id.org/segraph/ontology#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDF_VALUE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DCAT = 'http://www.w3.org/ns/dcat#';

let server: TestServer;
let practices: string[];
/** `https://w3id.org/segraph/id/…` on the test server's origin. */
const local = (iri: string) => `${server.url}${iri.slice(BASE.length)}`;
const docOf = (iri: string) => `${server.url}doc/${iri.slice(`${BASE}id/`.length)}`;

beforeAll(async () => {
  server = await startTestServer();
  practices = await practiceIris(server.endpoint);
}, 120_000);
afterAll(async () => server?.close());

/** The statements an rdflib store holds in the graph (document) `doc`, as plain triples. */
function statementsIn(store: $rdf.Store, doc: string): PlainTriple[] {
  return store.statementsMatching(undefined, undefined, undefined, $rdf.sym(doc)).map((s) => plainTriple(s));
}

/**
 * rdflib.js's RDF/XML parser reads the whitespace inside a node element that has no property
 * elements (`<dct:Standard rdf:about="…">⏎⇥</dct:Standard>`, as Oxigraph writes a resource that has
 * only a type) as an `rdf:value` of that whitespace. That is a defect of rdflib (RDF/XML allows
 * whitespace there, https://www.w3.org/TR/rdf-syntax-grammar/#nodeElement), not of our document:
 * such triples are set aside, everything else must match.
 */
const withoutWhitespaceValues = (triples: PlainTriple[]): PlainTriple[] =>
  triples.filter((t) => !(t.predicate.value === RDF_VALUE && t.object.termType === 'Literal' && /^\s+$/.test(t.object.value)));

describe(`rdflib.js ${RDFLIB}: the Fetcher dereferences a practice's IRI`, () => {
  it('follows the 303 from /id/… to /doc/… by content negotiation, on our origin only, and its store holds exactly the document\'s triples (every practice)', async () => {
    const differences: Record<string, unknown> = {};
    for (const iri of practices) {
      const guard = originGuard(server.url);
      const store = $rdf.graph();
      const fetcher = new $rdf.Fetcher(store, { fetch: guard.fetch, timeout: 30_000 });
      const uri = local(iri);
      const response = await fetcher.load(uri);
      expect(response.status, uri).toBe(200);
      expect(response.url, uri).toBe(docOf(iri));
      expect(response.headers.get('content-type'), uri).toMatch(/^text\/(turtle|n3)/);
      expect(guard.refused, uri).toEqual([]);
      expect(guard.loaded, uri).toEqual([uri]);

      const held = statementsIn(store, uri);
      const expected = await ntriplesOf(docOf(iri));
      expect(held.length, uri).toBeGreaterThan(100);
      const diff = await graphDiff(held, expected, 5);
      if (diff.missing.length + diff.extra.length > 0) differences[uri] = diff;
    }
    expect(differences).toEqual({});
  });

  it('gives a practice\'s names with their language tags, its dates with their datatypes and its fundings as the endpoint does', async () => {
    const iri = `${BASE}id/practice/cus-drobin`;
    const store = $rdf.graph();
    const guard = originGuard(server.url);
    await new $rdf.Fetcher(store, { fetch: guard.fetch, timeout: 30_000 }).load(local(iri));
    const subject = $rdf.sym(iri);
    const values = (predicate: string) => store.each(subject, $rdf.sym(predicate), undefined, $rdf.sym(local(iri)))
      .map((t) => ntriplesTerm(plainTerm(t))).sort();
    const endpoint = async (predicate: string) => (await selectEndpoint(server.endpoint, `SELECT DISTINCT ?o WHERE { <${iri}> <${predicate}> ?o }`))
      .rows.map((r) => ntriplesTerm(r.get('o')!)).sort();

    const names = values('http://www.w3.org/2004/02/skos/core#prefLabel');
    expect(names).toEqual(await endpoint('http://www.w3.org/2004/02/skos/core#prefLabel'));
    expect(names).toContain('"Centrum Usług Środowiskowych"@pl');
    expect(names.some((n) => n.endsWith('@en'))).toBe(true);

    const start = values('http://schema.org/startDate');
    expect(start).toEqual(await endpoint('http://schema.org/startDate'));
    expect(start).toHaveLength(1);
    expect(start[0]).toMatch(new RegExp(`\\^\\^<${XSD}(date|gYear|gYearMonth)>$`));

    expect(values('http://schema.org/funding')).toEqual(await endpoint('http://schema.org/funding'));
    expect(values(`${SG}implementedBy`)).toEqual(await endpoint(`${SG}implementedBy`));
    expect(values(RDF_TYPE)).toEqual(await endpoint(RDF_TYPE));
    expect(values(RDF_TYPE)).toContain(`<${SG}Practice>`);
    // A funding's amount keeps its decimal datatype (the lexical form is the endpoint's, see README "Known limits").
    const amounts = (await selectEndpoint(server.endpoint, `SELECT DISTINCT ?amount ?value WHERE { <${iri}> <http://schema.org/funding>/<http://schema.org/amount> ?amount . ?amount <http://schema.org/value> ?value }`)).rows;
    expect(amounts.length).toBeGreaterThan(0);
    for (const row of amounts) {
      const held = store.each($rdf.sym(row.get('amount')!.value), $rdf.sym('http://schema.org/value'), undefined, $rdf.sym(local(iri))).map((t) => ntriplesTerm(plainTerm(t)));
      expect(held).toEqual([ntriplesTerm(row.get('value')!)]);
    }
  });

  it('reads the JSON-LD document as the same triples when it asks for JSON-LD only', async () => {
    const iri = `${BASE}id/practice/cus-drobin`;
    // rdflib.js reads JSON-LD with its own jsonld.js and that one's network loader: make sure first there is nothing remote to load.
    const doc = await (await fetch(local(iri), { headers: { accept: 'application/ld+json' } })).json();
    expect(contextReferences(doc).filter((c) => !c.startsWith(server.url))).toEqual([]);
    const store = $rdf.graph();
    const guard = originGuard(server.url);
    const fetcher = new $rdf.Fetcher(store, { fetch: guard.fetch, timeout: 30_000 });
    fetcher.mediatypes = { 'application/ld+json': {} };
    const response = await fetcher.load(local(iri));
    expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect(guard.refused).toEqual([]);
    expect(await graphDiff(statementsIn(store, local(iri)), await ntriplesOf(docOf(iri)))).toMatchObject({ missing: [], extra: [] });
  });

  it('is answered with a document it reads when it asks for Notation3 only (text/n3, the format rdflib is built around)', async () => {
    const iri = `${BASE}id/practice/doeners-be`;
    const store = $rdf.graph();
    const guard = originGuard(server.url);
    const fetcher = new $rdf.Fetcher(store, { fetch: guard.fetch, timeout: 30_000 });
    fetcher.mediatypes = { 'text/n3': {} };
    const response = await fetcher.load(local(iri)).catch((error: { status?: number; message?: string }) => error);
    expect((response as Response).status, JSON.stringify((response as { message?: string }).message ?? '')).toBe(200);
    expect(await graphDiff(statementsIn(store, local(iri)), await ntriplesOf(docOf(iri)))).toMatchObject({ missing: [], extra: [] });
  });
});

/** Documents whose Turtle, RDF/XML and JSON-LD rdflib must read as the same triples as their N-Triples. */
const DOCUMENTS = () => [
  ...practices.map((iri) => `doc/${iri.slice(`${BASE}id/`.length)}`),
  'doc/organisation/province-of-flemish-brabant', 'doc/fund/esf', 'doc/place/patras', 'doc/programme/pl-op-human-capital-2007-2013',
  'doc/graph/secon-report', 'catalog', '.well-known/void', 'sparql', 'ontology',
];

/** Every "@context" given by reference in a JSON-LD document (rdflib.js would fetch them with jsonld.js's own loader). */
function contextReferences(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(contextReferences);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => key === '@context'
    ? [v].flat().filter((c): c is string => typeof c === 'string').concat(contextReferences([v].flat().filter((c) => typeof c === 'object')))
    : contextReferences(v));
}

/** rdflib.js's parse, awaited (JSON-LD is parsed asynchronously, through its own jsonld.js and flattening). */
function parseInto(store: $rdf.Store, body: string, base: string, type: string): Promise<void> {
  return new Promise((resolve, reject) => {
    $rdf.parse(body, store, base, type, (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
  });
}

describe(`rdflib.js ${RDFLIB}: $rdf.parse reads our documents`, () => {
  for (const [type, name] of [['text/turtle', 'Turtle'], ['application/rdf+xml', 'RDF/XML'], ['application/ld+json', 'JSON-LD']] as const) {
    it(`${name}: the same triples as the N-Triples of the same document, for every practice, other resources, the catalogue, VoID, the service description and the ontology`, async () => {
      const differences: Record<string, unknown> = {};
      for (const path of DOCUMENTS()) {
        const url = `${server.url}${path}`;
        const res = await fetch(url, { headers: { accept: type } });
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-type'), url).toMatch(new RegExp(`^${type.replace('+', '\\+')}`));
        const body = await res.text();
        if (type === 'application/ld+json') {
          // rdflib.js gives its jsonld.js no document loader of ours: a context by reference would be fetched from wherever it points.
          const remote = contextReferences(JSON.parse(body)).filter((c) => !c.startsWith(server.url));
          if (remote.length > 0) {
            differences[path] = { remoteContexts: remote };
            continue;
          }
        }
        const store = $rdf.graph();
        await parseInto(store, body, url, type);
        let read = store.statements.map((s) => plainTriple(s));
        if (type === 'application/rdf+xml') {
          read = withoutWhitespaceValues(read);
        }
        const diff = await graphDiff(read, await ntriplesOf(url), 5);
        if (diff.missing.length + diff.extra.length > 0) differences[path] = diff;
      }
      expect(differences, `${name} documents whose triples differ from their N-Triples`).toEqual({});
    });
  }

  it('reads the DCAT-AP catalogue as a harvester needs it: a dataset with a distribution per dump, each on our origin with its size as xsd:nonNegativeInteger, in Turtle and RDF/XML alike', async () => {
    const { dumps: files } = await (await fetch(`${server.url}dumps/`, { headers: { accept: 'application/json' } })).json() as { dumps: Array<{ file: string; bytes: number }> };
    expect(files.length).toBe(12);
    for (const type of ['text/turtle', 'application/rdf+xml']) {
      const url = `${server.url}catalog`;
      const store = $rdf.graph();
      $rdf.parse(await (await fetch(url, { headers: { accept: type } })).text(), store, url, type);
      const dataset = $rdf.sym(`${BASE}id/dataset/segraph`);
      expect(store.holds(dataset, $rdf.sym(RDF_TYPE), $rdf.sym(`${DCAT}Dataset`)), type).toBe(true);
      const distributions = store.each(dataset, $rdf.sym(`${DCAT}distribution`));
      expect(distributions.length, type).toBe(files.length);
      for (const d of distributions) {
        const download = store.any(d as $rdf.NamedNode, $rdf.sym(`${DCAT}downloadURL`));
        expect(download?.value.startsWith(`${server.url}dumps/`), `${type} ${d.value}`).toBe(true);
        const file = files.find((f) => download?.value === `${server.url}dumps/${f.file}`);
        const size = store.any(d as $rdf.NamedNode, $rdf.sym(`${DCAT}byteSize`)) as $rdf.Literal | null;
        expect(size && ntriplesTerm(plainTerm(size)), `${type} ${d.value}`).toBe(`"${file?.bytes}"^^<${XSD}nonNegativeInteger>`);
      }
    }
  });
});

describe('the comparison itself', () => {
  it('tells a changed literal from the same one (so equal graphs above mean something)', async () => {
    const a = [{ subject: { termType: 'NamedNode', value: 'http://x/a' }, predicate: { termType: 'NamedNode', value: 'http://x/p' }, object: { termType: 'Literal', value: '5', datatype: { value: `${XSD}integer` } } }];
    const b = [{ subject: { termType: 'NamedNode', value: 'http://x/a' }, predicate: { termType: 'NamedNode', value: 'http://x/p' }, object: { termType: 'Literal', value: '5', datatype: { value: `${XSD}nonNegativeInteger` } } }];
    expect(await canonicalLines(a)).not.toEqual(await canonicalLines(b));
    expect((await graphDiff(a, b)).missing).toHaveLength(1);
  });
});
