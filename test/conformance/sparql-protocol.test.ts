/**
 * The W3C SPARQL 1.1 Protocol tests (../shared/suites/w3c-rdf-tests/sparql/sparql11/protocol/),
 * read from the suite's manifest at run time and sent to a real server, one `it` per test.
 * The endpoint is read-only: the 7 positive update tests become "the update is refused with a 4xx".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SUITE = join(ROOT, '..', 'shared', 'suites', 'w3c-rdf-tests', 'sparql', 'sparql11', 'protocol');
const MANIFEST = join(SUITE, 'manifest.ttl');
const DATA = 'http://kasei.us/2009/09/sparql/data/';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const HT = 'http://www.w3.org/2011/http#';
const CNT = 'http://www.w3.org/2011/content#';
const HTS = 'http://www.w3.org/2011/http-statusCodes#';

interface HttpRequest {
  readonly method: string;
  /** The query string of ht:absolutePath, with its `?`, or ''. */
  readonly search: string;
  readonly contentType?: string;
  readonly body?: { readonly chars: string; readonly encoding: string };
  /** Status classes allowed, e.g. ['2xx', '3xx']. */
  readonly statuses: readonly string[];
  readonly format?: string;
  readonly boolean?: boolean;
}

interface ProtocolTest {
  readonly id: string;
  readonly name: string;
  readonly requests: readonly HttpRequest[];
}

// ---- the manifest ----------------------------------------------------------------------------

const store = new N3.Store(new N3.Parser({ baseIRI: `file://${MANIFEST}` }).parse(readFileSync(MANIFEST, 'utf8')));
const node = (iri: string) => N3.DataFactory.namedNode(iri);

function objects(subject: Term, predicate: string): Term[] {
  return store.getObjects(subject as N3.Quad_Subject, node(predicate), null);
}
function one(subject: Term, predicate: string): Term | undefined {
  const found = objects(subject, predicate);
  if (found.length > 1) throw new Error(`manifest: ${subject.value} has ${found.length} <${predicate}>`);
  return found[0];
}
function list(head: Term | undefined): Term[] {
  const items: Term[] = [];
  for (let at = head; at && at.value !== `${RDF}nil`; at = one(at, `${RDF}rest`)) {
    const first = one(at, `${RDF}first`);
    if (!first) throw new Error('manifest: broken RDF list');
    items.push(first);
  }
  return items;
}

function readRequest(req: Term): HttpRequest {
  const path = one(req, `${HT}absolutePath`)!.value;
  if (!path.startsWith('/sparql/')) throw new Error(`manifest: unexpected path ${path}`);
  const at = path.indexOf('?');
  const headers = list(one(req, `${HT}headers`)).map((h) => [one(h, `${HT}fieldName`)!.value.toLowerCase(), one(h, `${HT}fieldValue`)!.value]);
  for (const [name] of headers) if (name !== 'content-type') throw new Error(`manifest: unexpected header ${name}`);
  const body = one(req, `${HT}body`);
  const resp = one(req, `${HT}resp`)!;
  const format = one(resp, `${MF}expectedFormat`)?.value;
  const boolean = one(resp, `${MF}expectedBoolean`)?.value;
  return {
    method: one(req, `${HT}methodName`)!.value,
    search: at < 0 ? '' : path.slice(at),
    ...(headers.length ? { contentType: headers[0]![1]! } : {}),
    ...(body ? { body: { chars: one(body, `${CNT}chars`)!.value, encoding: one(body, `${CNT}characterEncoding`)!.value } } : {}),
    statuses: objects(resp, `${MF}expectedStatus`).map((s) => s.value.replace(`${HTS}StatusCode`, '')),
    ...(format !== undefined ? { format } : {}),
    ...(boolean !== undefined ? { boolean: boolean === 'true' } : {}),
  };
}

const manifest = store.getSubjects(node(`${RDF}type`), node(`${MF}Manifest`), null)[0]!;
const TESTS: ProtocolTest[] = list(one(manifest, `${MF}entries`)).map((entry) => ({
  id: entry.value.slice(entry.value.indexOf('#') + 1),
  name: one(entry, `${MF}name`)!.value,
  requests: list(one(one(entry, `${MF}action`)!, `${HT}requests`)).map(readRequest),
}));

/** An update operation: `update=` in the URL or a form body, or a direct application/sparql-update POST. */
function isUpdate(r: HttpRequest): boolean {
  const type = r.contentType?.split(';')[0]!.trim().toLowerCase();
  const form = type === 'application/x-www-form-urlencoded' && r.body ? new URLSearchParams(r.body.chars) : undefined;
  return new URLSearchParams(r.search).has('update') || form?.has('update') === true || type === 'application/sparql-update';
}
/** A test that expects an update to succeed: does not apply to a read-only endpoint. */
const positiveUpdate = (t: ProtocolTest) => t.requests.some((r) => isUpdate(r) && r.statuses.includes('2xx'));

// ---- HTTP ------------------------------------------------------------------------------------

/** The body bytes in the declared encoding (UTF-16 with a BOM, little-endian), so a charset test means something. */
function encode(chars: string, encoding: string): Buffer {
  const e = encoding.toLowerCase();
  if (e === 'utf-8') return Buffer.from(chars, 'utf8');
  if (e === 'utf-16') return Buffer.from(`\uFEFF${chars}`, 'utf16le');
  throw new Error(`manifest: unexpected encoding ${encoding}`);
}

async function send(server: TestServer, r: HttpRequest): Promise<Response> {
  return fetch(`${server.endpoint}${r.search}`, {
    method: r.method,
    redirect: 'manual',
    // Bytes, not a string: fetch would add `content-type: text/plain` to a string body.
    ...(r.body ? { body: new Uint8Array(encode(r.body.chars, r.body.encoding)) } : {}),
    headers: r.contentType ? { 'content-type': r.contentType } : {},
  });
}

const mediaType = (res: Response) => (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
const N3_TYPES: Record<string, string> = {
  'text/turtle': 'text/turtle', 'application/n-triples': 'application/n-triples',
  'application/n-quads': 'application/n-quads', 'application/trig': 'application/trig',
};

/** The boolean of an ASK answer, in SPARQL JSON or XML results. */
function readBoolean(type: string, text: string): unknown {
  if (type === 'application/sparql-results+json') return (JSON.parse(text) as { boolean?: unknown }).boolean;
  if (type === 'application/sparql-results+xml') {
    const m = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(text);
    return m ? m[1] === 'true' : undefined;
  }
  throw new Error(`not a SPARQL boolean result type: '${type}'`);
}

/** The variables and rows of SELECT results, in SPARQL JSON or XML. */
function readTable(type: string, text: string): { vars: string[]; rows: number } {
  if (type === 'application/sparql-results+json') {
    const json = JSON.parse(text) as { head?: { vars?: string[] }; results?: { bindings?: unknown[] } };
    expect(Array.isArray(json.results?.bindings), 'results.bindings is an array').toBe(true);
    return { vars: json.head?.vars ?? [], rows: json.results!.bindings!.length };
  }
  if (type === 'application/sparql-results+xml') {
    expect(text).toMatch(/<results>/);
    return { vars: [...text.matchAll(/<variable name="([^"]+)"/g)].map((m) => m[1]!), rows: text.match(/<result>/g)?.length ?? 0 };
  }
  throw new Error(`not a SPARQL tabular result type: '${type}'`);
}

/**
 * What each tabular test's query answers. The manifest names only the format ("tabular"), no
 * result file, so the expected table is read off the query, which is checked to be the one meant.
 */
const EXPECTED_TABLES: Record<string, { readonly query: string; readonly vars: readonly string[]; readonly rows: number }> = {
  query_content_type_select: { query: 'SELECT (1 AS ?value) {}', vars: ['value'], rows: 1 },
};

async function check(res: Response, r: HttpRequest, testId: string): Promise<void> {
  const text = await res.text();
  const where = `${r.method} ${r.search} → ${res.status} ${res.headers.get('content-type')}: ${text.slice(0, 300)}`;
  expect(r.statuses.map((s) => s[0]), where).toContain(String(res.status)[0]);
  if (r.method !== 'GET' && r.method !== 'POST' && r.method !== 'HEAD') {
    expect(res.status, where).toBe(405);
    expect(res.headers.get('allow'), where).toMatch(/GET/);
  }
  if (r.format === undefined) return;
  expect(res.status, `${where} (a result needs a 2xx)`).toBeLessThan(300);
  const type = mediaType(res);
  if (r.format === 'boolean') {
    const value = readBoolean(type, text);
    expect(typeof value, where).toBe('boolean');
    if (r.boolean !== undefined) expect(value, where).toBe(r.boolean);
  } else if (r.format === 'tabular') {
    const expected = EXPECTED_TABLES[testId];
    if (!expected) throw new Error(`manifest: tabular test ${testId} has no expected table in this harness`);
    expect(r.body?.chars ?? new URLSearchParams(r.search).get('query'), `${where}: the query the expected table is for`).toBe(expected.query);
    const table = readTable(type, text);
    expect(table.vars, `${where}: variables in the head`).toEqual(expected.vars);
    expect(table.rows, `${where}: rows`).toBe(expected.rows);
  } else if (r.format === 'RDF') {
    expect(Object.keys(N3_TYPES), `${where}: an RDF type`).toContain(type);
    const quads: Quad[] = new N3.Parser({ format: N3_TYPES[type]! }).parse(text);
    for (const q of quads) {
      for (const t of [q.subject, q.predicate, q.object]) {
        // A relative IRI in the query (`<s>`) must come back resolved against the service's base.
        if (t.termType === 'NamedNode') expect(t.value, `${where}: absolute IRI`).toMatch(/^[a-z][a-z0-9+.-]*:/i);
      }
    }
  } else {
    throw new Error(`manifest: unexpected mf:expectedFormat ${r.format}`);
  }
}

// ---- the tests -------------------------------------------------------------------------------

describe('W3C SPARQL 1.1 Protocol tests (read-only endpoint)', () => {
  let server: TestServer;
  const passed = { applicable: 0, refused: 0 };

  beforeAll(async () => {
    server = await startTestServer({
      seed: false,
      loads: [1, 2, 3].map((n) => ({ path: join(SUITE, `data${n}.nt`), format: 'application/n-triples', graph: `${DATA}data${n}.rdf` })),
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  /** The suite's three graphs are all still there (no update got through). */
  async function dataIntact(): Promise<void> {
    const query = `ASK { ${[1, 2, 3].map((n) => `GRAPH <${DATA}data${n}.rdf> { <${DATA}data${n}.rdf> a ?t${n} }`).join(' ')} }`;
    const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { boolean: boolean }).boolean, 'the suite data is unchanged').toBe(true);
  }

  for (const test of TESTS) {
    if (positiveUpdate(test)) {
      it(`${test.name} [${test.id}] (update refused)`, async () => {
        const updates = test.requests.filter(isUpdate);
        expect(updates.length).toBeGreaterThan(0);
        for (const r of updates) {
          const res = await send(server, r);
          const where = `${r.method} ${r.search} ${r.contentType} → ${res.status}: ${(await res.text()).slice(0, 300)}`;
          expect(res.status, where).toBeGreaterThanOrEqual(400);
          expect(res.status, where).toBeLessThan(500);
        }
        await dataIntact();
        passed.refused++;
      });
    } else {
      it(`${test.name} [${test.id}]`, async () => {
        for (const r of test.requests) await check(await send(server, r), r, test.id);
        passed.applicable++;
      });
    }
  }

  it('ran all 34 manifest tests: 27 query and error tests passed, 7 updates refused', () => {
    expect(TESTS).toHaveLength(34);
    expect(TESTS.filter(positiveUpdate).map((t) => t.id).sort()).toEqual([
      'update_base_uri', 'update_dataset_default_graph', 'update_dataset_default_graphs', 'update_dataset_full',
      'update_dataset_named_graphs', 'update_post_direct', 'update_post_form',
    ]);
    expect(passed).toEqual({ applicable: 27, refused: 7 });
    expect(server.errors, 'no internal errors logged').toEqual([]);
  });
});
