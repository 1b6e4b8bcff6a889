/**
 * Full-text search over the index built with the snapshot (src/graph/search-index.ts).
 *
 * Every word of the query must match (AND), as a prefix ("coop" finds "cooperative") and, for
 * words of 5 letters or more, with one typo in five letters allowed. Only when no resource matches
 * every word does the search fall back to any word (OR), so that a query with one stray word still
 * finds something; `match` in the result says which was used. Results are ranked by MiniSearch's
 * BM25 score, with names weighing far more than summaries and summaries more than descriptions
 * and practices — what the dataset is about — weighing half as much again as other resources (so
 * "Darjiu" finds the practice in Dârjiu before the village itself); ties are ordered by label,
 * then IRI, so that the same query always gives the same page.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type SearchOptions as MiniSearchOptions, type SearchResult as MiniSearchResult } from 'minisearch';
import { INDEX_OPTIONS, type SearchDocument, type SearchIndexFile, type SearchType } from '../graph/search-index.js';

/** What the search needs of a snapshot's manifest (src/graph/snapshot.ts's `Manifest` is one): its version and the index file it records. */
export interface IndexedManifest {
  readonly version: string;
  readonly search?: SearchIndexFile;
}
import { fold, foldedTerms } from '../graph/fold.js';

/** Results per page of /api/search: by default, and at most. */
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 100;

/** What the index stores of a resource, shown with each hit. */
type Stored = Pick<SearchDocument, 'type' | 'label' | 'names' | 'countries' | 'nutsRegions'>;

export interface SearchHit extends Stored {
  readonly iri: string;
  /** MiniSearch's relevance score, rounded to 3 decimals. */
  readonly score: number;
}

export interface SearchResult {
  /** How many resources match (before limit and offset). */
  readonly total: number;
  /** 'all': every word matched; 'any': nothing matched every word, so resources matching any word. */
  readonly match: 'all' | 'any';
  readonly hits: readonly SearchHit[];
}

export interface SearchFilters {
  /** Short type keys; none means every type. */
  readonly types?: readonly SearchType[];
  /** EU authority country IRIs (a request's codes are read by countryIri, src/api/parameters.ts); none means every country. */
  readonly countries?: readonly string[];
}

export interface SearchPage extends SearchFilters {
  readonly limit: number;
  readonly offset: number;
}

/** Names weigh far more than the summary, the summary more than the long descriptions. */
const BOOST = { name: 8, summary: 2, description: 1 };
/** How much more a practice weighs than another resource matching as well. */
const PRACTICE_BOOST = 1.5;
/** Prefix matching for every word; one edit per 5 letters for words of 5 letters or more. */
const QUERY_OPTIONS: MiniSearchOptions = {
  boost: BOOST,
  boostDocument: (_id, _term, stored) => (stored?.['type'] === 'practice' ? PRACTICE_BOOST : 1),
  prefix: true,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
};

type Match = MiniSearchResult & Stored;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class SearchIndex {
  private constructor(private readonly index: MiniSearch<SearchDocument>) {}

  /**
   * Loads the index of the snapshot in `snapshotDir`, checking it against the manifest's SHA-256.
   *
   * @example
   *   const index = await SearchIndex.load(paths.dir, manifest);
   */
  static async load(snapshotDir: string, manifest: IndexedManifest): Promise<SearchIndex> {
    const recorded = manifest.search;
    if (!recorded) throw new Error(`snapshot ${manifest.version} has no search index; run segraph build`);
    const bytes = await readFile(join(snapshotDir, recorded.file));
    if (createHash('sha256').update(bytes).digest('hex') !== recorded.sha256) {
      throw new Error(`${recorded.file} in snapshot ${manifest.version} does not match its manifest`);
    }
    return SearchIndex.fromJSON(bytes.toString('utf8'));
  }

  /** An index from the JSON written by buildSearchIndex. */
  static fromJSON(json: string): SearchIndex {
    return new SearchIndex(MiniSearch.loadJSON<SearchDocument>(json, INDEX_OPTIONS));
  }

  /** How many resources the index holds. */
  get documentCount(): number {
    return this.index.documentCount;
  }

  /**
   * A page of the resources matching `q`, best first.
   *
   * @example
   *   index.search('uslug', { types: ['practice'], countries: ['POL'], limit: 10, offset: 0 });
   *   // { total: 1, match: 'all', hits: [{ iri: '…/practice/cus-drobin', type: 'practice', … }] }
   */
  search(q: string, page: SearchPage): SearchResult {
    const { matches, match } = this.matches(q, page);
    const hits = matches.slice(page.offset, page.offset + page.limit).map((m): SearchHit => ({
      iri: String(m.id), type: m.type, label: m.label, names: m.names, countries: m.countries,
      ...(m.nutsRegions ? { nutsRegions: m.nutsRegions } : {}),
      score: Math.round(m.score * 1000) / 1000,
    }));
    return { total: matches.length, match, hits };
  }

  /**
   * The IRIs of every resource matching `q` (of the given types; all types if none), with the
   * same matching as `search`: for facets computed over the results of a text search.
   *
   * @example
   *   index.matchingIris('social coop', { types: ['practice'] }); // Set { '…/practice/cus-drobin', … }
   */
  matchingIris(q: string, filters: SearchFilters = {}): Set<string> {
    return new Set(this.matches(q, filters).matches.map((m) => String(m.id)));
  }

  /** Every match, filtered and ranked. */
  private matches(q: string, filters: SearchFilters): { matches: Match[]; match: 'all' | 'any' } {
    const types = filters.types && filters.types.length > 0 ? new Set<string>(filters.types) : undefined;
    const countries = filters.countries && filters.countries.length > 0 ? new Set(filters.countries) : undefined;
    const keep = (m: Match) => (!types || types.has(m.type)) && (!countries || m.countries.some((c) => countries.has(c)));
    if (foldedTerms(q).length === 0) return { matches: [], match: 'all' };
    const run = (combineWith: 'AND' | 'OR') =>
      (this.index.search(q, { ...QUERY_OPTIONS, combineWith }) as Match[]).filter(keep);
    let match: 'all' | 'any' = 'all';
    let matches = run('AND');
    if (matches.length === 0 && foldedTerms(q).length > 1) {
      match = 'any';
      matches = run('OR');
    }
    const sortKey = new Map(matches.map((m) => [m, fold(m.label)]));
    matches.sort((a, b) => b.score - a.score || compare(sortKey.get(a)!, sortKey.get(b)!) || compare(String(a.id), String(b.id)));
    return { matches, match };
  }
}

const loaded = new Map<string, Promise<SearchIndex>>();

/**
 * The search index of a snapshot, loaded once per process and shared (the /api/search router and
 * facet code use the same one); undefined when the snapshot has none.
 */
export function searchIndexOf(snapshot: { readonly dir: string; readonly manifest: IndexedManifest }): Promise<SearchIndex> | undefined {
  const recorded = snapshot.manifest.search;
  if (!recorded) return undefined;
  const key = `${snapshot.dir}\n${recorded.sha256}`;
  let index = loaded.get(key);
  if (!index) {
    index = SearchIndex.load(snapshot.dir, snapshot.manifest);
    loaded.set(key, index);
    // A failed load (a file removed under us) is retried by the next request, not cached.
    index.catch(() => loaded.delete(key));
  }
  return index;
}
