/**
 * One row per practice: every named question (queries/*.rq) and every SPARQL example of the
 * README that lists practices gives each practice at most once, over the seed graph. A practice
 * with two English names (CUS Drobin's skos:prefLabel and skos:altLabel, both an rdfs:label), or
 * a triple stated in two graphs, must not make it two rows.
 *
 * The named questions are asked with their defaults, each header example, and each allowed value
 * of each parameter on its own; the README's queries are read from its code blocks.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNamedQueries, type NamedQuery } from '../../src/api/named-query.js';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let queries: readonly NamedQuery[];
beforeAll(async () => {
  server = await startTestServer();
  ({ queries } = await loadNamedQueries(join(ROOT, 'queries')));
}, 180_000);
afterAll(async () => server?.close());

/**
 * What one row of each question is about: no two rows may share it. A question listing practices
 * has one row per practice; the others one per their own key. A new question must say here.
 */
const ROW_KEY: Record<string, readonly string[]> = {
  'practices-by-fund-and-typology': ['practice'],
  'practices-by-organisation-kind': ['practice'],
  'practices-by-topic': ['practice'],
  'practices-running-on': ['practice'],
  'practices-to-learn-from': ['practice'],
  'region-profile': ['practice'],
  'cross-sector-partnerships': ['initiative'],
  'funding-totals': ['group'],
  'initiative-network': ['initiative', 'connection', 'thing'],
};

/** A question as /api/queries lists it: a string parameter's values are strings, an IRI parameter's objects. */
interface Listed { name: string; parameters: Array<{ name: string; type: string; values?: Array<string | { value: string }> }> }

/** The calls to make of a question: defaults, the header examples, each allowed value alone. */
function callsOf(query: NamedQuery, listed: Listed): Array<Record<string, string>> {
  const required = query.parameters.filter((p) => p.required).map((p) => p.name);
  const base = query.examples.find((e) => required.every((r) => r in e)) ?? {};
  const needed = Object.fromEntries(required.map((r) => [r, base[r]!]));
  const calls: Array<Record<string, string>> = [];
  if (required.length === 0) calls.push({});
  calls.push(...query.examples);
  for (const p of listed.parameters) {
    const values = p.type === 'boolean' ? ['true', 'false'] : (p.values ?? []).map((v) => (typeof v === 'string' ? v : v.value));
    for (const value of values) calls.push({ ...needed, [p.name]: value });
  }
  return calls;
}

/** The keys that occur in more than one row. */
function repeated(rows: ReadonlyArray<Record<string, unknown>>, key: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const cell = (v: unknown) => (v && typeof v === 'object' && 'id' in v ? String((v as { id: unknown }).id) : JSON.stringify(v));
  for (const row of rows) {
    const k = key.map((c) => cell(row[c])).join(' ');
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} (${n} rows)`);
}

describe('the named questions', () => {
  it('each says what one of its rows is about; those about practices, one row per practice', () => {
    expect(Object.keys(ROW_KEY).sort()).toEqual(queries.map((q) => q.name).sort());
    for (const q of queries) {
      if (q.subject === 'practice') expect(ROW_KEY[q.name], q.name).toEqual(['practice']);
      for (const column of ROW_KEY[q.name]!) expect(q.columns.map((c) => c.name), q.name).toContain(column);
    }
  });

  it('give no practice (nor other row key) twice, whatever the parameters', async () => {
    const { queries: listed } = await (await fetch(`${server.url}api/queries`)).json() as { queries: Listed[] };
    let calls = 0;
    let practiceRows = 0;
    const problems: string[] = [];
    for (const query of queries) {
      const listing = listed.find((l) => l.name === query.name)!;
      for (const params of callsOf(query, listing)) {
        const search = new URLSearchParams({ ...params, limit: '1000' });
        const res = await fetch(`${server.url}api/queries/${query.name}?${search}`);
        expect(res.status, `${query.name}?${search}`).toBe(200);
        const body = await res.json() as { total: number; results: Array<Record<string, unknown>> };
        expect(body.results.length, `${query.name}?${search}: every row on one page`).toBe(body.total);
        calls++;
        if (ROW_KEY[query.name]![0] === 'practice') practiceRows += body.results.length;
        const twice = repeated(body.results, ROW_KEY[query.name]!);
        if (twice.length) problems.push(`${query.name}?${search}: ${twice.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(100);
    expect(practiceRows).toBeGreaterThan(100);
  }, 120_000);
});

/** The SPARQL queries in README.md: its ```sparql blocks, and `query='…'` in its shell examples. */
async function readmeQueries(): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const found: string[] = [];
  for (const [, lang, body] of readme.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    if (lang === 'sparql') found.push(body!);
    if (lang === 'sh') for (const [, query] of body!.matchAll(/query='([^']*)'/g)) found.push(query!);
  }
  return found;
}

describe('the README\'s SPARQL examples', () => {
  it('give each practice once', async () => {
    const examples = (await readmeQueries()).filter((q) => /\bSELECT\b[^{]*\?practice\b/i.test(q));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const query of examples) {
      const res = await fetch(server.endpoint, {
        method: 'POST', body: query, headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
      });
      expect(res.status, query).toBe(200);
      const json = await res.json() as { results: { bindings: Array<Record<string, { value: string }>> } };
      const practices = json.results.bindings.map((b) => b['practice']!.value);
      expect(practices.length, query).toBeGreaterThan(0);
      expect(practices.filter((p, i) => practices.indexOf(p) !== i), query).toEqual([]);
    }
  });

  it('include the ESF-in-rural-regions example, which names CUS Drobin once, by its preferred English name', async () => {
    const [first] = (await readmeQueries()).filter((q) => q.includes('?name'));
    const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(first!)}`, { headers: { accept: 'application/sparql-results+json' } });
    const json = await res.json() as { results: { bindings: Array<Record<string, { value: string }>> } };
    const drobin = json.results.bindings.filter((b) => b['practice']!.value === 'https://w3id.org/segraph/id/practice/cus-drobin');
    expect(drobin.map((b) => b['name']!.value)).toEqual(['Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin']);
  });
});
