/**
 * Full-text search over the seed graph: the index `segraph build` writes into the snapshot, then
 * queries as people type them — without diacritics, in any case, a word prefix, two words — with
 * names ranked above descriptions, the type and country filters, and a deterministic build.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUpToDate } from '../../src/graph/build.js';
import type { Manifest } from '../../src/graph/snapshot.js';
import { SEARCH_INDEX_FILE, SEARCH_TYPES, type SearchType } from '../../src/graph/search-index.js';
import { countryIri, ParameterError } from '../../src/api/parameters.js';
import { SearchIndex, type SearchHit } from '../../src/search/search.js';
import { EU_COUNTRY, ID, NUTS_CODE } from '../../src/vocab/namespace.js';
import { ROOT } from '../helpers/project.js';
import { seedSnapshot } from '../helpers/seed-snapshot.js';

const DARJIU_PRACTICE = ID('practice/darjiu-equestrian-centre');
const CUS_PRACTICE = ID('practice/cus-drobin');
const ALL = { limit: 1000, offset: 0 };

describe('search over the seed graph', () => {
  let snapshotDir: string;
  let manifest: Manifest;
  let index: SearchIndex;
  const iris = (hits: readonly SearchHit[]) => hits.map((h) => h.iri);

  beforeAll(async () => {
    const built = await seedSnapshot();
    ({ manifest } = built);
    snapshotDir = built.paths.dir;
    index = await SearchIndex.load(snapshotDir, manifest);
  });

  it('writes search-index.json into the snapshot and records it in the manifest', async () => {
    const bytes = await readFile(join(snapshotDir, SEARCH_INDEX_FILE));
    expect(manifest.search).toEqual({
      file: SEARCH_INDEX_FILE, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), documents: index.documentCount,
    });
    // 18 practices, plus organisations, places, programmes, funds, concepts and SDGs.
    expect(index.documentCount).toBeGreaterThan(250);
    // A snapshot whose manifest predates the search index is rebuilt once.
    expect(await isUpToDate(ROOT, manifest)).toBe(true);
    const { search: _search, ...older } = manifest;
    expect(await isUpToDate(ROOT, older)).toBe(false);
  });

  it('finds the practice in Dârjiu first for "Darjiu", without the circumflex', () => {
    const { hits, match } = index.search('Darjiu', { limit: 5, offset: 0 });
    expect(match).toBe('all');
    expect(hits[0]?.iri).toBe(DARJIU_PRACTICE);
    expect(hits[0]).toMatchObject({ type: 'practice', label: 'Equestrian centre for connecting generations in Dârjiu', countries: [EU_COUNTRY('ROU')] });
    // The village is found too, by its Romanian name and by its Hungarian one.
    expect(iris(hits)).toContain(ID('place/darjiu'));
    expect(iris(index.search('szekelyderzs', ALL).hits)).toEqual([ID('place/darjiu')]);
  });

  it('ignores case and diacritics: "DARJIU", "dârjiu" and "Darjiu" give the same answer', () => {
    const answer = index.search('Darjiu', ALL);
    expect(answer.total).toBeGreaterThan(0);
    expect(index.search('DARJIU', ALL)).toEqual(answer);
    expect(index.search('dârjiu', ALL)).toEqual(answer);
    expect(index.search('DÂRJIU', ALL)).toEqual(answer);
  });

  it('finds the CUS Drobin practice by its Polish name typed without ł', () => {
    const { hits } = index.search('uslug', ALL);
    expect(iris(hits)).toContain(CUS_PRACTICE);
    const practices = index.search('uslug', { ...ALL, types: ['practice'] }).hits;
    expect(practices[0]?.iri).toBe(CUS_PRACTICE);
    expect(practices[0]?.names).toContainEqual({ value: 'Centrum Usług Środowiskowych', language: 'pl' });
    expect(index.search('Centrum Usług Środowiskowych', { ...ALL, types: ['practice'] }).hits[0]?.iri).toBe(CUS_PRACTICE);
  });

  it('matches a word by its beginning, and every word of the query', () => {
    const social = index.search('social', ALL);
    const coop = index.search('social coop', ALL);
    expect(coop.match).toBe('all');
    expect(iris(coop.hits)).toContain(CUS_PRACTICE);
    expect(coop.total).toBeGreaterThan(0);
    expect(coop.total).toBeLessThan(social.total);
    // Every hit of the two words is a hit of the first one alone.
    const socialIris = new Set(iris(social.hits));
    for (const hit of coop.hits) expect(socialIris.has(hit.iri), hit.iri).toBe(true);
  });

  it('allows a typo in a long word', () => {
    expect(index.search('equestrain', ALL).hits[0]?.iri).toBe(DARJIU_PRACTICE);
  });

  it('falls back to any word only when no resource has them all', () => {
    const answer = index.search('equestrian qqqzzz', ALL);
    expect(answer.match).toBe('any');
    expect(answer.hits[0]?.iri).toBe(DARJIU_PRACTICE);
    expect(index.search('qqqzzz', ALL)).toEqual({ total: 0, match: 'all', hits: [] });
  });

  it('ranks a match in the name above a match in the description only', () => {
    // The Exino Association is named "Exino"; the Dârjiu practice only mentions it in its description.
    const hits = iris(index.search('Exino', ALL).hits);
    expect(hits[0]).toBe(ID('organisation/exino-association'));
    expect(hits).toContain(DARJIU_PRACTICE);
    // And the other way round: the practice named "equestrian" above an organisation whose description says it.
    const equestrian = iris(index.search('equestrian', ALL).hits);
    expect(equestrian[0]).toBe(DARJIU_PRACTICE);
    expect(equestrian.indexOf(ID('organisation/asimcov'))).toBeGreaterThan(0);
    // Cases where the description-only match would win on text alone (it says the word more often):
    // Vilvoorde's description mentions Brussels; the Consejería's mentions the Junta de Extremadura.
    const brussels = iris(index.search('Brussels', ALL).hits);
    expect(brussels[0]).toBe(ID('place/brussels'));
    expect(brussels.indexOf(ID('place/vilvoorde'))).toBeGreaterThan(0);
    const junta = iris(index.search('junta', ALL).hits);
    expect(junta).toEqual([ID('organisation/junta-de-extremadura'), ID('organisation/consejeria-agricultura-extremadura')]);
  });

  it('indexes every kind of resource, and not the countries', () => {
    const firstOf = (q: string, type: SearchType) => index.search(q, { limit: 1, offset: 0, types: [type] }).hits[0]?.iri;
    expect(firstOf('Kanthaka', 'organisation')).toBe(ID('organisation/kanthaka-association'));
    expect(firstOf('European Social Economy Regions', 'initiative')).toBe(ID('initiative/eser'));
    expect(firstOf('human capital 2007', 'programme')).toBe(ID('programme/pl-op-human-capital-2007-2013'));
    expect(firstOf('Europäischer Sozialfonds', 'fund')).toBe(ID('fund/esf'));
    expect(firstOf('disabilities', 'target-group')).toBe(ID('target-group/people-with-disabilities'));
    expect(firstOf('poverty', 'theme')).toBe(ID('theme/poverty-reduction'));
    expect(firstOf('poverty', 'sdg')).toMatch(/\/sdg\/1$/);
    expect(firstOf('Mazowiecki regionalny', 'place')).toBe(NUTS_CODE('PL92'));
    for (const type of SEARCH_TYPES) expect(index.matchingIris('e', { types: [type] }).size, type).toBeGreaterThan(0);
    expect(iris(index.search('Polska', ALL).hits)).not.toContain(EU_COUNTRY('POL'));
  });

  it('gives a practice its countries and NUTS regions', () => {
    const hit = index.search('Darjiu', { limit: 1, offset: 0, types: ['practice'] }).hits[0];
    expect(hit?.countries).toEqual([EU_COUNTRY('ROU')]);
    expect(hit?.nutsRegions?.length).toBeGreaterThan(0);
    for (const nuts of hit?.nutsRegions ?? []) expect(nuts.startsWith(NUTS_CODE('RO'))).toBe(true);
  });

  it('filters by type', () => {
    const all = index.search('drobin', ALL);
    expect(new Set(all.hits.map((h) => h.type)).size).toBeGreaterThan(1);
    const practices = index.search('drobin', { ...ALL, types: ['practice'] });
    expect(practices.hits.length).toBeGreaterThan(0);
    expect(practices.hits.every((h) => h.type === 'practice')).toBe(true);
    const two = index.search('drobin', { ...ALL, types: ['practice', 'place'] });
    expect(two.total).toBe(all.hits.filter((h) => h.type === 'practice' || h.type === 'place').length);
  });

  it('filters by country, given as an EU authority IRI or as a 3-letter code', () => {
    const polish = index.search('social', { ...ALL, countries: [EU_COUNTRY('POL')] });
    expect(polish.total).toBeGreaterThan(0);
    expect(polish.hits.every((h) => h.countries.includes(EU_COUNTRY('POL')))).toBe(true);
    expect(iris(polish.hits)).toContain(CUS_PRACTICE);
    expect(index.search('social', { ...ALL, countries: [countryIri('pol')] })).toEqual(polish);
    expect(index.search('social', { ...ALL, countries: [countryIri(EU_COUNTRY('POL'))] })).toEqual(polish);
    const two = index.search('social', { ...ALL, countries: [EU_COUNTRY('POL'), EU_COUNTRY('ROU')] });
    expect(two.total).toBeGreaterThan(polish.total);
    expect(index.search('Darjiu', { ...ALL, countries: [EU_COUNTRY('POL')] }).hits.map((h) => h.iri)).not.toContain(DARJIU_PRACTICE);
    expect(() => countryIri('Poland')).toThrow(ParameterError);
  });

  it('pages through the ranked hits with limit and offset, in a stable order', () => {
    const all = index.search('social', ALL);
    const page = index.search('social', { limit: 5, offset: 5 });
    expect(page.total).toBe(all.total);
    expect(page.hits).toEqual(all.hits.slice(5, 10));
    for (let i = 1; i < all.hits.length; i++) expect(all.hits[i - 1]!.score).toBeGreaterThanOrEqual(all.hits[i]!.score);
    expect(index.search('social', { limit: 5, offset: all.total }).hits).toEqual([]);
  });

  it('gives facets the set of matching practice IRIs', () => {
    const set = index.matchingIris('uslug', { types: ['practice'] });
    expect(set).toEqual(new Set([CUS_PRACTICE]));
    expect(index.matchingIris('social coop').size).toBe(index.search('social coop', ALL).total);
  });

  // That a rebuild writes the same index bytes is checked in test/graph/snapshot.test.ts.

  it('refuses an index file that does not match its manifest', async () => {
    await expect(SearchIndex.load(snapshotDir, { ...manifest, search: { ...manifest.search!, sha256: '0'.repeat(64) } })).rejects.toThrow(/does not match/);
  });
});
