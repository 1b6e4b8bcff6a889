/**
 * The SPARQL 1.1 Service Description at GET /sparql (no query) and the VoID description at
 * /.well-known/void, against the seed graph: the rules of ../shared/suites/README.md
 * ("Service description rules") and what a client reads from them.
 */
import { request } from 'node:http';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SD = 'http://www.w3.org/ns/sparql-service-description#';
const VOID = 'http://rdfs.org/ns/void#';
const FORMATS = 'http://www.w3.org/ns/formats/';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const { namedNode } = N3.DataFactory;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** GET with exactly these headers (fetch would add `Accept: *\/*`; an empty object sends no Accept). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function turtle(url: string, headers: Record<string, string> = {}): Promise<N3.Store> {
  const res = await get(url, headers);
  expect(res.status, res.body.slice(0, 300)).toBe(200);
  expect(res.type.split(';')[0]).toBe('text/turtle');
  return new N3.Store(new N3.Parser({ format: 'text/turtle' }).parse(res.body));
}

async function select(query: string): Promise<Record<string, string>[]> {
  const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  const json = (await res.json()) as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

const graphsInData = async () => (await select('SELECT DISTINCT ?g WHERE { GRAPH ?g {} }')).map((r) => r['g']!).sort();

const objects = (store: N3.Store, s: N3.Term | null, p: string) => store.getObjects(s as N3.Quad_Subject | null, namedNode(p), null);
const subjects = (store: N3.Store, p: string, o: N3.Term | string) =>
  store.getSubjects(namedNode(p), typeof o === 'string' ? namedNode(o) : o as N3.Quad_Object, null);
const typed = (store: N3.Store, cls: string) => subjects(store, RDF_TYPE, cls);

describe('service description (GET /sparql without a query)', () => {
  let sd: N3.Store;
  beforeAll(async () => {
    sd = await turtle(server.endpoint);
  });

  it('is Turtle by default, with sd:endpoint exactly the URL requested', () => {
    const endpoints = objects(sd, null, `${SD}endpoint`).map((o) => o.value);
    expect(endpoints).toEqual([server.endpoint]);
    expect(typed(sd, `${SD}Service`).map((s) => s.value)).toEqual(subjects(sd, `${SD}endpoint`, server.endpoint).map((s) => s.value));
  });

  it('names the endpoint by the Host the client used (localhost instead of 127.0.0.1)', async () => {
    const port = new URL(server.url).port;
    const viaLocalhost = await turtle(server.endpoint, { host: `localhost:${port}` });
    expect(objects(viaLocalhost, null, `${SD}endpoint`).map((o) => o.value)).toEqual([`http://localhost:${port}/sparql`]);
  });

  it('types its nodes: sd:Service, sd:Dataset, sd:NamedGraph, sd:Graph', () => {
    for (const cls of ['Service', 'Dataset', 'NamedGraph', 'Graph']) {
      expect(typed(sd, `${SD}${cls}`).length, `sd:${cls}`).toBeGreaterThan(0);
    }
    const service = typed(sd, `${SD}Service`)[0]!;
    const datasets = objects(sd, service, `${SD}defaultDataset`);
    expect(datasets).toHaveLength(1);
    expect(typed(sd, `${SD}Dataset`).map((d) => d.value)).toContain(datasets[0]!.value);
  });

  it('supports SPARQL 1.1 Query and lists its result formats', () => {
    const service = typed(sd, `${SD}Service`)[0]!;
    expect(objects(sd, service, `${SD}supportedLanguage`).map((o) => o.value)).toContain(`${SD}SPARQL11Query`);
    const formats = objects(sd, service, `${SD}resultFormat`).map((o) => o.value);
    for (const f of ['SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle']) {
      expect(formats).toContain(`${FORMATS}${f}`);
    }
  });

  it('gives every sd:Dataset an sd:defaultGraph that is an sd:Graph', () => {
    const graphs = new Set(typed(sd, `${SD}Graph`).map((g) => g.value));
    for (const ds of typed(sd, `${SD}Dataset`)) {
      const defaults = objects(sd, ds, `${SD}defaultGraph`);
      expect(defaults.length, `sd:defaultGraph of ${ds.value}`).toBeGreaterThan(0);
      for (const g of defaults) expect(graphs.has(g.value)).toBe(true);
    }
  });

  it('gives every sd:NamedGraph an sd:name, and names exactly the graphs in the data', async () => {
    const named = typed(sd, `${SD}NamedGraph`);
    const names = named.map((n) => {
      const name = objects(sd, n, `${SD}name`);
      expect(name, `sd:name of ${n.value}`).toHaveLength(1);
      expect(name[0]!.termType).toBe('NamedNode');
      return name[0]!.value;
    });
    const inData = await graphsInData();
    expect(inData.length).toBeGreaterThan(0);
    expect(names.sort()).toEqual(inData);
    // and they are the named graphs of the service's default dataset
    const ds = objects(sd, typed(sd, `${SD}Service`)[0]!, `${SD}defaultDataset`)[0]!;
    expect(objects(sd, ds, `${SD}namedGraph`).map((n) => n.value).sort()).toEqual(named.map((n) => n.value).sort());
  });

  it('answers Accept: */* with Turtle too', async () => {
    const store = await turtle(server.endpoint, { accept: '*/*' });
    expect(objects(store, null, `${SD}endpoint`).map((o) => o.value)).toEqual([server.endpoint]);
  });

  it('answers a browser with the HTML query form', async () => {
    const res = await get(server.endpoint, { accept: BROWSER });
    expect(res.status).toBe(200);
    expect(res.type.split(';')[0]).toBe('text/html');
    expect(res.body).toMatch(/<form\b[^>]*>/);
    expect(res.body).toMatch(/<textarea[^>]*name="query"/);
  });

  for (const [label, url, headers] of [
    ['Accept: application/ld+json', '', { accept: 'application/ld+json' }],
    ['?format=jsonld', '?format=jsonld', {}],
  ] as const) {
    it(`is JSON-LD for ${label}, naming the endpoint`, async () => {
      const res = await get(`${server.endpoint}${url}`, headers);
      expect(res.status).toBe(200);
      expect(res.type.split(';')[0]).toBe('application/ld+json');
      const json: unknown = JSON.parse(res.body);
      // The endpoint is there as an IRI (an "@id"), not merely as a string.
      const ids: unknown[] = [];
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            if (k === '@id') ids.push(x);
            else walk(x);
          }
        }
      };
      walk(json);
      expect(ids).toContain(server.endpoint);
    });
  }
});

describe('VoID description (/.well-known/void)', () => {
  let store: N3.Store;
  let dataset: N3.Term;
  beforeAll(async () => {
    store = await turtle(`${server.url}.well-known/void`);
    const withEndpoint = subjects(store, `${VOID}sparqlEndpoint`, server.endpoint);
    expect(withEndpoint, 'one dataset with void:sparqlEndpoint = the endpoint URL').toHaveLength(1);
    dataset = withEndpoint[0]!;
  });

  it('describes a void:Dataset whose void:triples is what the endpoint counts', async () => {
    expect(typed(store, `${VOID}Dataset`).map((d) => d.value)).toContain(dataset.value);
    const triples = objects(store, dataset, `${VOID}triples`);
    expect(triples).toHaveLength(1);
    const [row] = await select('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(Number(row!['n'])).toBeGreaterThan(0);
    expect(Number(triples[0]!.value)).toBe(Number(row!['n']));
  });

  it('gives practices as example resources and schema.org among the vocabularies', () => {
    const examples = objects(store, dataset, `${VOID}exampleResource`);
    expect(examples.some((e) => e.termType === 'NamedNode' && e.value.startsWith('https://w3id.org/segraph/id/practice/'))).toBe(true);
    expect(objects(store, dataset, `${VOID}vocabulary`).map((v) => v.value)).toContain('http://schema.org/');
  });

  it('has a void:subset per named graph of the data', async () => {
    const linksets = typed(store, `${VOID}Linkset`).map((l) => l.value);
    const subsets = objects(store, dataset, `${VOID}subset`).filter((s) => !linksets.includes(s.value));
    const names = subsets.map((s) => {
      expect(typed(store, `${VOID}Dataset`).map((d) => d.value), `${s.value} is a void:Dataset`).toContain(s.value);
      const name = objects(store, s, `${SD}name`);
      return name.length ? name[0]!.value : s.value;
    });
    expect(names.sort()).toEqual(await graphsInData());
  });

  it('states each triple once, in Turtle too (a dataset several linksets point into is described once)', async () => {
    for (const url of [`${server.url}.well-known/void`, server.endpoint]) {
      const res = await get(url, { accept: 'text/turtle' });
      const parsed = new N3.Parser({ format: 'text/turtle' }).parse(res.body); // keeps repeated triples
      expect(parsed.length, url).toBe(new N3.Store(parsed).size);
    }
  });

  it('describes its linksets into NUTS, the EU country table, the SDGs and Wikidata, with the counts the endpoint gives', async () => {
    const linksets = typed(store, `${VOID}Linkset`);
    const find = (target: string, predicate: string) => linksets.find((l) =>
      objects(store, l, `${VOID}objectsTarget`).some((o) => o.value === target) &&
      objects(store, l, `${VOID}linkPredicate`).some((p) => p.value === predicate));
    const count = async (ns: string, predicate: string) => Number((await select(
      `SELECT (COUNT(*) AS ?n) WHERE { ?s <${predicate}> ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), "${ns}")) }`))[0]!['n']);
    const cases: Array<[string, string, string]> = [
      ['http://data.europa.eu/nuts', 'https://w3id.org/segraph/ontology#nutsRegion', 'http://data.europa.eu/nuts/code/'],
      ['http://publications.europa.eu/resource/authority/country', 'https://w3id.org/segraph/ontology#country', 'http://publications.europa.eu/resource/authority/country/'],
      ['http://metadata.un.org/sdg', 'https://w3id.org/segraph/ontology#sdg', 'http://metadata.un.org/sdg/'],
      ['http://www.wikidata.org/', 'http://www.w3.org/2002/07/owl#sameAs', 'http://www.wikidata.org/entity/'],
    ];
    for (const [target, predicate, ns] of cases) {
      const linkset = find(target, predicate);
      expect(linkset, `${target} via ${predicate}`).toBeDefined();
      expect(objects(store, linkset!, `${VOID}subjectsTarget`).map((o) => o.value)).toEqual([dataset.value]);
      const expected = await count(ns, predicate);
      expect(expected).toBeGreaterThan(0);
      expect(Number(objects(store, linkset!, `${VOID}triples`)[0]!.value)).toBe(expected);
    }
  });
});
