/**
 * The question API (/api/queries/{name}) over a real Virtuoso (test/helpers/store.ts) answers as
 * over the embedded engine: for every question in queries/*.rq, with the parameter values the
 * question tests use (test/api/questions-*.test.ts) and the examples of its header, the same
 * JSON answer — the same rows in the same order (every question orders its rows), the same
 * total. A question that is not covered here fails the test, so a new one cannot be forgotten.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/query/engine.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testStore } from '../helpers/store.js';
import { ROOT } from '../helpers/project.js';

const store = await testStore();
if ('skip' in store) console.warn(`test/store/questions.test.ts skipped: ${store.skip}`);
const endpoint = 'skip' in store ? '' : store.endpoint;

type Params = Record<string, string>;

/** Representative parameter sets per question: its defaults ({}) and those of its tests. */
const CASES: Readonly<Record<string, readonly Params[]>> = {
  'cross-sector-partnerships': [
    {}, { crossing: 'sector' }, { crossing: 'border' }, { crossing: 'border', minCountries: '10' },
    { crossing: 'sector', minSectors: '3' }, { crossing: 'sector', minSectors: '3', country: 'POL,LVA' },
    { country: 'BGR' },
  ],
  'funding-totals': [
    {}, { groupBy: 'fund' }, { groupBy: 'country' }, { groupBy: 'programme' }, { groupBy: 'programme', country: 'POL' },
    { groupBy: 'country', fund: 'esf' }, { fund: 'rrf' },
  ],
  'initiative-network': [
    {}, { initiative: 'secon' }, { initiative: 'eser' }, { initiative: 'secon,eser', connection: 'lead-partner,partner' },
    { initiative: 'eser', connection: 'practice-implementer,practice-partner,related,activity' },
    { initiative: 'id:practice/freiraeume' },
  ],
  'practices-by-fund-and-typology': [{}, { fund: 'esf', successors: 'true' }, { typology: 'predominantly-rural' }],
  'practices-by-organisation-kind': [
    {}, { kind: 'public-body' }, { kind: 'local-authority' }, { kind: 'ngo' }, { kind: 'ngo', country: 'LVA' },
    { country: 'BEL' },
  ],
  'practices-by-topic': [
    {}, { targetGroup: 'people-with-disabilities' }, { theme: 'circular-economy' }, { sdg: '12', country: 'GRC,ROU' },
    { sdg: '8', country: 'POL' }, { theme: 'care-services', targetGroup: 'older-people' },
  ],
  'practices-running-on': [
    {}, { date: '2024-01-31' }, { date: '2024-01-31', running: 'true' }, { running: 'false' },
    { date: '2023-04-01' }, { date: '2023-04-01', running: 'false' }, { date: '2026-01-01', running: 'true', country: 'DEU,BEL' },
    { date: '2012-01-01', running: 'true' },
  ],
  'practices-to-learn-from': [
    {}, { region: 'PL923' }, { region: 'RO124' }, { typology: 'predominantly-rural', targetGroup: 'older-people', country: 'POL' },
    { targetGroup: 'people-at-risk-of-social-exclusion', country: 'PRT' }, { typology: 'semi-rural' },
  ],
  'region-profile': [
    { region: 'PL92' }, { region: 'PL923' }, { region: 'RO124' }, { region: 'ES432' }, { region: 'ES432', wider: 'true' },
    { region: 'id:place/mazowieckie' }, { region: 'country:POL' }, { region: 'BE24' }, { region: 'PL' },
    { region: 'PL92', wider: 'true' },
  ],
};

/**
 * An answer with the order within each cell's list left out, which no question promises (both
 * engines concatenate a group's values in the order they meet them): the items of an iri-list
 * column and the parts of funding-totals' amounts, sorted. The order of the rows is kept.
 */
function normalised(answer: { status: number; body: unknown }): unknown {
  const body = answer.body as { results?: Array<Record<string, unknown>> };
  if (!Array.isArray(body.results)) return answer;
  const results = body.results.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k,
    Array.isArray(v) ? v.map((x) => JSON.stringify(x)).sort()
      : k === 'amounts' && typeof v === 'string' ? v.split('; ').sort().join('; ') : v])));
  return { ...answer, body: { ...body, results } };
}

const QUESTIONS = readdirSync(join(ROOT, 'queries')).filter((f) => f.endsWith('.rq')).map((f) => f.replace(/\.rq$/, '')).sort();

afterAll(async () => {
  if (!('skip' in store)) await store.close();
});

it('covers every question of queries/', () => {
  expect(Object.keys(CASES).sort()).toEqual(QUESTIONS);
});

describe.skipIf('skip' in store)('the question API over Virtuoso', () => {
  let remote: TestServer<Engine>;
  let embedded: TestServer<Engine>;

  beforeAll(async () => {
    [remote, embedded] = await Promise.all([startTestServer({ store: endpoint }), startTestServer()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([remote?.close(), embedded?.close()]);
  });

  for (const name of QUESTIONS) {
    it(`${name}: the same answers as the embedded engine`, async () => {
      for (const params of CASES[name] ?? []) {
        const path = `api/queries/${name}?${new URLSearchParams(params)}`;
        const [a, b] = await Promise.all([remote, embedded].map(async (s) => {
          const res = await fetch(`${s.url}${path}`);
          const body = await res.json() as unknown;
          return { status: res.status, body };
        }));
        // A refused parameter (typology=semi-rural is no type of the graph) is the same 400 on both.
        expect(b!.status, `${path} (embedded)`).toBeLessThan(500);
        expect(normalised(a!), path).toEqual(normalised(b!));
      }
    }, 60_000);
  }
});
