/**
 * A pool of query workers (worker threads), each holding an Oxigraph store loaded from the same
 * sources. The main thread only queues jobs and passes messages: it never runs a query. A job
 * past its deadline is answered with a DeadlineError; if it was running, its worker is terminated
 * and a fresh one loaded in its place, so a runaway query cannot hold the server.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DatasetStats, SourceSpec, WorkerInit, WorkerJob, WorkerMessage } from './protocol.js';

/** The query ran past its deadline and was stopped. */
export class DeadlineError extends Error {
  constructor(readonly deadlineMs: number, readonly queued: boolean) {
    super(`The query ran past the ${deadlineMs / 1000} s deadline and was stopped.`);
  }
}
/** Every worker is busy and the queue is full. */
export class BusyError extends Error {}
/** A worker died while running the query (e.g. out of memory). */
export class WorkerCrashError extends Error {}
/** A source file could not be loaded. */
export class LoadError extends Error {
  constructor(readonly path: string, readonly detail: string) {
    super(`${path}: ${detail}`);
  }
}

export type JobResult = Extract<WorkerMessage, { type: 'result' | 'query-error' | 'vocabulary-stats' }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type JobInput = DistributiveOmit<WorkerJob, 'id'>;

interface Pending {
  readonly job: WorkerJob;
  readonly resolve: (r: JobResult) => void;
  readonly reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  worker?: Slot;
}
interface Slot {
  worker: Worker;
  busy?: Pending | undefined;
}

export interface PoolOptions {
  readonly size: number;
  readonly sources: readonly SourceSpec[];
  /** Jobs waiting for a worker beyond this are refused with BusyError. */
  readonly maxQueue?: number;
}

/**
 * The compiled worker script. Tests import the TypeScript sources, which Node 20 cannot run in a
 * worker, so from `src/` the compiled copy in `dist/` is used (`npm test` compiles first).
 */
function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/query/worker.js', import.meta.url);
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers started to replace terminated ones (for tests and metrics). */
  replaced = 0;

  private constructor(private readonly options: PoolOptions) {}

  /**
   * Starts the first worker and resolves once it has loaded the sources and counted the dataset:
   * the pool can answer from then on. The other workers load one after another behind it (on a
   * machine with few cores, loading them all at once would only delay the first);
   * `allReady` settles when they are all up.
   */
  static async start(options: PoolOptions): Promise<{ pool: WorkerPool; stats: DatasetStats; loadMs: number }> {
    const pool = new WorkerPool(options);
    let first;
    try {
      first = await pool.spawn(true);
    } catch (error) {
      await pool.close();
      throw error;
    }
    pool.allReady = (async () => {
      for (let i = 1; i < options.size && !pool.closed; i++) await pool.spawn(false);
    })();
    pool.allReady.catch(() => {
      /* a later worker failing to load leaves the pool smaller; the first loaded the same sources */
    });
    return { pool, stats: first.stats!, loadMs: first.loadMs };
  }

  /** Settles when every worker asked for has loaded (rejects if one failed to). */
  allReady: Promise<void> = Promise.resolve();

  /** Workers ready to take jobs now. */
  get size(): number {
    return this.slots.length;
  }

  /** Workers the pool runs when all are up. */
  get configuredSize(): number {
    return this.options.size;
  }

  private spawn(stats: boolean): Promise<{ stats?: DatasetStats; loadMs: number }> {
    const init: WorkerInit = { sources: this.options.sources, stats };
    const worker = new Worker(workerScript(), { workerData: init });
    return new Promise((resolve, reject) => {
      const onReady = (message: WorkerMessage) => {
        if (message.type === 'load-failed') {
          void worker.terminate();
          reject(new LoadError(message.path, message.message));
          return;
        }
        if (message.type !== 'ready') return;
        worker.off('message', onReady);
        worker.off('error', onStartError);
        const slot: Slot = { worker };
        worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
        worker.on('error', (e) => this.onCrash(slot, e));
        worker.on('exit', () => this.onCrash(slot, new Error('worker exited')));
        if (this.closed) void worker.terminate();
        else this.slots.push(slot);
        this.dispatch();
        resolve(message.stats ? { stats: message.stats, loadMs: message.loadMs } : { loadMs: message.loadMs });
      };
      const onStartError = (error: Error) => reject(error);
      worker.on('message', onReady);
      worker.once('error', onStartError);
    });
  }

  /** Runs a job; resolves with its result or query error, rejects on deadline, overload or crash. */
  run(input: JobInput, deadlineMs: number): Promise<JobResult> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    const maxQueue = this.options.maxQueue ?? 256;
    if (this.queue.length >= maxQueue) return Promise.reject(new BusyError('All query workers are busy; try again shortly.'));
    const job = { ...input, id: this.nextId++ } as WorkerJob;
    return new Promise<JobResult>((resolve, reject) => {
      const pending: Pending = { job, resolve, reject, timer: setTimeout(() => this.expire(pending, deadlineMs), deadlineMs) };
      this.queue.push(pending);
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      pending.worker = slot;
      slot.worker.postMessage(pending.job);
    }
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    const pending = slot.busy;
    if (!pending || !('id' in message) || message.id !== pending.job.id) return;
    clearTimeout(pending.timer);
    slot.busy = undefined;
    pending.resolve(message as JobResult);
    this.dispatch();
  }

  private expire(pending: Pending, deadlineMs: number): void {
    const slot = pending.worker;
    if (!slot) {
      this.queue.splice(this.queue.indexOf(pending), 1);
      pending.reject(new DeadlineError(deadlineMs, true));
      return;
    }
    slot.busy = undefined;
    this.retire(slot);
    pending.reject(new DeadlineError(deadlineMs, false));
  }

  private onCrash(slot: Slot, error: Error): void {
    if (!this.slots.includes(slot)) return;
    const pending = slot.busy;
    slot.busy = undefined;
    this.retire(slot);
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(new WorkerCrashError(`A query worker stopped while running this query: ${error.message}`));
    }
  }

  /** Terminates a worker and starts a replacement that loads the same sources. */
  private retire(slot: Slot): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    void slot.worker.terminate();
    if (this.closed) return;
    this.replaced++;
    this.spawn(false).catch(() => {
      /* the sources loaded once; a failure here leaves the pool one worker smaller */
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.timer);
      p.reject(new Error('the server is shutting down'));
    }
    await Promise.all(this.slots.splice(0).map((s) => {
      s.worker.removeAllListeners('exit');
      if (s.busy) clearTimeout(s.busy.timer);
      return s.worker.terminate();
    }));
  }
}
