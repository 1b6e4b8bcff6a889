/**
 * Materialises the inferences queries rely on, by running the SPARQL CONSTRUCT rules in
 * `ontology/rules/` to a fixpoint over an Oxigraph store.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import '../v8-flags.js'; // before oxigraph: see there
import type * as oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import { GRAPHS } from '../vocab/graphs.js';
import { fromOxigraph, storeOf, toOxigraphQuad, tripleKey } from './store.js';

export interface Rule {
  readonly name: string;
  readonly query: string;
}

/** Reads the rule files (`*.rq`), in name order. */
export async function loadRules(root: string): Promise<Rule[]> {
  const dir = join(root, 'ontology', 'rules');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.rq')).sort();
  return Promise.all(names.map(async (name) => ({ name, query: await readFile(join(dir, name), 'utf8') })));
}

export interface InferenceResult {
  /** The new triples, each in graph:inferred. */
  readonly quads: Quad[];
  /** How many rounds the fixpoint took. */
  readonly rounds: number;
  /** New triples per rule. */
  readonly perRule: Record<string, number>;
}

/**
 * Runs `rules` over `quads` until no rule produces a triple that is not already in some graph.
 *
 * @example
 *   const { quads: inferred } = infer(allQuads, await loadRules(root));
 */
export function infer(quads: readonly Quad[], rules: readonly Rule[], maxRounds = 20): InferenceResult {
  const store = storeOf(quads);
  const known = new Set(quads.map((q) => tripleKey(q.subject, q.predicate, q.object)));
  const inferredGraph = N3.DataFactory.namedNode(GRAPHS.inferred);
  const out: Quad[] = [];
  const perRule: Record<string, number> = Object.fromEntries(rules.map((r) => [r.name, 0]));
  for (let round = 1; round <= maxRounds; round++) {
    const fresh: Quad[] = [];
    for (const rule of rules) {
      const triples = store.query(rule.query, { use_default_graph_as_union: true }) as oxigraph.Quad[];
      for (const t of triples) {
        const k = tripleKey(t.subject, t.predicate, t.object);
        if (known.has(k)) continue;
        known.add(k);
        const q = N3.DataFactory.quad(
          fromOxigraph(t.subject) as N3.Quad['subject'],
          fromOxigraph(t.predicate) as N3.Quad['predicate'],
          fromOxigraph(t.object) as N3.Quad['object'],
          inferredGraph,
        );
        fresh.push(q);
        perRule[rule.name] = (perRule[rule.name] ?? 0) + 1;
      }
    }
    if (fresh.length === 0) return { quads: out, rounds: round, perRule };
    for (const q of fresh) store.add(toOxigraphQuad(q));
    out.push(...fresh);
  }
  throw new Error(`inference did not reach a fixpoint in ${maxRounds} rounds`);
}
