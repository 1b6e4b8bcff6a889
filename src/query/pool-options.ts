/**
 * What the query worker pool (pool.ts) takes and reports: its options, who asked for a job, and
 * its health.
 */
import type { RestartHealth, RestartOptions } from './worker-restarts.js';
import type { SourceSpec, WorkerJob, WorkerMessage } from './protocol.js';

export type JobResult = Extract<WorkerMessage, { type: 'result' | 'query-error' | 'vocabulary-stats' }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type JobInput = DistributiveOmit<WorkerJob, 'id'>;

export interface FairnessOptions {
  /** Queries one client may run at once (default: the pool's size). */
  readonly perClient?: number;
  /** Queries one client may have waiting; more are refused (default 16). */
  readonly perClientQueue?: number;
  /** A job running longer than this many milliseconds is long (default 1000). */
  readonly longMs?: number;
  /** A client stays heavy this long after one of its jobs ran long (default 60 s). */
  readonly heavyForMs?: number;
  /** Workers kept free of heavy clients' queries and long jobs (default 1). */
  readonly reserve?: number;
  /** An extra worker idle this long is stopped (default 5 s). */
  readonly lingerMs?: number;
}

export interface PoolOptions {
  /** Workers kept running. */
  readonly size: number;
  /**
   * Workers at most, extra ones included (started while long jobs hold the others). Default
   * ('auto'): as many as half the free memory holds at the first worker's size, between `size`
   * and 4 × `size` (at most 16).
   */
  readonly maxWorkers?: number | 'auto';
  readonly sources: readonly SourceSpec[];
  /** Jobs waiting for a worker, all clients together, beyond which jobs are refused with BusyError. */
  readonly maxQueue?: number;
  readonly fairness?: FairnessOptions;
  /**
   * A worker that has not loaded the sources in this many milliseconds counts as failed to start
   * (default 10 minutes: a million triples load in about 8 s).
   */
  readonly loadTimeoutMs?: number;
  /** When a worker that failed to start or died is started again (see worker-restarts.ts). */
  readonly restart?: RestartOptions;
  /** Where the pool says what goes wrong and what recovers (default: standard error). */
  readonly log?: (message: string) => void;
}

/** Who asked, and whether the query is the client's own text or one the server built. */
export interface JobOrigin {
  /** The client's address ('' or absent: the server itself). */
  readonly client?: string | undefined;
  /** 'client': the client wrote the query (long-query rules apply); 'server' (default): the fast lane. */
  readonly lane?: 'client' | 'server';
}

export interface PoolHealth extends RestartHealth {
  /** Workers kept running, as configured. */
  readonly size: number;
  /** Workers at most, extra ones included. */
  readonly max: number;
  /** Workers up and taking jobs. */
  readonly alive: number;
  readonly busy: number;
  /** Workers running a job past `longMs`. */
  readonly long: number;
  /** Workers loading. */
  readonly starting: number;
  readonly queued: number;
  /** Clients with a query running or waiting. */
  readonly clients: number;
  /** Clients counted as heavy now. */
  readonly heavyClients: number;
  /** Workers replaced since start (deadline, trap or crash). */
  readonly replaced: number;
  /** Resident memory the last worker added when it loaded, in bytes (an estimate per worker). */
  readonly bytesPerWorker: number | undefined;
  /** The fairness policy in force. */
  readonly policy: Required<Omit<FairnessOptions, 'lingerMs'>>;
}
