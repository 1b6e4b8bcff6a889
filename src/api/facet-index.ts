/**
 * The facet index: the facet table as a search engine keeps it (src/api/facets.ts reads the table
 * and builds one per graph version).
 */
import { DIMENSIONS, shortOf } from './facet-dimensions.js';

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
