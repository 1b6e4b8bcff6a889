/**
 * The benchmark's synthetic graph (bench/synthetic.ts): deterministic, valid N-Quads, shaped
 * like our data, closed under the build's inference rules, and every benchmark query finds
 * something in it. Uses a ~10 k-quad graph so it runs in the normal test suite.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { benchQueries } from '../../bench/queries.js';
import { practiceIri, practicesForTriples, SAMPLE_PRACTICE, syntheticNQuads } from '../../bench/synthetic.js';
import { SYNTHETIC_SOURCE_GRAPH } from '../../bench/vocab.js';
import { infer, loadRules } from '../../src/graph/infer.js';
import { GRAPHS } from '../../src/vocab/graphs.js';
import { ORG, RDF, SCHEMA, SG } from '../../src/vocab/namespace.js';
import { ROOT } from '../helpers/project.js';

const SMALL = { seed: 7, practices: practicesForTriples(10_000) };
const { text, counts } = syntheticNQuads(SMALL);
const quads = new N3.Parser({ format: 'application/n-quads' }).parse(text);

const instances = (cls: string) => new Set(quads.filter((q) => q.predicate.value === RDF.type && q.object.value === cls).map((q) => q.subject.value)).size;

describe('the synthetic graph', () => {
  it('is the same bytes for the same seed, and different for another seed', () => {
    expect(syntheticNQuads(SMALL).text).toBe(text);
    expect(syntheticNQuads({ ...SMALL, seed: 8 }).text).not.toBe(text);
  });

  it('is valid N-Quads of about the requested size, without duplicates, every quad in a named graph', () => {
    expect(quads).toHaveLength(counts.quads);
    expect(counts.quads).toBeGreaterThan(8_000);
    expect(counts.quads).toBeLessThan(12_000);
    expect(new Set(text.split('\n')).size - 1).toBe(counts.quads);
    expect(quads.every((q) => q.graph.termType === 'NamedNode')).toBe(true);
    expect(new Set(quads.map((q) => q.graph.value))).toEqual(new Set([GRAPHS.reference, GRAPHS.curation, GRAPHS.inferred, SYNTHETIC_SOURCE_GRAPH]));
  });

  it('has our classes, in the numbers it reports', () => {
    expect(instances(SG.Practice)).toBe(counts.practices);
    expect(instances(ORG.Organization)).toBe(counts.organisations);
    expect(instances(SG.Municipality)).toBe(counts.places);
    expect(instances(SG.Programme)).toBe(counts.programmes);
    expect(instances(SG.Fund)).toBe(8);
    for (const cls of [SG.Funding, SG.Result, SG.Citation, SG.NutsRegion, SG.Region, SCHEMA.MonetaryAmount]) {
      expect(instances(cls), cls).toBeGreaterThan(0);
    }
    const typed = new Set(quads.filter((q) => q.predicate.value === SG.urbanRuralType).map((q) => q.subject.value));
    expect(typed.size).toBe(counts.nuts3);
    expect(quads.some((q) => q.predicate.value === SG.partOfProgramme)).toBe(true);
  });

  it('already holds what the build would infer for funding chains, NUTS regions, transitivity and sources', async () => {
    const rules = (await loadRules(ROOT)).filter((r) => /^(04|1\d|20|30)-/.test(r.name));
    expect(rules.map((r) => r.name)).toHaveLength(6);
    const ontology = new N3.Parser({ format: 'text/turtle' }).parse(await readFile(join(ROOT, 'ontology', 'segraph.ttl'), 'utf8'))
      .map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object, N3.DataFactory.namedNode(GRAPHS.ontology)));
    const result = infer([...quads, ...ontology], rules);
    expect(result.quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)).toEqual([]);
  });

  it('answers every benchmark query with at least one row', () => {
    const store = new oxigraph.Store();
    store.load(text, { format: 'application/n-quads' });
    for (const query of benchQueries({ subject: practiceIri(SAMPLE_PRACTICE) })) {
      const json = store.query(query.sparql, { use_default_graph_as_union: true, results_format: 'application/sparql-results+json' });
      const rows = (JSON.parse(json as string) as { results: { bindings: unknown[] } }).results.bindings;
      expect(rows.length, query.id).toBeGreaterThan(0);
    }
  });
});
