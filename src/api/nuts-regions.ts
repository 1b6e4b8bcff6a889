/**
 * The NUTS 2021 regions of the served graph: code, level and (for NUTS 3) urban–rural type, read
 * once per graph version (queries/internal/nuts-regions.rq). The explorer's map uses them beside
 * the labels.
 */
import { staticQuery } from '../query/static-query.js';
import type { Engine } from '../query/engine.js';

export interface NutsRegion {
  readonly iri: string;
  /** The NUTS code, e.g. `PL923`. */
  readonly code: string;
  readonly level: number;
  /** The IRI of its urban–rural type (NUTS 3 regions). */
  readonly urbanRuralType?: string;
}

const QUERY = staticQuery('nuts-regions');

export class NutsRegions {
  private cache: { version: string; regions: Promise<ReadonlyMap<string, NutsRegion>> } | undefined;

  constructor(private readonly engine: Engine, private readonly baseIri: string) {}

  /** Region IRI → region. */
  regions(): Promise<ReadonlyMap<string, NutsRegion>> {
    if (this.cache?.version !== this.engine.version) {
      const regions = this.read();
      regions.catch(() => { this.cache = undefined; });
      this.cache = { version: this.engine.version, regions };
    }
    return this.cache.regions;
  }

  private async read(): Promise<ReadonlyMap<string, NutsRegion>> {
    const outcome = await this.engine.execute({ query: QUERY, form: 'select', baseIri: this.baseIri, format: 'json' });
    if (!outcome.ok) throw new Error(`NUTS region query failed: ${outcome.message}`);
    const rows = (JSON.parse(outcome.body) as { results: { bindings: Array<Record<string, { value: string } | undefined>> } }).results.bindings;
    const out = new Map<string, NutsRegion>();
    for (const row of rows) {
      const iri = row['region']!.value;
      const code = row['code']!.value;
      const level = row['level'] ? Number(row['level'].value) : code.length - 2;
      out.set(iri, { iri, code, level, ...(row['type'] ? { urbanRuralType: row['type'].value } : {}) });
    }
    return out;
  }
}
