/**
 * The remote engine (src/store/remote-engine.ts) over a real Virtuoso (test/helpers/store.ts):
 * every surface answers as over the embedded engine — the same results, parsed, for SELECT, ASK,
 * CONSTRUCT and DESCRIBE in every format, the same dataset semantics — and our limits and failure
 * answers hold whatever the store does (its errors, its being slow, away, or never there).
 */
import { createServer, Socket, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import N3 from 'n3';
import jsonld from 'jsonld';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { RemoteEngine, StoreUnreachableError } from '../../src/store/remote-engine.js';
import { ShutdownError } from '../../src/query/errors.js';
import type { Engine } from '../../src/query/engine.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf } from '../helpers/errors.js';
import { serve, stop } from '../helpers/serve-process.js';
import { publishSeed, testStore } from '../helpers/store.js';
import type { VirtuosoInstance } from '../../src/store/virtuoso-instance.js';
import { seedSnapshot } from '../helpers/seed-snapshot.js';
import { ROOT } from '../helpers/project.js';

const store = await testStore();
if ('skip' in store) console.warn(`test/store/remote-engine.test.ts skipped: ${store.skip}`);
const endpoint = 'skip' in store ? '' : store.endpoint;

const G = 'https://w3id.org/segraph/graph/';
const PREFIXES = 'PREFIX sg: <https://w3id.org/segraph/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n';
const PRACTICE = 'https://w3id.org/segraph/id/practice/caf-autonomy-support-unit';

/** A query, the formats to compare it in, and the protocol dataset if any. */
interface Case { readonly name: string; readonly query: string; readonly dataset?: string }

const SELECTS: Case[] = [
  { name: 'COUNT(*) over the default graph: each triple once', query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' },
  { name: 'GRAPH ?g: every graph of the version, no other', query: 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g' },
  { name: 'FROM: one graph as the default graph, no named graphs', query: `SELECT (COUNT(*) AS ?n) (COUNT(?g) AS ?named) FROM <${G}reference> WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }` },
  { name: 'FROM NAMED: an empty default graph', query: `SELECT ?g (COUNT(*) AS ?n) FROM NAMED <${G}reference> FROM NAMED <${G}curation> WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g` },
  { name: 'GRAPH <iri> of a named graph', query: `SELECT ?s ?p ?o WHERE { GRAPH <${G}provenance> { ?s ?p ?o } }` },
  { name: 'VALUES of graph names', query: `SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { <${G}reference> <${G}ontology> } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g` },
  { name: 'graph names as subjects (the provenance graph)', query: `SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?s IN (<${G}reference>, <${G}inferred>)) }` },
  // xsd:duration left out: Virtuoso 7 stores "P12M"^^xsd:duration as "12" (a known difference).
  { name: 'literals of every kind', query: 'SELECT DISTINCT ?o (DATATYPE(?o) AS ?dt) (LANG(?o) AS ?lang) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && DATATYPE(?o) != <http://www.w3.org/2001/XMLSchema#duration>) }' },
  { name: 'practices and labels, with OPTIONAL and a path', query: `${PREFIXES}SELECT ?p ?label ?x WHERE { ?p a sg:Practice ; rdfs:label ?label OPTIONAL { ?p sg:country/rdfs:label ?x } }` },
  { name: 'expressions and booleans', query: `${PREFIXES}SELECT ?p (STRLEN(?label) > 20 AS ?long) (isIRI(?p) AS ?iri) WHERE { ?p a sg:Practice ; rdfs:label ?label }` },
  { name: 'protocol default-graph-uri and named-graph-uri', query: 'SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g', dataset: `default-graph-uri=${encodeURIComponent(`${G}reference`)}&named-graph-uri=${encodeURIComponent(`${G}curation`)}` },
  { name: 'the protocol dataset wins over FROM', query: `SELECT (COUNT(*) AS ?n) FROM <${G}ontology> WHERE { ?s ?p ?o }`, dataset: `default-graph-uri=${encodeURIComponent(`${G}provenance`)}` },
];

const ASKS: Case[] = [
  { name: 'ASK true', query: `ASK { <${PRACTICE}> ?p ?o }` },
  { name: 'ASK false', query: 'ASK { <https://example.org/nothing> ?p ?o }' },
];

const GRAPHS: Case[] = [
  { name: 'CONSTRUCT a practice', query: `CONSTRUCT { <${PRACTICE}> ?p ?o } WHERE { <${PRACTICE}> ?p ?o }` },
  { name: 'CONSTRUCT with graph names', query: `CONSTRUCT { ?g <urn:x:size> ?s } WHERE { GRAPH ?g { ?s a ?c } FILTER(?c = <https://w3id.org/segraph/ontology#Practice>) }` },
  { name: 'DESCRIBE a practice', query: `DESCRIBE <${PRACTICE}>` },
];

/** One solution as a line, terms in a fixed order. */
const termKey = (t: { type: string; value: unknown; datatype?: string; 'xml:lang'?: string } | undefined) =>
  t ? `${t.type}|${String(t.value)}|${t.datatype ?? ''}|${(t['xml:lang'] ?? '').toLowerCase()}` : '-';

async function solutions(server: TestServer<Engine>, c: Case, format: string): Promise<unknown> {
  const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(c.query)}&format=${format}${c.dataset ? `&${c.dataset}` : ''}`);
  expect(res.status, `${c.name} (${format}): ${res.status}`).toBe(200);
  const text = await res.text();
  if (format === 'json') {
    const json = JSON.parse(text) as { head: { vars?: string[] }; boolean?: boolean; results?: { bindings: Array<Record<string, never>> } };
    if (json.boolean !== undefined) return { boolean: json.boolean };
    const vars = json.head.vars ?? [];
    return { vars, rows: json.results!.bindings.map((b) => vars.map((v) => termKey(b[v])).join(' ')).sort() };
  }
  if (format === 'xml') {
    const head = /<head>[\s\S]*?<\/head>/.exec(text)?.[0];
    const results = [...text.matchAll(/<result>[\s\S]*?<\/result>/g)].map((m) => m[0]).sort();
    return { head, results, boolean: /<boolean>(\w+)<\/boolean>/.exec(text)?.[1] };
  }
  const lines = text.split(/\r?\n/);
  return { head: lines[0], rows: lines.slice(1).sort() };
}

async function triples(server: TestServer<Engine>, c: Case, format: string): Promise<string[]> {
  const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(c.query)}&format=${format}`);
  expect(res.status, `${c.name} (${format})`).toBe(200);
  const text = await res.text();
  let quads: N3.Quad[];
  if (format === 'jsonld') {
    const nq = await jsonld.toRDF(JSON.parse(text) as object, { format: 'application/n-quads' }) as unknown as string;
    quads = new N3.Parser({ format: 'N-Quads' }).parse(nq);
  } else if (format === 'rdf') {
    quads = await new Promise((ok, fail) => {
      const out: N3.Quad[] = [];
      const parser = new RdfXmlParser();
      parser.on('data', (q: N3.Quad) => out.push(q)).on('end', () => ok(out)).on('error', fail);
      parser.write(text);
      parser.end();
    });
  } else {
    quads = new N3.Parser({ format: format === 'ttl' ? 'Turtle' : format === 'nt' ? 'N-Triples' : format === 'trig' ? 'TriG' : 'N-Quads' }).parse(text);
  }
  const writer = new N3.Writer({ format: 'N-Triples' });
  return [...new Set(quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object)))].sort();
}

afterAll(async () => {
  if (!('skip' in store)) await store.close();
});

describe.skipIf('skip' in store)('the remote engine over Virtuoso', () => {
  let remote: TestServer<Engine>;
  let embedded: TestServer<Engine>;

  beforeAll(async () => {
    [remote, embedded] = await Promise.all([startTestServer({ store: endpoint }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([remote?.close(), embedded?.close()]);
  });

  it('reads the published version, its statistics and the store from the control graph', async () => {
    expect(remote.engine.version).toBe(embedded.engine.version);
    expect(remote.engine.stats.defaultGraphTriples).toBe(embedded.engine.stats.defaultGraphTriples);
    expect(remote.engine.stats.quads).toBe(embedded.engine.stats.quads);
    expect([...remote.engine.stats.graphs].sort((a, b) => (a.iri < b.iri ? -1 : 1)))
      .toEqual([...embedded.engine.stats.graphs].sort((a, b) => (a.iri < b.iri ? -1 : 1)));
    expect(remote.engine.description).toMatch(/^Virtuoso 07\.\S+ at http:\/\/127\.0\.0\.1:\d+\/sparql \(SPARQL 1\.1 over HTTP, up to 4 queries at once\)$/);
    expect(remote.engine.health()).toMatchObject({ status: 'ready', ready: true });
  });

  for (const c of [...SELECTS, ...ASKS]) {
    it(`${c.name}: the same results in every format`, async () => {
      for (const format of ['json', 'xml', 'csv', 'tsv']) {
        const [a, b] = await Promise.all([solutions(remote, c, format), solutions(embedded, c, format)]);
        expect(a, `${c.name} as ${format}`).toEqual(b);
      }
    });
  }

  for (const c of GRAPHS) {
    it(`${c.name}: the same triples in every format`, async () => {
      for (const format of ['ttl', 'nt', 'jsonld', 'rdf', 'trig', 'nq']) {
        const [a, b] = await Promise.all([triples(remote, c, format), triples(embedded, c, format)]);
        expect(a.length, `${c.name} as ${format}`).toBeGreaterThan(0);
        expect(a, `${c.name} as ${format}`).toEqual(b);
      }
    });
  }

  it('counts the same vocabulary statistics (VoID) as the embedded engine', async () => {
    const [a, b] = await Promise.all([remote.engine.vocabularyStats(), embedded.engine.vocabularyStats()]);
    expect(a).toEqual(b);
  });

  it('answers the facets and the question API as the embedded engine', async () => {
    // Every question, with the parameters of its tests: test/store/questions.test.ts.
    for (const path of ['api/facets', 'api/facets?country=POL', 'api/queries/practices-by-topic', 'api/queries/practices-by-organisation-kind', 'api/queries/practices-to-learn-from', 'api/queries/practices-by-fund-and-typology']) {
      const [a, b] = await Promise.all([remote, embedded].map(async (s) => {
        const res = await fetch(`${s.url}${path}`);
        expect(res.status, path).toBe(200);
        return res.json();
      }));
      expect(a, path).toEqual(b);
    }
  });

  it('shows neither other versions nor the control graph', async () => {
    // A second version beside the published one (what `segraph publish` leaves until it is dropped).
    // Published, then the seed's version published again: a roll-back, the other one kept.
    const info = (store as { instance?: VirtuosoInstance }).instance;
    if (info) {
      await publishSeed(info, 'other-version');
      await publishSeed(info);
    }
    const ask = async (query: string) => {
      const res = await fetch(`${remote.endpoint}?query=${encodeURIComponent(query)}&format=json`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { boolean: boolean }).boolean;
    };
    expect(await ask('ASK { GRAPH <urn:segraph:control> { ?s ?p ?o } }')).toBe(false);
    expect(await ask('ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:segraph:other-version")) }')).toBe(false);
    expect(await ask('ASK { GRAPH ?g { <urn:segraph:store> ?p ?o } }')).toBe(false);
    expect(await ask('ASK { ?s <urn:segraph:published> ?o }')).toBe(false);
    expect(await ask(`ASK { GRAPH <urn:segraph:other-version:${G}reference> { ?s ?p ?o } }`)).toBe(false);
    const res = await fetch(`${remote.endpoint}?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}&default-graph-uri=urn:segraph:control`);
    expect((((await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0]!.n.value)).toBe('0');
    const graphs = await fetch(`${remote.endpoint}?query=${encodeURIComponent('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }')}`);
    const names = ((await graphs.json()) as { results: { bindings: Array<{ g: { value: string } }> } }).results.bindings.map((b) => b.g.value).sort();
    expect(names).toEqual(remote.engine.stats.graphs.map((g) => g.iri).sort());
  });

  it('answers a syntax error 400 malformed_query with the parser\'s message, and refuses updates and Virtuoso\'s built-ins', async () => {
    const bad = await fetch(`${remote.endpoint}?query=${encodeURIComponent('SELECT * WHERE { ?s ?p }')}`);
    const error = await errorOf(bad, 400, 'malformed_query');
    expect(error.message).toMatch(/^Malformed query: /);
    // The HTTP layer refuses updates (403); the engine never forwards one either.
    const update = await fetch(remote.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'INSERT DATA { <urn:a> <urn:b> <urn:c> }' });
    expect(update.status).toBe(403);
    const outcome = await remote.engine.execute({ query: 'INSERT DATA { <urn:a> <urn:b> <urn:c> }', form: 'select', baseIri: 'http://example.org/', format: 'json' });
    expect(outcome).toMatchObject({ ok: false, kind: 'syntax', message: expect.stringMatching(/read-only/) });
    expect((await fetch(`${remote.endpoint}?query=${encodeURIComponent('ASK { <urn:a> <urn:b> <urn:c> }')}`).then((r) => r.json()) as { boolean: boolean }).boolean).toBe(false);
    const bif = await fetch(`${remote.endpoint}?query=${encodeURIComponent('SELECT (<bif:length>("abc") AS ?n) WHERE {}')}`);
    const refused = await errorOf(bif, 400, 'query_failed');
    expect(refused.message).toMatch(/bif:length is not supported/);
  });

  it('answers an evaluation error of the store with its first line', async () => {
    const engine = remote.engine as RemoteEngine;
    // Division by zero is an unbound in SPARQL; Virtuoso raises SR084 for it: an evaluation error.
    const outcome = await engine.execute({ query: 'SELECT (1/0 AS ?x) WHERE {}', form: 'select', baseIri: 'http://example.org/', format: 'json' });
    if (!outcome.ok) {
      expect(outcome).toEqual({ ok: false, kind: 'evaluation', message: expect.stringMatching(/^Virtuoso 22012 Error SR084: Division by 0\.$/) });
    }
  });

  it('known differences of Virtuoso 7.2.5: BNODE() is not implemented (400 malformed_query with its message); GRAPH ?g {} names every graph', async () => {
    const bnode = await fetch(`${remote.endpoint}?query=${encodeURIComponent('SELECT ?b WHERE { BIND(BNODE() AS ?b) }')}`);
    const error = await errorOf(bnode, 400, 'malformed_query');
    expect(error.message).toMatch(/Built-in function is not implemented/);
    // Virtuoso answers `GRAPH ?g {}` with no graph; the rewrite lists the dataset's named graphs.
    const graphs = await fetch(`${remote.endpoint}?query=${encodeURIComponent('SELECT DISTINCT ?g WHERE { GRAPH ?g {} }')}`);
    const names = ((await graphs.json()) as { results: { bindings: Array<{ g: { value: string } }> } }).results.bindings.map((b) => b.g.value).sort();
    expect(names).toEqual(remote.engine.stats.graphs.map((g) => g.iri).sort());
  });

  it('cuts at the row cap, and a complete request is not cut', async () => {
    const capped = await startTestServer({ store: endpoint, maxRows: 10 });
    try {
      for (const [query, form] of [['SELECT * WHERE { ?s ?p ?o }', 'select'], ['CONSTRUCT WHERE { ?s ?p ?o }', 'construct']] as const) {
        const res = await fetch(`${capped.endpoint}?query=${encodeURIComponent(query)}&format=${form === 'select' ? 'json' : 'nt'}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('segraph-result-truncated')).toBe('true');
        expect(res.headers.get('segraph-result-rows')).toBe('10');
      }
      const whole = await capped.engine.execute({ query: 'SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }', form: 'select', baseIri: 'http://example.org/', format: 'json', complete: true });
      expect(whole.ok && !whole.truncated && whole.rows).toBe(remote.engine.stats.quads);
      const graphStore = await fetch(`${capped.endpoint}/graph?graph=${encodeURIComponent(`${G}provenance`)}`, { headers: { accept: 'application/n-triples' } });
      expect(graphStore.status).toBe(200);
      expect((await graphStore.text()).trim().split('\n')).toHaveLength(54);
    } finally {
      await capped.close();
    }
  });

  it('stops a slow query at the deadline (503 query_timeout) and answers the next', async () => {
    const quick = await startTestServer({ store: endpoint, deadlineMs: 1000, cacheBytes: 0 });
    try {
      const started = Date.now();
      const slow = await fetch(`${quick.endpoint}?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }')}`);
      await errorOf(slow, 503, 'query_timeout');
      expect(Date.now() - started).toBeLessThan(3000);
      const next = await fetch(`${quick.endpoint}?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
      expect(next.status).toBe(200);
    } finally {
      await quick.close();
    }
  });
});

/** A TCP proxy in front of the store that a test can cut, restore and slow down. */
async function proxyTo(target: string): Promise<{ endpoint: string; cut(): void; restore(): void; delayMs: number; close(): Promise<void> }> {
  const url = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  const state = { delayMs: 0 };
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    const forward = (from: Socket, to: Socket) => from.on('data', (d) => {
      const delay = state.delayMs; // read per chunk: kept-alive connections slow down too
      if (delay) setTimeout(() => to.writable && to.write(d), delay);
      else if (to.writable) to.write(d);
    });
    upstream.connect(Number(url.port), url.hostname, () => {
      forward(client, upstream);
      forward(upstream, client);
    });
    for (const s of [client, upstream]) s.on('error', () => {}).on('close', () => { client.destroy(); upstream.destroy(); sockets.delete(s); });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${url.pathname}`,
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      down = false;
    },
    get delayMs() { return state.delayMs; },
    set delayMs(ms: number) { state.delayMs = ms; },
    close: () => new Promise<void>((ok) => { for (const s of sockets) s.destroy(); server.close(() => ok()); }),
  };
}

describe.skipIf('skip' in store)('the store away, slow, or never there', () => {
  it('answers 503 engine_unavailable while the store is away, says so at /healthz, and recovers', async () => {
    const proxy = await proxyTo(endpoint);
    const server = await startTestServer({ store: proxy.endpoint, cacheBytes: 0, probeMs: 200 });
    try {
      const query = `${server.endpoint}?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}`;
      expect((await fetch(query)).status).toBe(200);
      proxy.cut();
      await errorOf(await fetch(query), 503, 'engine_unavailable');
      expect(server.engine.health()).toMatchObject({ status: 'unavailable', ready: false });
      const health = await fetch(`${server.url}healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'unavailable', store: { endpoint: proxy.endpoint, lastFailure: expect.any(String), unavailableSince: expect.any(String) } });
      // Refused at once while away, not after the deadline.
      const started = Date.now();
      await errorOf(await fetch(query), 503, 'engine_unavailable');
      expect(Date.now() - started).toBeLessThan(1000);
      proxy.restore();
      await expect.poll(() => server.engine.health().status, { timeout: 5000 }).toBe('ready');
      expect((await fetch(query)).status).toBe(200);
    } finally {
      await server.close();
      await proxy.close();
    }
  });

  it('holds the deadline over a slow store', async () => {
    const proxy = await proxyTo(endpoint);
    const server = await startTestServer({ store: proxy.endpoint, cacheBytes: 0, deadlineMs: 800 });
    try {
      proxy.delayMs = 3000;
      const started = Date.now();
      await errorOf(await fetch(`${server.endpoint}?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`), 503, 'query_timeout');
      expect(Date.now() - started).toBeLessThan(2500);
      proxy.delayMs = 0;
      expect((await fetch(`${server.endpoint}?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`)).status).toBe(200);
      expect(server.engine.health().status).toBe('ready');
    } finally {
      await server.close();
      await proxy.close();
    }
  });

  it('segraph serve --engine sparql serves the published version, with the local snapshot\'s dumps, and says which store', async () => {
    const seed = await seedSnapshot();
    const server = await serve(['--root', ROOT, '--build-dir', seed.buildDir, '--engine', 'sparql'], { SEGRAPH_ENDPOINT: endpoint });
    if (!('endpoint' in server)) throw new Error(`serve exited ${server.code}: ${server.stderr}`);
    try {
      expect(server.stdout).toContain(`segraph: graph ${seed.manifest.version} published in the SPARQL store at ${endpoint}`);
      expect(server.stdout).toMatch(new RegExp(`Virtuoso 07\\.\\S+ at ${endpoint.replace(/[.:/]/g, '\\$&')} \\(SPARQL 1\\.1 over HTTP`));
      const base = server.endpoint.replace(/sparql$/, '');
      const practice = await fetch(`${base}doc/practice/caf-autonomy-support-unit`, { headers: { accept: 'text/turtle' } });
      expect(practice.status).toBe(200);
      expect(await practice.text()).toContain('caf-autonomy-support-unit');
      expect((await fetch(`${base}dumps/`)).status).toBe(200);
      const health = (await (await fetch(`${base}healthz`)).json()) as { status: string; engine: string };
      expect(health).toMatchObject({ status: 'ready', engine: expect.stringMatching(/^Virtuoso/) });
    } finally {
      expect(await stop(server)).toBe(0);
    }
  });

  it('refuses flags that make no sense with a store (exit 2)', async () => {
    for (const args of [['--engine', 'sparql'], ['--engine', 'sparql', '--endpoint', 'ftp://x/sparql'], ['--engine', 'oracle'], ['--endpoint', endpoint],
      ['--engine', 'sparql', '--endpoint', endpoint, '--workers', '3'], ['--engine', 'sparql', '--endpoint', endpoint, '--load', 'x.ttl']]) {
      const exited = await serve(['--root', ROOT, ...args]);
      expect('code' in exited && exited.code, args.join(' ')).toBe(2);
      expect(exited.stderr, args.join(' ')).toMatch(/^serve: --(engine|endpoint|workers|load)/);
    }
  });

  it('shares the store fairly: two slow queries of one client do not hold back another client', async () => {
    const engine = await RemoteEngine.start({
      endpoint, limits: { deadlineMs: 2500, maxRows: 10 }, cacheBytes: 0, concurrency: 2, fairness: { longMs: 200 }, log: () => {},
    });
    try {
      const slow = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
      const request = (query: string, client: string) => engine.execute({ query, form: 'select', baseIri: 'http://example.org/', format: 'json', clientQuery: true, client });
      const flood = [1, 2, 3].map(() => request(slow, '10.0.0.1').catch((e: unknown) => e));
      await new Promise((r) => setTimeout(r, 300)); // both connections are held by long queries now
      const started = Date.now();
      expect(await request('ASK { ?s ?p ?o }', '10.0.0.2')).toMatchObject({ ok: true });
      expect(Date.now() - started).toBeLessThan(1000);
      for (const outcome of await Promise.all(flood)) expect(outcome).toBeInstanceOf(Error); // past the deadline
    } finally {
      await engine.close();
    }
  });

  it('answers ShutdownError for the queries running and waiting when it closes', async () => {
    const engine = await RemoteEngine.start({ endpoint, limits: { deadlineMs: 10_000, maxRows: 10 }, cacheBytes: 0, concurrency: 1, log: () => {} });
    const slow = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
    const pending = [slow, 'ASK {}'].map((query) => engine.execute({ query, form: 'select', baseIri: 'http://example.org/', format: 'json' }).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await engine.close();
    for (const outcome of await Promise.all(pending)) expect(outcome).toBeInstanceOf(ShutdownError);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(engine.execute({ query: 'ASK {}', form: 'select', baseIri: 'http://example.org/', format: 'json' })).rejects.toBeInstanceOf(ShutdownError);
  });

  it('cannot start over a store that is not there: a clear error, and serve exits non-zero', async () => {
    await expect(RemoteEngine.start({ endpoint: 'http://127.0.0.1:1/sparql', limits: { deadlineMs: 2000, maxRows: 10 } }))
      .rejects.toThrow(StoreUnreachableError);
    const exited = await serve(['--root', ROOT, '--engine', 'sparql', '--endpoint', 'http://127.0.0.1:1/sparql']);
    expect('code' in exited && exited.code).toBe(1);
    expect(exited.stderr).toMatch(/cannot reach the SPARQL store at http:\/\/127\.0\.0\.1:1\/sparql: /);
  });
});
