/**
 * The scale tier in `npm run bench`: the graphs published into a throw-away Virtuoso and queried
 * there directly and through segraph (bench/store-phase.ts), beside the embedded engine on the
 * same graphs — the seed graph, the `--triples` synthetic graph, and a larger one
 * (`--store-triples`, about 10 M by default) that only the store-backed columns are sure to
 * hold. Once Virtuoso has stopped (so the two never share the memory), the embedded engine is
 * tried on that larger graph: a worker's store grown until it stops (bench/fit.ts), and the
 * embedded server measured there only if it held the whole graph.
 */
import { join } from 'node:path';
import { embeddedHttp } from './embedded-http.js';
import { fitProbe, type FitResult } from './fit.js';
import type { HttpQueryResult } from './http.js';
import type { BenchQuery } from './queries.js';
import { storePhase, type StoreGraph, type StoreResults } from './store-phase.js';
import type { BenchSnapshot } from './store-snapshot.js';
import { syntheticSnapshot } from './store-snapshot.js';
import type { RunPolicy } from './stats.js';
import { practicesForTriples, writeSynthetic, type SyntheticCounts } from './synthetic.js';

/** The embedded column of one graph: measured (where), or why not. */
export type EmbeddedColumn =
  | { readonly http: Record<string, HttpQueryResult>; readonly from: string }
  | { readonly notMeasured: string };

export interface ScaleGraph {
  readonly label: string;
  readonly quads: number;
  readonly embedded: EmbeddedColumn;
}

export interface ScaleResults {
  /** Undefined with `--no-store`. */
  readonly store: StoreResults | undefined;
  readonly graphs: ScaleGraph[];
  /** The larger graph, when `--store-triples` is not 0. */
  readonly big?: SyntheticCounts & { readonly label: string; readonly bytes: number; readonly sha256: string; readonly generateMs: number };
  /** One query worker's store grown on the larger graph. */
  readonly fit?: FitResult;
  readonly storeTriples: number;
  readonly buffers: number;
  readonly durationMs: number;
}

/** A graph the scale tier takes as it is: its snapshot, queries, policy, and its embedded column if the main phases measured it. */
export interface GivenGraph {
  readonly label: string;
  readonly snapshot: BenchSnapshot;
  readonly queries: readonly BenchQuery[];
  readonly policy: RunPolicy;
  /** Arguments of `segraph serve` for the embedded server on it (measured here when `embedded` is absent). */
  readonly graphArgs: readonly string[];
  readonly embedded?: EmbeddedColumn;
  readonly httpPublish?: boolean;
}

export interface ScaleOptions {
  readonly root: string;
  readonly tmp: string;
  readonly graphs: readonly GivenGraph[];
  /** About this many triples for the larger graph; 0: none. */
  readonly storeTriples: number;
  readonly seed: number;
  /** Queries over the larger graph (the subject of the one-subject lookup is in it). */
  readonly bigQueries: readonly BenchQuery[];
  readonly bigPolicy: RunPolicy;
  readonly store: boolean;
  readonly buffers: number;
  readonly log: (line: string) => void;
}

/** `10 M`, `200 k`. */
export const sizeLabel = (t: number) => (t >= 1e6 ? `${+(t / 1e6).toFixed(1)} M` : `${Math.round(t / 1e3)} k`);

export async function scalePhase(options: ScaleOptions): Promise<ScaleResults> {
  const { log } = options;
  const started = performance.now();
  // `--no-store`: none of it, not even the larger graph or the embedded fit (minutes of their own).
  if (!options.store) return { store: undefined, graphs: [], storeTriples: options.storeTriples, buffers: options.buffers, durationMs: 0 };
  const given = [...options.graphs];
  let big: ScaleResults['big'];
  let bigGraph: GivenGraph | undefined;
  if (options.storeTriples > 0) {
    const label = sizeLabel(options.storeTriples);
    log(`scale tier: generating about ${options.storeTriples.toLocaleString('en')} triples (seed ${options.seed})`);
    const file = join(options.tmp, 'store-synthetic.nq');
    const generateStarted = performance.now();
    const written = writeSynthetic(file, { seed: options.seed, practices: practicesForTriples(options.storeTriples) });
    const generateMs = performance.now() - generateStarted;
    const { graphs: _, ...counts } = written;
    big = { ...counts, label, generateMs };
    log(`  ${written.quads.toLocaleString('en')} quads, ${(written.bytes / 1024 ** 2).toFixed(0)} MB in ${(generateMs / 1000).toFixed(1)} s`);
    bigGraph = {
      label, snapshot: syntheticSnapshot(file, written, options.tmp), queries: options.bigQueries, policy: options.bigPolicy,
      graphArgs: ['--no-seed', '--load', file],
      // The HTTP loader's throughput, where it takes minutes rather than an hour (`--store-only` at a small size).
      ...(options.storeTriples <= 2_000_000 && !given.some((g) => g.httpPublish) ? { httpPublish: true } : {}),
    };
  }
  const all = bigGraph ? [...given, bigGraph] : given;

  log('scale tier: Virtuoso');
  const storeGraphs: StoreGraph[] = all.map((g) => ({ label: g.label, snapshot: g.snapshot, queries: g.queries, policy: g.policy, ...(g.httpPublish ? { httpPublish: true } : {}) }));
  const store = await storePhase({ root: options.root, dir: join(options.tmp, 'virtuoso'), graphs: storeGraphs, buffers: options.buffers, log });

  // The embedded column, Virtuoso stopped.
  const graphs: ScaleGraph[] = [];
  for (const g of given) {
    let embedded = g.embedded;
    if (!embedded) {
      log(`scale tier: embedded server on the ${g.label}`);
      embedded = await embeddedHttp(options.root, g.graphArgs, g.queries, g.policy, 180_000, log)
        .then((e): EmbeddedColumn => ({ http: e.http, from: 'measured in the scale tier, one start with the default workers, after Virtuoso had stopped' }))
        .catch((error: unknown): EmbeddedColumn => ({ notMeasured: `failed: ${(error as Error).message.split('\n')[0]}` }));
    }
    graphs.push({ label: g.label, quads: g.snapshot.manifest.quads, embedded });
  }
  let fit: FitResult | undefined;
  if (bigGraph) {
    const { quads } = bigGraph.snapshot.manifest;
    log(`scale tier: does one query worker's store hold ${quads.toLocaleString('en')} quads?`);
    fit = await fitProbe(bigGraph.snapshot.nquads, quads, Math.max(100_000, Math.round(quads / 20 / 100_000) * 100_000), 20 * 60_000, log);
    let embedded: EmbeddedColumn;
    if (fit.done) {
      log(`scale tier: embedded server on the ${bigGraph.label} graph`);
      embedded = await embeddedHttp(options.root, bigGraph.graphArgs, bigGraph.queries, bigGraph.policy, 30 * 60_000, log)
        .then((e): EmbeddedColumn => ({ http: e.http, from: 'measured in the scale tier, one start with the default workers, after Virtuoso had stopped' }))
        .catch((error: unknown): EmbeddedColumn => ({ notMeasured: `failed: ${(error as Error).message.split('\n')[0]}` }));
    } else {
      embedded = { notMeasured: `does not fit: one worker's store stopped after ${fit.failed!.quads.toLocaleString('en')} of ${quads.toLocaleString('en')} quads (${fit.failed!.message})` };
    }
    graphs.push({ label: bigGraph.label, quads, embedded });
  }
  return {
    store, graphs, ...(big ? { big } : {}), ...(fit ? { fit } : {}), storeTriples: options.storeTriples, buffers: options.buffers,
    durationMs: performance.now() - started,
  };
}
