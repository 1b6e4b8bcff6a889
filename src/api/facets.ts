/**
 * Facets over the good practices: for each dimension (country, NUTS 2021 region, fund, programme,
 * SDG, theme, urban–rural type of the NUTS 3 region, degree of urbanisation of the municipality,
 * target group, kind of implementing organisation) the number of practices
 * with each value, under any combination of filters and a search text.
 *
 * One SPARQL query per graph version gives every (practice, dimension, value), kept as a
 * FacetIndex (a bitset of practices per value); counting intersects bitsets. Values within a dimension combine with OR, dimensions with AND, and a dimension's
 * own counts ignore its own filter (the usual disjunctive faceting: selecting `country=POL` still
 * shows how many practices the other countries have). Concept hierarchies count upwards: a
 * practice implemented by a local authority counts under "public body" too, and a practice in the
 * NUTS 3 region PL923 under PL92, PL9 and PL too.
 */
import sparqljs from 'sparqljs';
import type { SelectQuery } from 'sparqljs';
import { staticQuery } from '../query/static-query.js';
import type { Engine } from '../query/engine.js';
import { ParameterError } from './parameters.js';
import { DIMENSIONS, shortOf } from './facet-dimensions.js';
import { FacetIndex, type FacetCounts, type FacetPage, type FacetTable } from './facet-index.js';

export * from './facet-dimensions.js';
export * from './facet-index.js';

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
