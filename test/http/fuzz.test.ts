/**
 * /sparql under hostile input, against a real server with 2 query workers:
 *
 * (a) every negative syntax test query of the W3C SPARQL 1.1 suite is refused with a 4xx in our
 *     JSON error shape;
 * (b) a seeded generator sends 600 deep, wide and malformed queries — nesting of
 *     each kind, long sequences and paths, huge literals, odd Unicode, NUL bytes, invalid UTF-8,
 *     random mutations of valid queries — by GET, form POST and application/sparql-query POST:
 *     every answer is a 2xx, or a 4xx in the JSON error shape; never a 5xx, a dropped
 *     connection, or an engine stack overflow reported as a query error;
 * (c) afterwards every worker still answers a known query correctly.
 *
 * The seed is SEGRAPH_FUZZ_SEED, or a fixed one; it is logged, and the same seed replays the
 * same cases. SEGRAPH_FUZZ_CASES sets how many (default 600: every kind of case about 45 times,
 * some 15 s on 2 cores); SEGRAPH_FUZZ_MS caps the time (default 45 s, then the run stops early
 * and says so).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { serverConfig } from '../../src/http/config.js';
import { ERROR_CODES } from '../../src/http/errors.js';
import { DEFAULT_QUERY_SHAPE_LIMITS } from '../../src/query/query-shape.js';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { w3cQueries } from '../helpers/w3c-sparql-tests.js';

const SEED = Number(process.env['SEGRAPH_FUZZ_SEED'] ?? 0x5e6a4f);
const BUDGET_MS = Number(process.env['SEGRAPH_FUZZ_MS'] ?? 45_000);
const MAX_CASES = Number(process.env['SEGRAPH_FUZZ_CASES'] ?? 600);
const CONCURRENCY = 4;
/** Node's HTTP server refuses request heads over 16 KB (431, no JSON): longer queries go by POST. */
const MAX_URL = 8000;
const PRACTICE = 'https://w3id.org/segraph/ontology#Practice';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 2 });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

// ---- sending and checking --------------------------------------------------------------------

type Method = 'GET' | 'form' | 'sparql-query';
interface Case {
  readonly kind: string;
  readonly method: Method;
  /** The query as text, or as raw bytes (which may not be UTF-8). */
  readonly query: string | Buffer;
  readonly accept: string;
}
interface Outcome {
  readonly status: number;
  readonly code?: string;
  /** What is wrong with the answer, if anything. */
  readonly problem?: string;
}

/** Percent-encodes bytes (a string as UTF-8, lone surrogates becoming U+FFFD). */
function percentEncode(query: string | Buffer): string {
  const bytes = typeof query === 'string' ? Buffer.from(query, 'utf8') : query;
  let out = '';
  for (const byte of bytes) {
    out += (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const byteLength = (query: string | Buffer) => (typeof query === 'string' ? Buffer.byteLength(query) : query.length);

/** Sends a case and checks the answer's shape. */
async function send(c: Case, endpoint = server.endpoint): Promise<Outcome> {
  let res: Response;
  try {
    const headers = { accept: c.accept };
    if (c.method === 'GET') {
      res = await fetch(`${endpoint}?query=${percentEncode(c.query)}`, { headers });
    } else if (c.method === 'form') {
      res = await fetch(endpoint, {
        method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${percentEncode(c.query)}`,
      });
    } else {
      res = await fetch(endpoint, {
        method: 'POST', headers: { ...headers, 'content-type': 'application/sparql-query' },
        body: typeof c.query === 'string' ? c.query : new Uint8Array(c.query),
      });
    }
  } catch (error) {
    return { status: 0, problem: `no answer: ${(error as Error).message} ${String((error as Error).cause ?? '')}` };
  }
  let body: ArrayBuffer;
  try {
    body = await res.arrayBuffer();
  } catch (error) {
    return { status: res.status, problem: `answer cut off: ${(error as Error).message}` };
  }
  if (res.status >= 200 && res.status < 300) return { status: res.status };
  if (res.status < 400 || res.status >= 500) return { status: res.status, problem: `status ${res.status}: ${Buffer.from(body).toString('utf8', 0, 300)}` };
  if (!/^application\/json(;|$)/.test(res.headers.get('content-type') ?? '')) {
    return { status: res.status, problem: `a ${res.status} that is not JSON (${res.headers.get('content-type')})` };
  }
  let error: { status?: unknown; code?: unknown; message?: unknown };
  try {
    const json = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>;
    if (Object.keys(json).join() !== 'error') throw new Error(`keys ${Object.keys(json).join()}`);
    error = json['error'] as typeof error;
  } catch (e) {
    return { status: res.status, problem: `a ${res.status} whose body is not the error shape: ${(e as Error).message}` };
  }
  const code = String(error.code);
  if (error.status !== res.status || !(code in ERROR_CODES) || typeof error.message !== 'string' || error.message === '') {
    return { status: res.status, code, problem: `a bad error body: ${JSON.stringify(error).slice(0, 300)}` };
  }
  // A stack overflow inside the engine is reported by the worker as a query error: the shape
  // check should have refused the query before it got there.
  if (/memory access out of bounds|unreachable|call stack|RuntimeError/i.test(error.message)) {
    return { status: res.status, code, problem: `the engine overflowed: ${error.message.slice(0, 200)}` };
  }
  return { status: res.status, code };
}

const describeCase = (c: Case) => {
  const text = typeof c.query === 'string' ? c.query : c.query.toString('latin1');
  return `${c.kind} by ${c.method} (${byteLength(c.query)} bytes): ${JSON.stringify(text.slice(0, 160))}${text.length > 160 ? '…' : ''}`;
};

// ---- (a) the W3C negative syntax tests -------------------------------------------------------

describe('(a) the negative syntax tests of the W3C SPARQL 1.1 suite', () => {
  const negatives = w3cQueries('sparql11', 'negative');
  it('are all there', () => {
    expect(negatives.length).toBeGreaterThanOrEqual(40);
  });
  const methods: Method[] = ['GET', 'form', 'sparql-query'];
  it.each(negatives.map((q, i) => ({ ...q, method: methods[i % 3]! })))('$file by $method: a 4xx in the error shape', async ({ text, method }) => {
    const outcome = await send({ kind: 'w3c-negative', method, query: text, accept: '*/*' });
    expect(outcome.problem).toBeUndefined();
    expect(outcome.status).toBeGreaterThanOrEqual(400);
  });
});

// ---- query_too_complex over HTTP -------------------------------------------------------------

describe('400 query_too_complex', () => {
  const deep = `SELECT * WHERE ${'{ '.repeat(200)}?s ?p ?o${' }'.repeat(200)}`;
  it.each<Method>(['GET', 'form', 'sparql-query'])('by %s, with limit, max and found, before any worker runs it', async (method) => {
    const res = await fetch(method === 'GET' ? `${server.endpoint}?query=${encodeURIComponent(deep)}` : server.endpoint, method === 'GET' ? {} : {
      method: 'POST',
      headers: { 'content-type': method === 'form' ? 'application/x-www-form-urlencoded' : 'application/sparql-query' },
      body: method === 'form' ? `query=${encodeURIComponent(deep)}` : deep,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { error } = (await res.json()) as { error: Record<string, unknown> };
    expect(error).toEqual({
      status: 400, code: 'query_too_complex', limit: 'depth', max: DEFAULT_QUERY_SHAPE_LIMITS.maxDepth, found: 200, message: expect.stringContaining('--max-query-depth'),
    });
  });

  it('an update is still 403 read_only, however deep', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: `INSERT DATA { <a> <b> ${'('.repeat(500)}1${')'.repeat(500)} }`,
    });
    expect(res.status).toBe(403);
  });

  it('follows the limits given to createApp', async () => {
    const config = serverConfig(server.site, { limits: { query: { maxDepth: 3, maxSequence: 5, maxEvalDepth: 15 } } });
    const app = createApp(config, {
      engine: server.engine, dataset: { title: 't', description: 'd' }, log: () => {},
    });
    const other: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const endpoint = `http://127.0.0.1:${(other.address() as AddressInfo).port}/sparql`;
      const ask = async (query: string) => {
        const res = await fetch(`${endpoint}?query=${encodeURIComponent(query)}`);
        return { status: res.status, body: (await res.json()) as { error?: Record<string, unknown> } };
      };
      expect((await ask('ASK { { { ?s ?p ?o } } }')).status).toBe(200);
      expect((await ask('ASK { { { { ?s ?p ?o } } } }')).body.error).toMatchObject({ limit: 'depth', max: 3, found: 4 });
      expect((await ask('ASK { ?s ?p 1, 2, 3, 4, 5, 6, 7 }')).body.error).toMatchObject({ limit: 'sequence', max: 5, found: 6 });
      expect((await ask('ASK { ?s ?p ?o OPTIONAL { ?s ?p ?o } OPTIONAL { ?s ?p ?o } }')).body.error).toMatchObject({ limit: 'evalDepth', max: 15, found: 16 });
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});

// ---- (b) the generator -----------------------------------------------------------------------

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Generator {
  readonly random: () => number;
  constructor(seed: number, readonly valid: readonly string[]) {
    this.random = prng(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }

  /** A size: mostly small enough to run, sometimes near or far past the limits. */
  size(): number {
    const r = this.random();
    if (r < 0.4) return this.int(1, 40);
    if (r < 0.6) return this.int(40, 120);
    if (r < 0.85) return this.int(120, 3000);
    return this.int(3000, 60_000);
  }

  /**
   * The size of one basic graph pattern: small, or past the sequence limit. In between are
   * valid queries that run past the deadline — Oxigraph's join-order optimiser takes seconds
   * past ~128 triple patterns in one BGP (22 s for 200), whatever the data — and stopping those
   * is the deadline's job, not this test's.
   */
  bgpSize(): number {
    return this.chance(0.5) ? this.int(1, 40) : this.int(DEFAULT_QUERY_SHAPE_LIMITS.maxSequence + 100, 60_000);
  }

  /**
   * Triple patterns that match little, so that valid cases run fast: 20 nested OPTIONALs of
   * `?s ?p ?o` over the seed graph run past the deadline, which is the deadline's business.
   */
  pattern(): string {
    return this.pick([`?s a <${PRACTICE}>`, '?s <urn:fuzz:p> ?o', '?x <urn:fuzz:q> "v"', `?s <${PRACTICE}> ?s`]);
  }

  nesting(): string {
    const n = this.size();
    const p = this.pattern();
    const kinds: Array<() => string> = [
      () => `SELECT * WHERE ${'{ '.repeat(n)}${p}${' }'.repeat(n)} LIMIT 3`,
      () => `SELECT * WHERE { ${p} ${`OPTIONAL { ${p} `.repeat(n)}${'} '.repeat(n)}} LIMIT 3`,
      () => `SELECT * WHERE { ${p} ${`MINUS { ${p} `.repeat(n)}${'} '.repeat(n)}} LIMIT 3`,
      () => `SELECT * WHERE ${'{ SELECT * WHERE '.repeat(n)}{ ${p} }${' LIMIT 3 }'.repeat(n)}`,
      () => `ASK { ${p} ${'FILTER NOT EXISTS { '.repeat(n)}${' }'.repeat(n)} }`,
      () => `ASK { ${p} ${`FILTER EXISTS { ${p} `.repeat(n)}${' }'.repeat(n)} }`,
      () => `SELECT * WHERE { ${'GRAPH ?g { '.repeat(n)}${p}${' }'.repeat(n)} } LIMIT 3`,
      () => `SELECT (${'('.repeat(n)}1${')'.repeat(n)} AS ?x) WHERE {}`,
      () => `SELECT (${Array.from({ length: n }, () => this.pick(['STR(', 'ABS(', 'UCASE(', 'STRLEN(', 'IF(true, ', 'COALESCE(', 'CONCAT("a", '])).join('')}1${')'.repeat(n)} AS ?x) WHERE {}`,
      () => `SELECT (${'!'.repeat(n)}true AS ?x) WHERE {}`,
      () => `SELECT (${'-'.repeat(n)}1 AS ?x) WHERE {}`,
      () => `SELECT * WHERE { ?s <urn:fuzz:p> ${'('.repeat(n)}1${')'.repeat(n)} }`,
      () => `SELECT * WHERE { ?s <urn:fuzz:p> ${'[ <urn:fuzz:q> '.repeat(n)}1${' ]'.repeat(n)} }`,
      () => `CONSTRUCT { ?s <urn:fuzz:p> ${'[ <urn:fuzz:q> '.repeat(n)}1${' ]'.repeat(n)} } WHERE { ${p} } LIMIT 3`,
      () => `SELECT * WHERE { ?s ${'('.repeat(n)}<urn:fuzz:p>${')*'.repeat(n)} ?o } LIMIT 3`,
      () => `SELECT * WHERE { ${'<< '.repeat(n)}?s <urn:fuzz:p> ?o${' >> <urn:fuzz:q> ?o'.repeat(n)} . }`,
      () => `SELECT * WHERE { ?s <urn:fuzz:p> ${'<<( ?s <urn:fuzz:p> '.repeat(n)}?o${' )>>'.repeat(n)} . }`,
      () => `SELECT * WHERE { ${p} FILTER(?s <${'('.repeat(n)}1${')'.repeat(n)}) } LIMIT 3`,
      () => `SELECT * WHERE { ${p} ${'{| <urn:fuzz:q> ?o '.repeat(n)}${' |}'.repeat(n)} . } LIMIT 3`,
    ];
    return this.pick(kinds)();
  }

  sequence(): string {
    const n = this.size();
    const m = this.bgpSize();
    const p = this.pattern();
    const list = (item: (i: number) => string, separator = ' ', length = n) => Array.from({ length }, (_, i) => item(i)).join(separator);
    const kinds: Array<() => string> = [
      () => `SELECT * WHERE { ${p} ${`OPTIONAL { ${p} } `.repeat(n)}} LIMIT 3`,
      () => `SELECT * WHERE { ${p} ${`MINUS { ${p} } `.repeat(n)}} LIMIT 3`,
      () => `SELECT * WHERE { ${p} ${list((i) => `BIND(${i} AS ?v${i})`)} } LIMIT 3`,
      () => `SELECT * WHERE { ${p} ${list(() => 'FILTER(?o != 1)')} } LIMIT 3`,
      () => `SELECT * WHERE { ${list(() => `{ ${p} }`, ' UNION ')} } LIMIT 3`,
      () => `SELECT * WHERE { ${list((i) => `?s <urn:fuzz:p> ?o${i} .`, ' ', m)} }`,
      () => `SELECT * WHERE { ?s <urn:fuzz:p> ${list((i) => `?o${i}`, ', ', m)} }`,
      () => `SELECT (${list(() => '1', this.pick([' + ', ' * ', ' - ', '+']))} AS ?x) WHERE {}`,
      () => `SELECT * WHERE { ${p} FILTER(${list(() => '?o = 1', this.pick([' || ', ' && ']))}) } LIMIT 3`,
      () => `SELECT * WHERE { ?s ${list(() => '<urn:fuzz:p>', '/', m)} ?o } LIMIT 3`,
      () => `SELECT * WHERE { ?s ${list(() => '<urn:fuzz:p>', '|')} ?o } LIMIT 3`,
      () => `SELECT * WHERE { ${p} FILTER(?o IN (${list((i) => String(i), ', ')})) } LIMIT 3`,
      () => `SELECT * WHERE { ${p} VALUES ?v { ${list((i) => String(i))} } } LIMIT 3`,
      () => `SELECT ${list((i) => `(${i} AS ?v${i})`)} WHERE { ${p} } LIMIT 3`,
      () => `SELECT * WHERE { ${p} } ORDER BY ${list(() => '(?o + 1)')} LIMIT 3`,
      () => `DESCRIBE ${list((i) => `<urn:fuzz:r${i}>`)}`,
      () => `SELECT (CONCAT(${list(() => '"a"', ', ')}) AS ?x) WHERE {}`,
      () => `SELECT * WHERE { ?s <urn:fuzz:p> (${list((i) => String(i), ' ', m)}) }`,
    ];
    return this.pick(kinds)();
  }

  /** `levels` of nesting, each holding k elements: the tree is as deep as their sum. */
  combination(): string {
    const levels = this.int(2, 80);
    const k = this.int(2, 300);
    const p = this.pattern();
    const item = this.pick([`OPTIONAL { ${p} } `, `MINUS { ${p} } `, 'FILTER(true) ', 'BIND(1 AS ?b) ', `{ ${p} } UNION `]);
    let inner = p;
    for (let l = 0; l < levels; l++) {
      const items = item.repeat(k).replace(/UNION $/, '');
      const wrap = this.pick(['{ X }', 'OPTIONAL { X }', '{ SELECT * WHERE { X } }', 'FILTER EXISTS { X }']);
      inner = `${p} . ${wrap.replace('X', inner)} ${items}${item.startsWith('{') ? ` { ${p} }` : ''}`;
    }
    return `SELECT * WHERE { ${inner} } LIMIT 3`;
  }

  malformed(): string {
    const soup = '(){}[]<>"\'#\\.;,|/^!?*+-=&$@~:_ \n\tSELECTWHEREFILTERxyz0123';
    const kinds: Array<() => string> = [
      () => Array.from({ length: this.int(1, 2000) }, () => soup[this.int(0, soup.length - 1)]).join(''),
      () => this.pick(this.valid).slice(0, this.int(0, 200)),
      () => `SELECT * WHERE { ?s ?p """${'('.repeat(this.size())}`,
      () => `SELECT * WHERE { ?s ?p "${'\\'.repeat(this.int(1, 50))}q" }`,
      () => `SELECT * WHERE { ?s ?p ( """x" ${'('.repeat(this.size())}1${')'.repeat(this.int(0, 50))} "\\q""" ) }`,
      () => `SELECT * WHERE { ?s ?p <${'('.repeat(this.size())}> }`,
      () => `SELECT * WHERE { ?s ?p ?o FILTER(?o <${'#'.repeat(this.int(1, 3))} ${')'.repeat(this.int(1, 20))}\n${'('.repeat(this.size())}1) }`,
      () => `PREFIX ${'x'.repeat(this.int(1, 5000))}: <urn:x> SELECT * { ?s ?p ?o } LIMIT 1`,
      () => `${'<<'.repeat(this.size())}`,
      () => `SELECT * WHERE { ${'} { '.repeat(this.size())} }`,
      () => `ASK { FILTER${this.pick(['NOTEXISTS', 'EXISTS', 'ex:f', 'regex'])}${'{ '.repeat(this.size())} }`,
      () => `SELECT ${'?'.repeat(this.int(1, 5000))} WHERE {}`,
    ];
    return this.pick(kinds)();
  }

  literal(): string {
    const n = this.int(400_000, 520_000);
    const body = this.pick(['a', '(', '{', '"', '\\"', 'é', '\u{1F600}', ' ']);
    const text = body.repeat(Math.ceil(n / body.length)).slice(0, n);
    return this.pick([
      `SELECT * WHERE { ?s ?p """${text.replaceAll('"', 'x')}""" } LIMIT 1`,
      `SELECT * WHERE { ?s ?p "${text.replaceAll('"', 'x').replaceAll('\\', 'x')}" } LIMIT 1`,
      `SELECT * WHERE { ?s ?p <urn:x:${'a'.repeat(n)}> } LIMIT 1`,
      `SELECT * WHERE { ?s ?p ?o } LIMIT 1 # ${text}`,
      `SELECT ("${'x'.repeat(n)}" AS ?x) WHERE {}`,
    ]);
  }

  unicode(): string {
    const odd = ['\ud800', '\udfff', '\u202e', '\u200f', '\u0301'.repeat(this.int(1, 3000)), '\uffff', '\ufeff', '\u0000', '\u2028', '\u00a0', '\u{10ffff}', '\ufffd'];
    const base = this.pick(this.valid);
    let out = base;
    for (let i = this.int(1, 6); i > 0; i--) {
      const at = this.int(0, out.length);
      out = out.slice(0, at) + this.pick(odd) + out.slice(at);
    }
    return this.pick([out, `${this.pick(odd)}${base}`, `SELECT ?${this.pick(odd)}x WHERE { ?s ?p "${this.pick(odd)}" } LIMIT 1`]);
  }

  /** Raw bytes: NUL, invalid UTF-8 (bare continuation bytes, overlong forms, encoded surrogates). */
  bytes(): Buffer {
    const base = Buffer.from(this.pick(this.valid), 'utf8');
    const junk = [[0x00], [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x80]];
    const parts: Buffer[] = [];
    let at = 0;
    for (let i = this.int(1, 5); i > 0; i--) {
      const next = this.int(at, base.length);
      parts.push(base.subarray(at, next), Buffer.from(this.pick(junk)));
      at = next;
    }
    parts.push(base.subarray(at));
    return Buffer.concat(parts);
  }

  /** A valid query with random edits: replaced, inserted, deleted and repeated pieces. */
  mutation(): string {
    let q = this.pick(this.valid);
    const spicy = ['(', ')', '{', '}', '[', ']', '<', '>', '"', "'", '"""', "'''", '#', '\\', '.', ';', ',', '|', '/', '^', '!', '?', '*', '+', '=',
      '&&', '||', '<<', '>>', ' OPTIONAL { ', ' FILTER(', ' UNION ', ' SELECT * WHERE { ', ' EXISTS { ', ' NOT ', ' IN (', ' VALUES ?v { ',
      ' BIND(', ' AS ?z ', ' GRAPH ?g { ', ' MINUS { ', ' LATERAL { ', ' SERVICE <urn:x> { ', '\n', '\u0000'];
    for (let i = this.int(1, 8); i > 0 && q.length > 0; i--) {
      const at = this.int(0, q.length - 1);
      switch (this.int(0, 4)) {
        case 0: q = q.slice(0, at) + this.pick(spicy) + q.slice(at + 1); break;
        case 1: q = q.slice(0, at) + this.pick(spicy) + q.slice(at); break;
        case 2: q = q.slice(0, at) + q.slice(at + this.int(1, 20)); break;
        case 3: { // repeat a piece, the way nesting and sequences grow
          const piece = q.slice(at, at + this.int(1, 30));
          q = q.slice(0, at) + piece.repeat(this.chance(0.5) ? this.int(2, 40) : this.int(40, 4000)) + q.slice(at);
          break;
        }
        default: { // wrap a piece in brackets, many times
          const end = this.int(at, q.length);
          const [open, close] = this.pick([['(', ')'], ['{ ', ' }'], ['[ ', ' ]'], ['<< ', ' >>']] as const);
          const times = this.size();
          q = q.slice(0, at) + open.repeat(times) + q.slice(at, end) + close.repeat(times) + q.slice(end);
        }
      }
    }
    return q;
  }

  next(): Case {
    const kind = this.pick(['nesting', 'nesting', 'sequence', 'sequence', 'combination', 'malformed', 'literal', 'unicode', 'bytes',
      'mutation', 'mutation', 'mutation', 'mutation']);
    const query: string | Buffer = kind === 'nesting' ? this.nesting()
      : kind === 'sequence' ? this.sequence()
        : kind === 'combination' ? this.combination()
          : kind === 'malformed' ? this.malformed()
            : kind === 'literal' ? this.literal()
              : kind === 'unicode' ? this.unicode()
                : kind === 'bytes' ? this.bytes()
                  : this.mutation();
    // GET only while the URL stays under Node's limit on request heads.
    const methods: Method[] = percentEncode(query).length < MAX_URL ? ['GET', 'form', 'sparql-query'] : ['form', 'sparql-query'];
    // Mostly */* (a type the query form cannot produce is a 406 before the engine runs).
    const accept = this.chance(0.7) ? '*/*'
      : this.pick(['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/turtle', 'application/ld+json']);
    return { kind, method: this.pick(methods), query, accept };
  }
}

/** Valid queries to mutate: our named queries, the W3C positive queries, and a few of our own. */
function validQueries(): string[] {
  const dir = join(ROOT, 'queries');
  return [
    ...readdirSync(dir).filter((f) => f.endsWith('.rq')).map((f) => readFileSync(join(dir, f), 'utf8')),
    ...w3cQueries('sparql11', 'positive').map((q) => q.text),
    `SELECT (COUNT(?p) AS ?n) WHERE { ?p a <${PRACTICE}> }`,
    `CONSTRUCT { ?p ?q ?o } WHERE { ?p a <${PRACTICE}> ; ?q ?o } LIMIT 20`,
    `ASK { ?p a <${PRACTICE}> FILTER(STRLEN(STR(?p)) > 3 && (1 + 2) * 3 = 9 || !BOUND(?x)) }`,
    `SELECT * WHERE { ?p a <${PRACTICE}> OPTIONAL { ?p ?q ?o FILTER(isLiteral(?o)) } } LIMIT 10`,
  ];
}

describe('(b) generated deep, wide and malformed queries, then (c) every worker still answers', () => {
  const histogram = new Map<string, number>();
  let ran = 0;

  it('get a 2xx or a 4xx in the error shape, never a 5xx or a dropped connection', async () => {
    const generator = new Generator(SEED, validQueries());
    const problems: string[] = [];
    const started = performance.now();
    console.log(`fuzz: seed ${SEED} (set SEGRAPH_FUZZ_SEED to change it), ${MAX_CASES} cases (SEGRAPH_FUZZ_CASES), at most ${BUDGET_MS / 1000} s`);
    while (performance.now() - started < BUDGET_MS && ran < MAX_CASES && problems.length < 5) {
      const batch = Array.from({ length: CONCURRENCY }, () => generator.next());
      const outcomes = await Promise.all(batch.map((c) => send(c)));
      outcomes.forEach((outcome, i) => {
        const key = `${outcome.status}${outcome.code ? ` ${outcome.code}` : ''}`;
        histogram.set(key, (histogram.get(key) ?? 0) + 1);
        if (outcome.problem) problems.push(`${outcome.problem}\n    case: ${describeCase(batch[i]!)}`);
      });
      ran += batch.length;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`fuzz: ${ran} cases in ${seconds} s${ran < MAX_CASES && problems.length < 5 ? ' (stopped by SEGRAPH_FUZZ_MS)' : ''}; answers: ${[...histogram].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`);
    expect(problems, problems.join('\n')).toEqual([]);
    expect(ran).toBeGreaterThan(100);
    expect(server.errors).toEqual([]);
  }, BUDGET_MS + 60_000);

  it('(c) a known query, sent concurrently with distinct comments so that every worker gets some, answers 18 each time', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      const query = `# fuzz check ${SEED} ${i}\nSELECT (COUNT(?p) AS ?n) WHERE { ?p a <${PRACTICE}> }`;
      const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      expect(res.headers.get('segraph-cache')).toBe('miss');
      return Number((JSON.parse(text) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0]!.n.value);
    }));
    expect(answers).toEqual(Array(12).fill(18));
    expect(server.engine.workersReplaced, 'workers replaced during the run (deadlines or crashes)').toBe(0);
  }, 60_000);
});
