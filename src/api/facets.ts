/**
 * Facets over the good practices: for each dimension (country, NUTS 2021 region, fund, programme,
 * SDG, theme, urban–rural type, target group, kind of implementing organisation) the number of practices
 * with each value, under any combination of filters and a search text.
 *
 * One SPARQL query (cached per graph version) gives every (practice, dimension, value); counting
 * is done here. Values within a dimension combine with OR, dimensions with AND, and a dimension's
 * own counts ignore its own filter (the usual disjunctive faceting: selecting `country=POL` still
 * shows how many practices the other countries have). Concept hierarchies count upwards: a
 * practice implemented by a local authority counts under "public body" too, and a practice in the
 * NUTS 3 region PL923 under PL92, PL9 and PL too.
 */
import { ID, EU_COUNTRY, NUTS_CODE, UN_SDG } from '../vocab/namespace.js';
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

/** Practice IRI → dimension → its values. */
export type FacetTable = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

export interface FacetValueCount { readonly value: string; readonly id: string; readonly count: number; readonly selected: boolean }
export interface FacetCounts {
  /** Practices matching every filter and the text. */
  readonly practices: readonly string[];
  readonly facets: Readonly<Record<string, readonly FacetValueCount[]>>;
}

export const shortOf = (dimension: FacetDimension, iri: string) => (iri.startsWith(dimension.namespace) ? iri.slice(dimension.namespace.length) : iri);

export class Facets {
  private table: { version: string; table: Promise<FacetTable> } | undefined;

  constructor(private readonly engine: Engine, private readonly baseIri: string) {}

  /** The (practice → dimension → values) table of the served graph, read once per version. */
  tableOf(): Promise<FacetTable> {
    if (this.table?.version !== this.engine.version) {
      const table = this.read();
      table.catch(() => { this.table = undefined; });
      this.table = { version: this.engine.version, table };
    }
    return this.table.table;
  }

  private async read(): Promise<FacetTable> {
    const select = async (query: string) => {
      const outcome = await this.engine.execute({ query, form: 'select', baseIri: this.baseIri, format: 'json' });
      if (!outcome.ok) throw new Error(`facet query failed: ${outcome.message}`);
      return (JSON.parse(outcome.body) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
    };
    const table = new Map<string, Map<string, Set<string>>>();
    for (const row of await select(PRACTICES_QUERY)) table.set(row['practice']!.value, new Map());
    for (const row of await select(FACET_QUERY)) {
      const byDimension = table.get(row['practice']!.value);
      if (!byDimension) continue;
      const dimension = row['dimension']!.value;
      let values = byDimension.get(dimension);
      if (!values) byDimension.set(dimension, (values = new Set()));
      values.add(row['value']!.value);
    }
    return table;
  }

  /**
   * Parses the filters (`dimension` → short values or IRIs), checking each value is one the
   * graph has for that dimension (else a ParameterError naming the dimension, with its values).
   */
  async filters(input: Readonly<Record<string, readonly string[]>>): Promise<Map<string, Set<string>>> {
    const table = await this.tableOf();
    const out = new Map<string, Set<string>>();
    for (const dimension of DIMENSIONS) {
      const raw = input[dimension.name];
      if (!raw || raw.length === 0) continue;
      const known = new Set<string>();
      for (const byDimension of table.values()) for (const v of byDimension.get(dimension.name) ?? []) known.add(v);
      const set = new Set<string>();
      for (const value of raw) {
        const iri = /^https?:\/\//.test(value) ? value : dimension.namespace + value;
        if (!known.has(iri)) {
          throw new ParameterError(dimension.name, `no practice has ${dimension.name} ${value}`, { value, allowed: [...known].map((k) => shortOf(dimension, k)).sort() });
        }
        set.add(iri);
      }
      out.set(dimension.name, set);
    }
    return out;
  }

  /** Counts for every dimension, with `filters` applied and the practices limited to `within`. */
  async counts(filters: ReadonlyMap<string, ReadonlySet<string>>, within?: ReadonlySet<string>): Promise<FacetCounts> {
    const table = await this.tableOf();
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
    return { practices, facets };
  }
}
