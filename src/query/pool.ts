/**
 * A pool of query workers (worker threads), each holding an Oxigraph store loaded from the same
 * sources. The main thread only queues jobs and passes messages: it never runs a query.
 *
 * What it guarantees:
 * - **A bad worker is never reused.** A job past its deadline has its worker terminated; a worker
 *   whose engine trapped (WebAssembly trap, stack overflow, panic) or died is terminated too.
 *   Each is replaced by a fresh worker loading the same sources.
 * - **Fairness.** Jobs wait in a FairQueue (fair-queue.ts): the server's own queries first (but
 *   not for ever), each client in turn, each client within its limits.
 * - **Long queries cannot take every worker.** A job running longer than `longMs` is long, and
 *   its client is *heavy* for `heavyForMs` after: a heavy client runs one query at a time, and
 *   heavy clients' queries together hold at most `size − reserve` workers, so `reserve` workers
 *   stay for everything else. A long query nobody could foresee (a client's first) may still
 *   take the last worker; then an extra worker is started (up to `maxWorkers`) so that
 *   `reserve` workers are free of long jobs again, and extra workers idle past `lingerMs` stop.
 */
import { existsSync } from 'node:fs';
import { freemem, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BusyError, ClientLimitError, DeadlineError, EngineTrapError, LoadError, ShutdownError, WorkerCrashError } from './errors.js';
import { FairQueue, type Queued } from './fair-queue.js';
import type { DatasetStats, SourceSpec, WorkerInit, WorkerJob, WorkerMessage } from './protocol.js';

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
}

/** Who asked, and whether the query is the client's own text or one the server built. */
export interface JobOrigin {
  /** The client's address ('' or absent: the server itself). */
  readonly client?: string | undefined;
  /** 'client': the client wrote the query (long-query rules apply); 'server' (default): the fast lane. */
  readonly lane?: 'client' | 'server';
}


export interface PoolHealth {
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

interface Pending extends Queued {
  readonly job: WorkerJob;
  readonly resolve: (r: JobResult) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
  slot?: Slot;
}

interface Slot {
  readonly worker: Worker;
  /** The worker's thread id in the operating system, when known (Linux). */
  readonly tid: number | undefined;
  /** Its scheduling priority was lowered (it ran a long job). */
  niced: boolean;
  busy?: Pending | undefined;
  /** The running job has passed `longMs`. */
  long: boolean;
  longTimer?: NodeJS.Timeout | undefined;
  idleTimer?: NodeJS.Timeout | undefined;
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
  private readonly waiting: FairQueue<Pending>;
  private starting = 0;
  private nextId = 1;
  private closed = false;
  private maxWorkers: number;
  private bytesPerWorker: number | undefined;
  /** Workers started to replace terminated ones (for tests and metrics). */
  replaced = 0;

  private readonly perClient: number;
  private readonly perClientQueue: number;
  private readonly longMs: number;
  private readonly heavyForMs: number;
  private readonly reserve: number;
  private readonly lingerMs: number;

  private constructor(private readonly options: PoolOptions) {
    const f = options.fairness ?? {};
    this.perClient = f.perClient ?? options.size;
    this.perClientQueue = f.perClientQueue ?? 16;
    this.longMs = f.longMs ?? 1000;
    this.heavyForMs = f.heavyForMs ?? 60_000;
    this.reserve = f.reserve ?? 1;
    this.lingerMs = f.lingerMs ?? 5000;
    this.waiting = new FairQueue<Pending>({
      perClient: this.perClient, perClientQueue: this.perClientQueue, heavyForMs: this.heavyForMs,
      heavyCapacity: Math.max(1, options.size - this.reserve),
    });
    this.maxWorkers = typeof options.maxWorkers === 'number' ? Math.max(options.maxWorkers, options.size) : options.size;
  }

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
    if (options.maxWorkers === undefined || options.maxWorkers === 'auto') {
      const per = Math.max(pool.bytesPerWorker ?? 0, 32 * 1024 * 1024);
      const byMemory = Math.floor((freemem() * 0.5) / per);
      pool.maxWorkers = Math.max(options.size, Math.min(byMemory, 4 * options.size, 16));
    }
    pool.allReady = new Promise<void>((resolve, reject) => {
      pool.onAllReady = { resolve, reject };
    });
    pool.allReady.catch(() => {
      /* a later worker failing to load leaves the pool smaller; the first loaded the same sources */
    });
    pool.maintain();
    return { pool, stats: first.stats!, loadMs: first.loadMs };
  }

  /** Settles when every worker asked for has loaded (rejects if one failed to). */
  allReady: Promise<void> = Promise.resolve();
  private onAllReady: { resolve: () => void; reject: (e: Error) => void } | undefined;

  /** Workers ready to take jobs now. */
  get size(): number {
    return this.slots.length;
  }

  /** Workers the pool keeps running. */
  get configuredSize(): number {
    return this.options.size;
  }

  /** Workers the pool may run at most, extra ones included. */
  get maxSize(): number {
    return this.maxWorkers;
  }

  health(): PoolHealth {
    const { clients, heavy: heavyClients } = this.waiting.clientCounts();
    return {
      size: this.options.size,
      max: this.maxWorkers,
      alive: this.slots.length,
      busy: this.slots.filter((s) => s.busy).length,
      long: this.slots.filter((s) => s.long).length,
      starting: this.starting,
      queued: this.waiting.size,
      clients,
      heavyClients,
      replaced: this.replaced,
      bytesPerWorker: this.bytesPerWorker,
      policy: { perClient: this.perClient, perClientQueue: this.perClientQueue, longMs: this.longMs, heavyForMs: this.heavyForMs, reserve: this.reserve },
    };
  }

  /** The worker threads (for fault tests and diagnostics). */
  threads(): ReadonlyArray<{ readonly worker: Worker; readonly busy: boolean }> {
    return this.slots.map((s) => ({ worker: s.worker, busy: s.busy !== undefined }));
  }

  private spawn(stats: boolean): Promise<{ stats?: DatasetStats; loadMs: number }> {
    const init: WorkerInit = { sources: this.options.sources, stats };
    const rssBefore = process.memoryUsage.rss();
    this.starting++;
    const worker = new Worker(workerScript(), { workerData: init });
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        this.starting--;
        void worker.terminate();
        reject(error);
      };
      const onReady = (message: WorkerMessage) => {
        if (message.type === 'load-failed') {
          fail(new LoadError(message.path, message.message));
          return;
        }
        if (message.type !== 'ready' || settled) return;
        settled = true;
        this.starting--;
        this.bytesPerWorker = Math.max(0, process.memoryUsage.rss() - rssBefore) || this.bytesPerWorker;
        worker.off('message', onReady);
        worker.off('error', fail);
        worker.off('exit', onEarlyExit);
        const slot: Slot = { worker, tid: message.tid, niced: false, long: false };
        worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
        worker.on('error', (e) => this.onCrash(slot, e));
        worker.on('exit', (code) => this.onCrash(slot, new Error(`worker exited with code ${code}`)));
        if (this.closed) void worker.terminate();
        else this.slots.push(slot);
        this.dispatch();
        resolve(message.stats ? { stats: message.stats, loadMs: message.loadMs } : { loadMs: message.loadMs });
      };
      const onEarlyExit = (code: number) => fail(new Error(`a query worker exited with code ${code} while loading`));
      worker.on('message', onReady);
      worker.once('error', fail);
      worker.once('exit', onEarlyExit);
    });
  }

  /**
   * Runs a job; resolves with its result or query error; rejects on deadline (DeadlineError),
   * overload (BusyError, ClientLimitError), a trap (EngineTrapError) or a lost worker
   * (WorkerCrashError).
   */
  run(input: JobInput, deadlineMs: number, origin: JobOrigin = {}): Promise<JobResult> {
    if (this.closed) return Promise.reject(new ShutdownError());
    const maxQueue = this.options.maxQueue ?? 256;
    if (this.waiting.size >= maxQueue) return Promise.reject(new BusyError());
    const client = origin.client ?? '';
    const lane = origin.lane ?? 'server';
    if (!this.waiting.admits(client)) {
      return Promise.reject(new ClientLimitError(this.perClientQueue, Math.max(1, Math.ceil(deadlineMs / 1000))));
    }
    const job = { ...input, id: this.nextId++ } as WorkerJob;
    return new Promise<JobResult>((resolve, reject) => {
      const pending: Pending = { job, client, lane, resolve, reject, timer: setTimeout(() => this.expire(pending, deadlineMs), deadlineMs) };
      this.waiting.push(pending);
      this.dispatch();
    });
  }

  /** Workers held by long jobs or by heavy clients' own queries. */
  private heavyRunning(): number {
    const now = Date.now();
    return this.slots.filter((s) => s.busy && (s.long || this.waiting.isHeavy(s.busy, now))).length;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.waiting.size === 0) break;
      if (slot.busy) continue;
      const pending = this.waiting.next(() => this.heavyRunning());
      if (!pending) break;
      this.start(slot, pending);
    }
    this.maintain();
  }

  private start(slot: Slot, pending: Pending): void {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    slot.busy = pending;
    pending.slot = slot;
    slot.longTimer = setTimeout(() => {
      slot.long = true;
      this.waiting.markHeavy(pending);
      this.lowerPriority(slot);
      this.maintain();
    }, this.longMs);
    slot.longTimer.unref();
    slot.worker.postMessage(pending.job);
  }

  /**
   * A long job's thread gets the lowest scheduling priority (nice 19), so that on a machine with
   * few cores the short queries beside it keep their latency: the operating system gives a
   * nice-0 thread about 68 times the CPU of a nice-19 one when both want it.
   */
  private lowerPriority(slot: Slot): void {
    if (slot.tid === undefined || slot.niced) return;
    try {
      setPriority(slot.tid, 19);
      slot.niced = true;
    } catch {
      /* not permitted here: the job runs at normal priority */
    }
  }

  /**
   * After a long job, the worker gets its normal priority back; raising a priority needs a
   * privilege the server may not have, and then the worker is replaced by a fresh one instead.
   * Returns false when the slot was retired.
   */
  private restorePriority(slot: Slot): boolean {
    if (!slot.niced) return true;
    try {
      setPriority(slot.tid!, 0);
      slot.niced = false;
      return true;
    } catch {
      this.retire(slot, false);
      return false;
    }
  }

  /** The job on `slot` is over (answered, expired, trapped or lost): free the slot's bookkeeping. */
  private finish(slot: Slot, pending: Pending): void {
    clearTimeout(pending.timer);
    clearTimeout(slot.longTimer);
    slot.longTimer = undefined;
    this.waiting.done(pending, slot.long);
    slot.long = false;
    slot.busy = undefined;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    const pending = slot.busy;
    if (!pending || !('id' in message) || message.id !== pending.job.id) return;
    this.finish(slot, pending);
    if (message.type === 'trapped') {
      this.retire(slot);
      pending.reject(new EngineTrapError(message.reason, message.message));
    } else {
      pending.resolve(message as JobResult);
      if (this.restorePriority(slot)) this.lingerOrStop(slot);
    }
    this.dispatch();
  }

  private expire(pending: Pending, deadlineMs: number): void {
    const slot = pending.slot;
    if (!slot) {
      this.waiting.remove(pending);
      pending.reject(new DeadlineError(deadlineMs, true));
      return;
    }
    this.finish(slot, pending);
    this.retire(slot);
    pending.reject(new DeadlineError(deadlineMs, false));
    this.dispatch();
  }

  private onCrash(slot: Slot, error: Error): void {
    if (!this.slots.includes(slot)) return;
    const pending = slot.busy;
    if (pending) this.finish(slot, pending);
    this.retire(slot);
    pending?.reject(new WorkerCrashError(`A query worker stopped while running this query: ${error.message}`));
    this.dispatch();
  }

  /** Terminates a worker; `maintain` starts whatever replacement the pool needs. */
  private retire(slot: Slot, replace = true): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    clearTimeout(slot.idleTimer);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.removeAllListeners('message');
    void slot.worker.terminate();
    if (!this.closed && replace) this.replaced++;
  }

  /** An extra worker that has become idle stops after `lingerMs` if it is still not needed. */
  private lingerOrStop(slot: Slot): void {
    if (this.slots.length <= this.options.size) return;
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.busy || this.closed || !this.slots.includes(slot)) return;
      const freeOfLong = this.slots.filter((s) => !s.long).length - 1;
      if (this.slots.length - 1 >= this.options.size && freeOfLong >= this.reserve) {
        this.retire(slot, false); // not replaced: the pool shrinks back
      }
    }, this.lingerMs);
    slot.idleTimer.unref();
  }

  /**
   * Keeps `size` workers, and `reserve` of them free of long jobs (up to `maxWorkers`). Workers
   * load one at a time: on a machine with few cores, loading several at once only delays each.
   */
  private maintain(): void {
    if (this.closed || this.starting > 0) return;
    const alive = this.slots.length;
    if (alive >= this.options.size && this.onAllReady) {
      this.onAllReady.resolve();
      this.onAllReady = undefined;
    }
    const freeOfLong = this.slots.filter((s) => !s.long).length;
    const wanted = alive < this.options.size || (freeOfLong < this.reserve && alive < this.maxWorkers);
    if (!wanted) return;
    this.spawn(false).then(
      () => this.maintain(),
      (error: Error) => {
        // The sources loaded once; a failure here leaves the pool one worker smaller.
        this.onAllReady?.reject(error);
        this.onAllReady = undefined;
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.waiting.drain()) {
      clearTimeout(p.timer);
      p.reject(new ShutdownError());
    }
    await Promise.all(this.slots.splice(0).map((s) => {
      s.worker.removeAllListeners('exit');
      s.worker.removeAllListeners('error');
      clearTimeout(s.longTimer);
      clearTimeout(s.idleTimer);
      if (s.busy) {
        clearTimeout(s.busy.timer);
        s.busy.reject(new ShutdownError());
      }
      return s.worker.terminate();
    }));
  }
}
