/**
 * Facets over the good practices: for each dimension (country, NUTS 2021 region, fund, programme,
 * SDG, theme, urban–rural type, target group, kind of implementing organisation) the number of practices
 * with each value, under any combination of filters and a search text.
 *
 * One SPARQL query per graph version gives every (practice, dimension, value), kept as a
 * FacetIndex (a bitset of practices per value); counting intersects bitsets. Values within a dimension combine with OR, dimensions with AND, and a dimension's
 * own counts ignore its own filter (the usual disjunctive faceting: selecting `country=POL` still
 * shows how many practices the other countries have). Concept hierarchies count upwards: a
 * practice implemented by a local authority counts under "public body" too, and a practice in the
 * NUTS 3 region PL923 under PL92, PL9 and PL too.
 */
import { ID, EU_COUNTRY, NUTS_CODE, UN_SDG } from '../vocab/namespace.js';
import sparqljs from 'sparqljs';
import type { SelectQuery } from 'sparqljs';
import { staticQuery } from '../query/static-query.js';
import type { Engine } from '../query/engine.js';
import { ParameterError } from './parameters.js';

/** A facet dimension; its graph pattern (from ?practice to ?value) is in queries/internal/facets.rq. */
export interface FacetDimension {
  readonly name: string;
  readonly title: string;
  /** Values may be given by their local name in this namespace. */
  readonly namespace: string;
}

export const DIMENSIONS: readonly FacetDimension[] = [
  { name: 'country', title: 'Country', namespace: EU_COUNTRY.iri },
  { name: 'region', title: 'Region (NUTS 2021)', namespace: NUTS_CODE.iri },
  { name: 'fund', title: 'EU fund (directly or through a programme)', namespace: ID('fund/') },
  { name: 'programme', title: 'Programme', namespace: ID('programme/') },
  { name: 'sdg', title: 'Sustainable Development Goal', namespace: UN_SDG.iri },
  { name: 'theme', title: 'Theme', namespace: ID('theme/') },
  { name: 'typology', title: 'Urban–rural type of the NUTS 3 region', namespace: ID('urban-rural-type/') },
  { name: 'targetGroup', title: 'Target group', namespace: ID('target-group/') },
  { name: 'organisationKind', title: 'Kind of implementing organisation', namespace: ID('organisation-kind/') },
];

const FACET_QUERY = staticQuery('facets');
const PRACTICES_QUERY = staticQuery('practices');

/**
 * The facet query as one query per branch of its UNION (one per dimension): on a large graph
 * the whole query takes several seconds in one worker — past the query deadline at a million
 * triples — where each branch takes about one.
 */
export function facetBranchQueries(query = FACET_QUERY): string[] {
  const ast = new sparqljs.Parser().parse(query) as SelectQuery;
  const where = ast.where ?? [];
  const union = where.find((p) => p.type === 'union');
  if (!union || union.type !== 'union') return [query];
  const generator = new sparqljs.Generator();
  return union.patterns.map((branch) => generator.stringify({ ...ast, where: where.map((p) => (p === union ? branch : p)) } as SelectQuery));
}

/** Practice IRI → dimension → its values. */
export type FacetTable = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

export interface FacetValueCount { readonly value: string; readonly id: string; readonly count: number; readonly selected: boolean }
export interface FacetCounts {
  /** How many practices match every filter and the text. */
  readonly total: number;
  /** The matching practices of the page asked for (all of them without one), in IRI order. */
  readonly practices: readonly string[];
  readonly facets: Readonly<Record<string, readonly FacetValueCount[]>>;
}

/** A page of the matching practices. */
export interface FacetPage { readonly limit: number; readonly offset: number }

export const shortOf = (dimension: FacetDimension, iri: string) => (iri.startsWith(dimension.namespace) ? iri.slice(dimension.namespace.length) : iri);

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * The facet table as a search engine keeps it: the practices numbered in IRI order, and for each
 * (dimension, value) the set of practices that have it, as a bitset (one bit per practice). Built
 * once per graph version; a request ORs the bitsets of each filtered dimension's values, ANDs the
 * dimensions, and counts the bits each value shares with that — no loop over practices.
 */
export class FacetIndex {
  /** Practice IRIs in order; a practice's number is its position. */
  readonly practices: readonly string[];
  /** Uint32 words per bitset. */
  readonly words: number;
  /** Dimension name → value IRI → the practices that have it. */
  readonly values: ReadonlyMap<string, ReadonlyMap<string, Uint32Array>>;
  /** Dimension name → value IRI → how many practices have it (the counts without any filter). */
  readonly sizes: ReadonlyMap<string, ReadonlyMap<string, number>>;
  private readonly numbers: ReadonlyMap<string, number>;

  constructor(readonly table: FacetTable) {
    this.practices = [...table.keys()].sort();
    this.numbers = new Map(this.practices.map((p, i) => [p, i]));
    this.words = Math.ceil(this.practices.length / 32);
    const values = new Map<string, Map<string, Uint32Array>>(DIMENSIONS.map((d) => [d.name, new Map()]));
    for (const [i, practice] of this.practices.entries()) {
      for (const [dimension, vs] of table.get(practice)!) {
        let byValue = values.get(dimension);
        if (!byValue) values.set(dimension, (byValue = new Map()));
        for (const v of vs) {
          let bits = byValue.get(v);
          if (!bits) byValue.set(v, (bits = new Uint32Array(this.words)));
          bits[i >>> 5]! |= 1 << (i & 31);
        }
      }
    }
    this.values = values;
    this.sizes = new Map([...values].map(([d, byValue]) => [d, new Map([...byValue].map(([v, bits]) => [v, FacetIndex.count(bits)]))]));
  }

  static count(bits: Uint32Array, mask?: Uint32Array): number {
    let n = 0;
    if (mask) for (let w = 0; w < bits.length; w++) n += popcount(bits[w]! & mask[w]!);
    else for (let w = 0; w < bits.length; w++) n += popcount(bits[w]!);
    return n;
  }

  /** Whether `iri` is one of the practices or a facet value. */
  has(iri: string): boolean {
    if (this.numbers.has(iri)) return true;
    for (const byValue of this.values.values()) if (byValue.has(iri)) return true;
    return false;
  }

  /** The bitset of these practices (IRIs that are not practices are left out). */
  bitsOf(practices: Iterable<string>): Uint32Array {
    const bits = new Uint32Array(this.words);
    for (const p of practices) {
      const i = this.numbers.get(p);
      if (i !== undefined) bits[i >>> 5]! |= 1 << (i & 31);
    }
    return bits;
  }

  /** The practices of a dimension's values, together (OR). */
  private anyOf(dimension: string, wanted: ReadonlySet<string>): Uint32Array {
    const out = new Uint32Array(this.words);
    const byValue = this.values.get(dimension);
    for (const v of wanted) {
      const bits = byValue?.get(v);
      if (bits) for (let w = 0; w < out.length; w++) out[w]! |= bits[w]!;
    }
    return out;
  }

  /** Every practice passing the filters and within `within`, in the order of the pages (no counts). */
  matching(filters: ReadonlyMap<string, ReadonlySet<string>>, within?: ReadonlySet<string>): string[] {
    let mask: Uint32Array | undefined = within ? this.bitsOf(within) : undefined;
    for (const [d, wanted] of filters) {
      const bits = this.anyOf(d, wanted);
      if (!mask) mask = bits;
      else for (let w = 0; w < mask.length; w++) mask[w]! &= bits[w]!;
    }
    if (!mask) return [...this.practices];
    const out: string[] = [];
    for (let w = 0; w < mask.length; w++) {
      let word = mask[w]!;
      while (word !== 0) {
        const bit = word & -word;
        out.push(this.practices[w * 32 + (31 - Math.clz32(bit))]!);
        word ^= bit;
      }
    }
    return out;
  }

  /** Counts for every dimension, with `filters` applied and the practices limited to `within`. */
  counts(filters: ReadonlyMap<string, ReadonlySet<string>>, within?: ReadonlySet<string>, page?: FacetPage): FacetCounts {
    const each = new Map([...filters].map(([d, wanted]) => [d, this.anyOf(d, wanted)]));
    const base = within ? this.bitsOf(within) : undefined;
    /** Practices passing every filter but `except`'s, and the text: undefined for all of them. */
    const maskWithout = (except?: string): Uint32Array | undefined => {
      let mask: Uint32Array | undefined;
      for (const source of [base, ...[...each].filter(([d]) => d !== except).map(([, bits]) => bits)]) {
        if (!source) continue;
        if (!mask) mask = source.slice();
        else for (let w = 0; w < mask.length; w++) mask[w]! &= source[w]!;
      }
      return mask;
    };
    const facets: Record<string, FacetValueCount[]> = {};
    for (const dimension of DIMENSIONS) {
      const mask = maskWithout(dimension.name);
      const byValue = this.values.get(dimension.name) ?? new Map<string, Uint32Array>();
      const sizes = this.sizes.get(dimension.name) ?? new Map<string, number>();
      const selected = filters.get(dimension.name) ?? new Set<string>();
      const counted: FacetValueCount[] = [];
      for (const [id, bits] of byValue) {
        const count = mask ? FacetIndex.count(bits, mask) : sizes.get(id)!;
        if (count > 0 || selected.has(id)) counted.push({ value: shortOf(dimension, id), id, count, selected: selected.has(id) });
      }
      for (const s of selected) if (!byValue.has(s)) counted.push({ value: shortOf(dimension, s), id: s, count: 0, selected: true });
      facets[dimension.name] = counted.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    }
    const all = maskWithout();
    const total = all ? FacetIndex.count(all) : this.practices.length;
    const from = page?.offset ?? 0;
    const until = page ? from + page.limit : Number.POSITIVE_INFINITY;
    const practices: string[] = [];
    if (!all) practices.push(...this.practices.slice(from, until));
    else {
      let seen = 0;
      for (let w = 0; w < all.length && seen < until; w++) {
        let word = all[w]!;
        while (word !== 0 && seen < until) {
          const bit = word & -word;
          if (seen >= from) practices.push(this.practices[w * 32 + (31 - Math.clz32(bit))]!);
          seen++;
          word ^= bit;
        }
      }
    }
    return { total, practices, facets };
  }
}

export class Facets {
  private index: { version: string; index: Promise<FacetIndex> } | undefined;

  constructor(private readonly engine: Engine, private readonly baseIri: string) {}

  /** The facet index of the served graph, read and built once per version. */
  indexOf(): Promise<FacetIndex> {
    if (this.index?.version !== this.engine.version) {
      const index = this.read().then((table) => new FacetIndex(table));
      index.catch(() => { this.index = undefined; });
      this.index = { version: this.engine.version, index };
    }
    return this.index.index;
  }

  private async read(): Promise<FacetTable> {
    const select = async (query: string) => {
      // complete: the table has a row per (practice, dimension, value), past any result-row cap.
      const outcome = await this.engine.execute({ query, form: 'select', baseIri: this.baseIri, format: 'json', complete: true });
      if (!outcome.ok) throw new Error(`facet query failed: ${outcome.message}`);
      return (JSON.parse(outcome.body) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
    };
    const table = new Map<string, Map<string, Set<string>>>();
    for (const row of await select(PRACTICES_QUERY)) table.set(row['practice']!.value, new Map());
    // One after another: the query deadline counts time spent queueing, and all at once they
    // would queue behind each other on a busy pool.
    for (const query of facetBranchQueries()) {
      for (const row of await select(query)) {
        const byDimension = table.get(row['practice']!.value);
        if (!byDimension) continue;
        const dimension = row['dimension']!.value;
        let values = byDimension.get(dimension);
        if (!values) byDimension.set(dimension, (values = new Set()));
        values.add(row['value']!.value);
      }
    }
    return table;
  }

  /**
   * Parses the filters (`dimension` → short values or IRIs), checking each value is one the
   * graph has for that dimension (else a ParameterError naming the dimension, with its values).
   */
  async filters(input: Readonly<Record<string, readonly string[]>>): Promise<Map<string, Set<string>>> {
    const index = await this.indexOf();
    const out = new Map<string, Set<string>>();
    for (const dimension of DIMENSIONS) {
      const raw = input[dimension.name];
      if (!raw || raw.length === 0) continue;
      const known = index.values.get(dimension.name) ?? new Map<string, Uint32Array>();
      const set = new Set<string>();
      for (const value of raw) {
        const iri = /^https?:\/\//.test(value) ? value : dimension.namespace + value;
        if (!known.has(iri)) {
          throw new ParameterError(dimension.name, `no practice has ${dimension.name} ${value}`, { value, allowed: [...known.keys()].map((k) => shortOf(dimension, k)).sort() });
        }
        set.add(iri);
      }
      out.set(dimension.name, set);
    }
    return out;
  }

  /** The (practice → dimension → values) table the index was built from. */
  async tableOf(): Promise<FacetTable> {
    return (await this.indexOf()).table;
  }

  /** Every practice passing the filters and within `within` (all pages). */
  async matching(filters: ReadonlyMap<string, ReadonlySet<string>>, within?: ReadonlySet<string>): Promise<string[]> {
    return (await this.indexOf()).matching(filters, within);
  }

  /** Counts for every dimension, with `filters` applied, the practices limited to `within`, and a page of them. */
  async counts(filters: ReadonlyMap<string, ReadonlySet<string>>, within?: ReadonlySet<string>, page?: FacetPage): Promise<FacetCounts> {
    return (await this.indexOf()).counts(filters, within, page);
  }
}
