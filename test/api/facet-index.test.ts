/**
 * The facet index (src/api/facets.ts FacetIndex, bitsets intersected per request) counts
 * exactly as a plain loop over the practices does — the counting /api/facets did before the
 * index — on random filter combinations, search-text restrictions and pages: over the seed
 * graph's facet table, and over a random table of a few hundred practices (so that the bitsets
 * span many words and the ends of words are crossed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, facetBranchQueries, FacetIndex, shortOf, type FacetCounts, type FacetPage, type FacetTable, type FacetValueCount } from '../../src/api/facets.js';
import { staticQuery } from '../../src/query/static-query.js';
import { buildSeedGraph, type SeedGraph } from '../helpers/seed-graph.js';

/** The counting of src/api/facets.ts before the index: a loop over every practice per dimension. */
function naiveCounts(table: FacetTable, filters: ReadonlyMap<string, ReadonlySet<string>>, within?: ReadonlySet<string>, page?: FacetPage): FacetCounts {
  const passes = (values: ReadonlyMap<string, ReadonlySet<string>>, except?: string) => {
    for (const [dimension, wanted] of filters) {
      if (dimension === except) continue;
      const has = values.get(dimension);
      if (!has || ![...wanted].some((w) => has.has(w))) return false;
    }
    return true;
  };
  const candidates = [...table].filter(([practice]) => !within || within.has(practice));
  const facets: Record<string, FacetValueCount[]> = {};
  for (const dimension of DIMENSIONS) {
    const counts = new Map<string, number>();
    for (const [, values] of candidates) {
      if (!passes(values, dimension.name)) continue;
      for (const v of values.get(dimension.name) ?? []) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const selected = filters.get(dimension.name) ?? new Set<string>();
    for (const s of selected) if (!counts.has(s)) counts.set(s, 0);
    facets[dimension.name] = [...counts]
      .map(([id, count]) => ({ value: shortOf(dimension, id), id, count, selected: selected.has(id) }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  const practices = candidates.filter(([, values]) => passes(values)).map(([p]) => p).sort();
  return { total: practices.length, practices: page ? practices.slice(page.offset, page.offset + page.limit) : practices, facets };
}

/** A deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)]! };
}

/** Random filters over the values the table has, a random search restriction and page. */
function randomCase(table: FacetTable, seed: number) {
  const r = rng(seed);
  const known = new Map<string, string[]>();
  for (const values of table.values()) {
    for (const [d, vs] of values) known.set(d, [...new Set([...(known.get(d) ?? []), ...vs])]);
  }
  const filters = new Map<string, Set<string>>();
  const dimensions = [...known.keys()];
  const howMany = r.int(4); // 0–3 filtered dimensions
  for (let k = 0; k < howMany; k++) {
    const d = r.pick(dimensions);
    const set = filters.get(d) ?? new Set<string>();
    for (let j = 0; j <= r.int(2); j++) set.add(r.pick(known.get(d)!));
    filters.set(d, set);
  }
  const practices = [...table.keys()];
  // A search text's matches: some practices, and IRIs that are not practices (as a search finds organisations too).
  const within = r.next() < 0.3 ? new Set([...practices.filter(() => r.next() < 0.4), 'https://example.org/not-a-practice']) : undefined;
  const page = r.next() < 0.5 ? { limit: 1 + r.int(40), offset: r.int(Math.max(1, practices.length)) } : undefined;
  return { filters, within, page };
}

function expectSame(table: FacetTable, index: FacetIndex, seed: number) {
  const { filters, within, page } = randomCase(table, seed);
  const got = index.counts(filters, within, page);
  const want = naiveCounts(table, filters, within, page);
  expect(got, `seed ${seed}: filters ${JSON.stringify([...filters].map(([d, s]) => [d, [...s]]))}, within ${within?.size ?? '–'}, page ${JSON.stringify(page)}`).toEqual(want);
}

describe('FacetIndex over the seed graph', () => {
  let seed: SeedGraph;
  let table: Map<string, Map<string, Set<string>>>;

  beforeAll(async () => {
    seed = await buildSeedGraph();
    table = new Map();
    for (const row of seed.select(staticQuery('practices'))) table.set(row['practice']!, new Map());
    for (const row of seed.select(staticQuery('facets'))) {
      const byDimension = table.get(row['practice']!);
      if (!byDimension) continue;
      let values = byDimension.get(row['dimension']!);
      if (!values) byDimension.set(row['dimension']!, (values = new Set()));
      values.add(row['value']!);
    }
  }, 60_000);
  afterAll(() => seed?.close());

  it('has the seed graph\'s practices and values of every dimension', () => {
    expect(table.size).toBeGreaterThanOrEqual(18);
    const index = new FacetIndex(table);
    for (const d of DIMENSIONS) expect(index.values.get(d.name)?.size ?? 0, d.name).toBeGreaterThan(0);
  });

  it('the facet query run one UNION branch at a time gives the same rows', () => {
    const rows = (query: string) => seed.select(query).map((r) => `${r['practice']} ${r['dimension']} ${r['value']}`);
    const branches = facetBranchQueries();
    expect(branches.length).toBe(DIMENSIONS.length);
    expect(branches.flatMap(rows).sort()).toEqual(rows(staticQuery('facets')).sort());
  });

  it('without filters, every value counts the practices that have it', () => {
    expect(new FacetIndex(table).counts(new Map())).toEqual(naiveCounts(table, new Map()));
  });

  it('counts as a loop over the practices does, on 500 random filter combinations', () => {
    const index = new FacetIndex(table);
    for (let s = 1; s <= 500; s++) expectSame(table, index, s);
  });
});

describe('FacetIndex over a random table of 777 practices', () => {
  // 777 practices: 25 words, the last one partly used.
  const r = rng(20261206);
  const table = new Map<string, Map<string, Set<string>>>();
  for (let i = 0; i < 777; i++) {
    const byDimension = new Map<string, Set<string>>();
    for (const d of DIMENSIONS) {
      if (r.next() < 0.15) continue; // some practices lack a dimension
      const values = new Set<string>();
      const n = 1 + r.int(3);
      for (let k = 0; k < n; k++) values.add(`${d.namespace}v${r.int(d.name === 'programme' ? 40 : 9)}`);
      byDimension.set(d.name, values);
    }
    table.set(`https://w3id.org/segraph/id/practice/p${String(r.int(1e6)).padStart(6, '0')}-${i}`, byDimension);
  }
  const index = new FacetIndex(table);

  it('numbers the practices in IRI order across words', () => {
    expect(index.words).toBe(Math.ceil(table.size / 32));
    expect(index.counts(new Map(), undefined, { limit: 1000, offset: 0 }).practices).toEqual([...table.keys()].sort());
  });

  it('counts as a loop over the practices does, on 300 random filter combinations', () => {
    for (let s = 1; s <= 300; s++) expectSame(table, index, s);
  });

  it('a page past the end is empty and still counts them all', () => {
    const all = index.counts(new Map());
    const past = index.counts(new Map(), undefined, { limit: 50, offset: 10_000 });
    expect(past.practices).toEqual([]);
    expect(past.total).toBe(all.total);
    expect(past.facets).toEqual(all.facets);
  });
});
