/**
 * The query engine the HTTP layer talks to: the embedded Oxigraph worker pool behind a result
 * cache keyed by graph version, query, dataset and format. The remote engine (a SPARQL store
 * over HTTP, remote-engine.ts) implements the same interface, and raises the same errors
 * (exported here, defined in errors.ts): the HTTP layer knows only these, never the pool or the
 * store.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { LINK_TARGETS } from '../vocab/linksets.js';
import type { FormatId } from './formats.js';
import { currentClient } from './client-context.js';
import { WorkerPool, type FairnessOptions, type JobResult, type PoolHealth } from './pool.js';
import type { RestartOptions } from './worker-restarts.js';
import type { DatasetSpec, DatasetStats, SourceSpec, VocabularyStats } from './protocol.js';
import type { QueryForm } from './sparql-form.js';

/**
 * What any Engine's `execute` rejects with when it refuses or loses a query (each is answered
 * with one error code: query_timeout, busy, too_many_requests, query_too_complex or query_failed,
 * engine_failure, engine_unavailable, shutting_down). Anything else it rejects with is a fault (500).
 */
export { BusyError, ClientLimitError, DeadlineError, EngineTrapError, EngineUnavailableError, ShutdownError, WorkerCrashError } from './errors.js';

export interface QueryRequest {
  readonly query: string;
  readonly form: QueryForm;
  readonly baseIri: string;
  readonly dataset?: DatasetSpec;
  readonly format: FormatId;
  /**
   * The client's own query text (a `/sparql` query or a Graph Store read), as opposed to one the
   * server built (documents, questions, facets, labels: the fast lane). Long-query rules apply to
   * clients' own queries. Not part of the cache key.
   */
  readonly clientQuery?: boolean;
  /** The client's address, when not the one of the current request (see client-context.ts). */
  readonly client?: string | undefined;
  /**
   * The whole result, without the row cap (a Graph Store read returns the whole graph); the
   * deadline still applies.
   */
  readonly complete?: boolean;
}

export type QueryOutcome =
  | { readonly ok: true; readonly body: string; readonly rows: number; readonly truncated: boolean; readonly cached: boolean; readonly ms: number }
  | { readonly ok: false; readonly kind: 'syntax' | 'evaluation'; readonly message: string };

export interface EngineLimits {
  /** Milliseconds a query may take, queueing included. */
  readonly deadlineMs: number;
  /** Result rows (solutions, or triples of a graph) returned at most; more are cut and flagged. */
  readonly maxRows: number;
}

/**
 * - `ready`: answering, at full strength;
 * - `degraded`: answering, with less than configured (some query workers are down);
 * - `unavailable`: not answering, and recovering is failing (no worker runs and starting one fails;
 *   a remote store cannot be reached): queries get EngineUnavailableError;
 * - `starting`: not answering yet (loading).
 */
export type EngineStatus = 'ready' | 'degraded' | 'unavailable' | 'starting';

/** What a load balancer or an operator needs to know: can it answer, and with what. */
/** How full one bounded cache is (reported at /healthz). */
export interface CacheUse {
  readonly maxBytes: number;
  readonly usedBytes: number;
  readonly entries: number;
}

/** The use of an LRU cache bounded by bytes (none: a cache of 0 bytes). */
export function cacheUse(cache: Pick<LRUCache<string, never>, 'calculatedSize' | 'size'> | undefined, maxBytes: number): CacheUse {
  return { maxBytes, usedBytes: cache?.calculatedSize ?? 0, entries: cache?.size ?? 0 };
}

/** A remote engine's store: where, how busy, and why it cannot be reached when it cannot. */
export interface StoreHealth {
  readonly endpoint: string;
  /** Requests to the store at once, at most. */
  readonly concurrency: number;
  readonly running: number;
  readonly queued: number;
  /** Since when it cannot be reached (ISO time), and why: the operator's detail, not the client's. */
  readonly unavailableSince?: string;
  readonly lastFailure?: string;
}

export interface EngineHealth {
  readonly status: EngineStatus;
  /** The engine can answer queries now (`ready` or `degraded`). */
  readonly ready: boolean;
  /** When it cannot answer: seconds after which to ask again. */
  readonly retryAfterSeconds?: number;
  /** Query workers (embedded engine). */
  readonly workers?: PoolHealth;
  /** The SPARQL store (remote engine). */
  readonly store?: StoreHealth;
  /** The result cache, when the engine keeps one. */
  readonly resultCache?: CacheUse;
}

export interface Engine {
  /** Content version of the data served: changes whenever the data does. */
  readonly version: string;
  readonly stats: DatasetStats;
  readonly limits: EngineLimits;
  /** A short description for people, e.g. "Oxigraph (embedded, 2 workers)". */
  readonly description: string;
  /**
   * Runs a query. A query the engine can read but not answer is an outcome (`ok: false`); a query
   * it refuses or loses rejects with one of the errors exported above — DeadlineError, BusyError,
   * ClientLimitError, EngineTrapError, WorkerCrashError, EngineUnavailableError, ShutdownError.
   * `key` is requestKey(version, request), when the caller has already computed it (for an ETag).
   */
  execute(request: QueryRequest, key?: string): Promise<QueryOutcome>;
  health(): EngineHealth;
  /** Classes, properties and distinct terms, counted once on first call. */
  vocabularyStats(): Promise<VocabularyStats>;
  close(): Promise<void>;
}

export interface EmbeddedEngineOptions {
  readonly sources: readonly SourceSpec[];
  readonly version: string;
  readonly workers: number;
  readonly limits: EngineLimits;
  /** Bytes of results kept in the cache (default 64 MiB; 0 disables it). */
  readonly cacheBytes?: number;
  /** Workers at most, extra ones included (default: by free memory; see WorkerPool). */
  readonly maxWorkers?: number | 'auto';
  readonly fairness?: FairnessOptions;
  /** When query workers that failed to start or died are started again (default: 0.5 s doubling to 30 s). */
  readonly restart?: RestartOptions;
  /** Where the engine logs worker failures and recoveries (default: standard error). */
  readonly log?: (message: string) => void;
}

/** A stable key for a request against one version of the data. */
export function requestKey(version: string, r: QueryRequest): string {
  const dataset = r.dataset ? `${r.dataset.defaultGraphs.join(' ')}|${r.dataset.namedGraphs.join(' ')}` : '*';
  const cap = r.complete ? '\ncomplete' : '';
  return createHash('sha256').update(`${version}\n${r.format}\n${r.baseIri}\n${dataset}\n${r.query}${cap}`).digest('base64url').slice(0, 27);
}

type CachedResult = Extract<QueryOutcome, { ok: true }>;

/** Oxigraph in worker threads. */
export class EmbeddedEngine implements Engine {
  private readonly cache: LRUCache<string, CachedResult> | undefined;

  private constructor(
    private readonly pool: WorkerPool,
    readonly version: string,
    readonly stats: DatasetStats,
    readonly limits: EngineLimits,
    readonly loadMs: number,
    private readonly cacheBytes: number,
  ) {
    this.cache = cacheBytes > 0
      ? new LRUCache<string, CachedResult>({ maxSize: cacheBytes, sizeCalculation: (v) => Math.max(1, v.body.length * 2) })
      : undefined;
  }

  static async start(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
    const { pool, stats, loadMs } = await WorkerPool.start({
      size: options.workers, sources: options.sources,
      ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
      ...(options.fairness ? { fairness: options.fairness } : {}),
      ...(options.restart ? { restart: options.restart } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    return new EmbeddedEngine(pool, options.version, stats, options.limits, loadMs, options.cacheBytes ?? 64 * 1024 * 1024);
  }

  get description(): string {
    const n = this.pool.configuredSize;
    const max = this.pool.maxSize;
    return `Oxigraph (embedded, ${n} query worker${n === 1 ? '' : 's'}${max > n ? `, up to ${max} while long queries hold them` : ''})`;
  }

  health(): EngineHealth {
    const workers = this.pool.health();
    const resultCache = cacheUse(this.cache, this.cacheBytes);
    if (workers.alive > 0) return { status: workers.alive < workers.size ? 'degraded' : 'ready', ready: true, workers, resultCache };
    const status = workers.failedStarts > 0 ? 'unavailable' : 'starting';
    const retryAfterSeconds = workers.nextStartAt ? Math.max(1, Math.ceil((Date.parse(workers.nextStartAt) - Date.now()) / 1000)) : 1;
    return { status, ready: false, retryAfterSeconds, workers, resultCache };
  }

  /** The worker threads (for fault tests and diagnostics). */
  threads() {
    return this.pool.threads();
  }

  /** Settles once every worker has loaded the data (the first is up when `start` resolves). */
  get allReady(): Promise<void> {
    return this.pool.allReady;
  }

  private vocabulary: Promise<VocabularyStats> | undefined;

  vocabularyStats(): Promise<VocabularyStats> {
    this.vocabulary ??= this.pool
      .run({ type: 'vocabulary-stats', linkNamespaces: LINK_TARGETS.map((t) => t.namespace) }, Math.max(this.limits.deadlineMs, 120_000))
      .then((r) => {
        if (r.type !== 'vocabulary-stats') throw new Error('unexpected answer to a statistics job');
        return r.stats;
      });
    this.vocabulary.catch(() => {
      this.vocabulary = undefined; // try again on the next request
    });
    return this.vocabulary;
  }

  /** Workers replaced after a deadline or a crash since start. */
  get workersReplaced(): number {
    return this.pool.replaced;
  }

  async execute(request: QueryRequest, key = requestKey(this.version, request)): Promise<QueryOutcome> {
    const hit = this.cache?.get(key);
    if (hit) return { ...hit, cached: true, ms: 0 };
    const { client, clientQuery, complete, ...job } = request;
    const maxRows = complete ? Number.POSITIVE_INFINITY : this.limits.maxRows;
    const origin = { client: client ?? currentClient(), lane: clientQuery ? 'client' as const : 'server' as const };
    const result: JobResult = await this.pool.run({ ...job, type: 'query', maxRows }, this.limits.deadlineMs, origin);
    if (result.type === 'query-error') return { ok: false, kind: result.kind, message: result.message };
    if (result.type !== 'result') throw new Error('unexpected answer to a query');
    const outcome: CachedResult = { ok: true, body: result.body, rows: result.rows, truncated: result.truncated, cached: false, ms: result.ms };
    this.cache?.set(key, outcome);
    return outcome;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Runs a SELECT for the server's own use (labels for a page, examples for VoID) and returns each
 * solution as variable → value. Throws on a syntax error: these queries are ours.
 */
export async function selectValues(engine: Engine, query: string, baseIri: string): Promise<Array<Record<string, string>>> {
  const outcome = await engine.execute({ query, form: 'select', baseIri, format: 'json' });
  if (!outcome.ok) throw new Error(`internal query failed: ${outcome.message}`);
  const json = JSON.parse(outcome.body) as { results: { bindings: Array<Record<string, { value: string }>> } };
  return json.results.bindings.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.value])));
}
