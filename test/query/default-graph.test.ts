/**
 * The default graph of a query is the RDF merge of the named graphs: a set, in which a triple
 * stated in several graphs is one triple (src/query/load-store.ts). Oxigraph's own union default
 * graph is a bag that would match it once per graph. The named graphs and a query's own dataset
 * (FROM, FROM NAMED, default-graph-uri, named-graph-uri) are as they were loaded.
 *
 * First over a small dataset made for it, then over the seed graph, whose total is checked against
 * the N-Quads dump de-duplicated here, independently of the engine.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const EX = 'http://example.org/';
const G1 = `${EX}graph/one`;
const G2 = `${EX}graph/two`;

// <shared> is in both named graphs and in the default graph as loaded; <only-one> and
// <only-two> are in one graph each; <loose> only in the default graph as loaded.
const TRIG = `@prefix ex: <${EX}> .
<${G1}> { ex:shared ex:p "both" . ex:only-one ex:p "one" . ex:shared ex:n 1 . }
<${G2}> { ex:shared ex:p "both" . ex:only-two ex:p "two" . ex:shared ex:n 1 . }
`;
const NT = `<${EX}shared> <${EX}p> "both" .\n<${EX}loose> <${EX}p> "default" .\n`;
/** Distinct triples of the whole dataset: shared p, shared n, only-one, only-two, loose. */
const DISTINCT_TRIPLES = 5;

interface Json { results: { bindings: Array<Record<string, { value: string }>> } }

function client(server: () => TestServer) {
  const select = async (query: string, params = ''): Promise<Array<Record<string, string>>> => {
    const res = await fetch(`${server().endpoint}?query=${encodeURIComponent(query)}${params}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const json = (await res.json()) as Json;
    return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
  };
  const count = async (query: string, params = '') => Number((await select(query, params))[0]!['n']);
  return { select, count };
}

describe('a triple stated in two named graphs', () => {
  let server: TestServer;
  let dir: string;
  const { select, count } = client(() => server);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segraph-default-graph-'));
    await writeFile(join(dir, 'graphs.trig'), TRIG);
    await writeFile(join(dir, 'default.nt'), NT);
    server = await startTestServer({
      seed: false,
      loads: [{ path: join(dir, 'graphs.trig'), format: 'application/trig' }, { path: join(dir, 'default.nt'), format: 'application/n-triples' }],
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts once over the default graph', async () => {
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')).toBe(DISTINCT_TRIPLES);
    expect(await count(`SELECT (COUNT(*) AS ?n) WHERE { <${EX}shared> <${EX}p> ?o }`)).toBe(1);
    expect(await count(`SELECT (SUM(?v) AS ?n) WHERE { ?s <${EX}n> ?v }`)).toBe(1);
  });

  it('is returned once by SELECT * and by a CONSTRUCT', async () => {
    const rows = await select('SELECT * WHERE { ?s ?p ?o }');
    expect(rows).toHaveLength(DISTINCT_TRIPLES);
    expect(rows.filter((r) => r['s'] === `${EX}shared` && r['p'] === `${EX}p`)).toEqual([{ s: `${EX}shared`, p: `${EX}p`, o: 'both' }]);
    const res = await fetch(`${server.endpoint}?query=${encodeURIComponent('CONSTRUCT WHERE { ?s ?p ?o }')}`, { headers: { accept: 'application/n-triples' } });
    expect(res.headers.get('segraph-result-rows')).toBe(String(DISTINCT_TRIPLES));
  });

  it('is in each named graph that states it, with GRAPH ?g', async () => {
    const rows = await select(`SELECT ?g WHERE { GRAPH ?g { <${EX}shared> <${EX}p> "both" } } ORDER BY ?g`);
    expect(rows.map((r) => r['g'])).toEqual([G1, G2]);
    // Only the named graphs: the default graph is not one of them.
    expect((await select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g')).map((r) => r['g'])).toEqual([G1, G2]);
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')).toBe(6);
  });

  it('FROM <g> still restricts the default graph to that graph', async () => {
    expect(await count(`SELECT (COUNT(*) AS ?n) FROM <${G1}> WHERE { ?s ?p ?o }`)).toBe(3);
    const rows = await select(`SELECT ?s FROM <${G2}> WHERE { ?s <${EX}p> ?o } ORDER BY ?s`);
    expect(rows.map((r) => r['s'])).toEqual([`${EX}only-two`, `${EX}shared`]);
  });

  it('FROM NAMED alone leaves an empty default graph and only its graphs for GRAPH', async () => {
    expect(await count(`SELECT (COUNT(*) AS ?n) FROM NAMED <${G1}> WHERE { ?s ?p ?o }`)).toBe(0);
    expect((await select(`SELECT DISTINCT ?g FROM NAMED <${G2}> WHERE { GRAPH ?g { ?s ?p ?o } }`)).map((r) => r['g'])).toEqual([G2]);
  });

  it('default-graph-uri and named-graph-uri set the dataset as before', async () => {
    const dg = `&default-graph-uri=${encodeURIComponent(G1)}`;
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', dg)).toBe(3);
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', dg)).toBe(0);
    const ng = `&named-graph-uri=${encodeURIComponent(G2)}`;
    expect((await select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', ng)).map((r) => r['g'])).toEqual([G2]);
  });

  it('is once in the Graph Store\'s default graph, and in each named graph', async () => {
    const lines = async (search: string) => {
      const res = await fetch(`${server.url}sparql/graph?${search}`, { headers: { accept: 'application/n-triples' } });
      expect(res.status).toBe(200);
      return (await res.text()).split('\n').filter((l) => l.trim() !== '');
    };
    const all = await lines('default');
    expect(all).toHaveLength(DISTINCT_TRIPLES);
    expect(new Set(all).size).toBe(DISTINCT_TRIPLES);
    expect(await lines(`graph=${encodeURIComponent(G1)}`)).toHaveLength(3);
    expect(await lines(`graph=${encodeURIComponent(G2)}`)).toHaveLength(3);
  });

  it('is counted once in the service description and VoID, and the named graphs as loaded', async () => {
    const { stats } = server.engine;
    expect(stats.defaultGraphTriples).toBe(DISTINCT_TRIPLES);
    expect(stats.quads).toBe(8); // 3 + 3 in the named graphs, 2 loaded into the default graph
    expect(stats.defaultGraphQuads).toBe(2);
    expect(stats.graphs).toEqual([{ iri: G1, quads: 3 }, { iri: G2, quads: 3 }]);
    const VOID = 'http://rdfs.org/ns/void#';
    const SD = 'http://www.w3.org/ns/sparql-service-description#';
    const read = async (url: string) => {
      const res = await fetch(url, { headers: { accept: 'application/n-triples' } });
      return new N3.Store(new N3.Parser({ format: 'application/n-triples' }).parse(await res.text()));
    };
    const voidDoc = await read(`${server.url}.well-known/void`);
    const [dataset] = voidDoc.getSubjects(`${VOID}sparqlEndpoint`, null, null);
    expect(voidDoc.getObjects(dataset!, `${VOID}triples`, null).map((o) => Number(o.value))).toEqual([DISTINCT_TRIPLES]);
    const sd = await read(server.endpoint);
    const defaults = sd.getObjects(null, `${SD}defaultGraph`, null);
    expect(defaults).toHaveLength(1);
    expect(sd.getObjects(defaults[0]!, `${VOID}triples`, null).map((o) => Number(o.value))).toEqual([DISTINCT_TRIPLES]);
  });
});

describe('the seed graph', () => {
  let server: TestServer;
  const { select, count } = client(() => server);
  beforeAll(async () => { server = await startTestServer(); }, 180_000);
  afterAll(async () => server?.close());

  it('counts as many triples over the default graph as the N-Quads dump has distinct triples', async () => {
    const nquads = await readFile(join(server.snapshot!.dir, 'graph.nq'), 'utf8');
    const quads = new N3.Parser({ format: 'application/n-quads' }).parse(nquads);
    const writer = new N3.Writer({ format: 'application/n-triples' });
    const distinct = new Set(quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object)));
    expect(distinct.size).toBeLessThan(quads.length); // the seed graph does state some triples twice
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')).toBe(distinct.size);
    expect(server.engine.stats.defaultGraphTriples).toBe(distinct.size);
    expect(server.engine.stats.quads).toBe(quads.length);
  });

  it('counts once a triple that the report and its newsletter both state', async () => {
    // Triples in both source graphs, found through GRAPH, each counted once over the default graph.
    const report = 'https://w3id.org/segraph/graph/secon-report';
    const newsletter = 'https://w3id.org/segraph/graph/secon-newsletter-2';
    const shared = await select(`SELECT ?s ?p ?o WHERE { GRAPH <${report}> { ?s ?p ?o } GRAPH <${newsletter}> { ?s ?p ?o } } LIMIT 5`);
    expect(shared.length).toBeGreaterThan(0);
    for (const t of shared) {
      const term = (v: string) => (/^https?:/.test(v) ? `<${v}>` : JSON.stringify(v));
      const pattern = `${term(t['s']!)} ${term(t['p']!)} ?o`;
      const overDefault = await select(`SELECT ?o WHERE { ${pattern} }`);
      const perGraph = await select(`SELECT ?g ?o WHERE { GRAPH ?g { ${pattern} } }`);
      // Every object the subject has for the property, once, however many graphs state it.
      expect(overDefault.length).toBe(new Set(perGraph.map((r) => r['o'])).size);
      expect(perGraph.length).toBeGreaterThan(overDefault.length);
    }
  });
});
