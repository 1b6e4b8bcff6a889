import type { Summary } from './stats.js';
import type { RunawayResult } from './runaway.js';
/**
 * What one benchmark run measured: the shape bench/run.ts fills and bench/report.ts renders.
 */
import type { EngineRun } from './engines.js';
import type { HttpQueryResult } from './http.js';
import type { Machine, ProcMemory } from './machine.js';
import type { BenchQuery } from './queries.js';
import type { ScaleResults } from './scale.js';
import type { SyntheticCounts } from './synthetic.js';

/** One server configuration: how fast it started and how much memory it held. */
export interface ServerSample {
  readonly label: string;
  /** Worker threads: as asked, or as the server reported for its default. */
  readonly workers: number | undefined;
  /** Spawn → ready line (the server answers from its first loaded worker on), one per start. */
  readonly startupMs: number[];
  /** Spawn → every worker loaded, one per start (missing when the server did not say). */
  readonly allReadyMs: number[];
  /** VmRSS after every worker loaded and answered every query once, MB. */
  readonly rssMb: number | undefined;
  /** VmHWM (peak RSS) of the server process, worker threads included, at the same moment, MB. */
  readonly peakMb: number | undefined;
  /** The same two after the HTTP measurements (thousands of requests, a full result cache). */
  readonly afterHttp?: ProcMemory | undefined;
  /** The server's own summary line ("loaded in … s; ready in … s"). */
  readonly summary: string | undefined;
  readonly error?: string;
}

export interface ServerPhase {
  readonly samples: ServerSample[];
  /** Per query id, over the default-worker server. */
  readonly http: Record<string, HttpQueryResult>;
  readonly error?: string;
}

export interface GraphResults {
  readonly quads: number;
  readonly raw: EngineRun;
  readonly server: ServerPhase;
}

export interface BenchResults {
  readonly machine: Machine;
  readonly command: string;
  readonly options: {
    readonly triples: number;
    readonly seed: number;
    readonly comunicaBudgetMs: number;
    /** The scale tier's larger graph (0: none). */
    readonly storeTriples: number;
  };
  readonly queries: BenchQuery[];
  /** The same over the synthetic graphs (another one-subject IRI). */
  readonly bigQueries: BenchQuery[];
  readonly seedGraph: GraphResults & { readonly version: string; readonly buildMs: number };
  /** The seed queries through the worker pool in-process (no HTTP, no cache), per query id. */
  readonly poolHop: Record<string, Summary> | undefined;
  /** A runaway query on the seed-graph server, and a simple query's latency around it. */
  readonly runaway: RunawayResult | undefined;
  /** The same client against a bare node:http server with a fixed answer. */
  readonly transportFloor: HttpQueryResult | undefined;
  /** A server holding a one-triple file: the main thread and empty workers. */
  readonly baseline: ServerPhase;
  readonly synthetic: GraphResults & {
    readonly counts: SyntheticCounts;
    readonly bytes: number;
    readonly sha256: string;
    readonly generateMs: number;
    readonly comunica: EngineRun | undefined;
  };
  /** The scale tier (bench/scale.ts). */
  readonly scale: ScaleResults;
  /** The run before the scale tier began. */
  readonly mainMs: number;
  readonly durationMs: number;
  readonly loadAverageAfter: readonly number[];
}
