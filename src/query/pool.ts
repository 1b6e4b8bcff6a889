/**
 * A pool of query workers (worker threads), each holding an Oxigraph store loaded from the same
 * sources. The main thread only queues jobs and passes messages: it never runs a query.
 *
 * What it guarantees:
 * - **A bad worker is never reused.** A job past its deadline has its worker terminated; a worker
 *   whose engine trapped (WebAssembly trap, stack overflow, panic) or died is terminated too.
 *   Each is replaced by a fresh worker loading the same sources.
 * - **It does not shrink silently.** A worker that fails to start or dies soon after starting is
 *   started again after a wait that doubles (worker-restarts.ts); each failure and recovery is
 *   logged, and health() says how many failed in a row and why. While no worker runs and starting
 *   one fails, jobs are refused at once (EngineUnavailableError) instead of waiting for their
 *   deadline.
 * - **Fairness.** Jobs wait in a FairQueue (fair-queue.ts): the server's own queries first (but
 *   not for ever), each client in turn, each client within its limits.
 * - **Long queries cannot take every worker.** A job running longer than `longMs` is long, and
 *   its client is *heavy* for `heavyForMs` after: a heavy client runs one query at a time, and
 *   heavy clients' queries together hold at most `size − reserve` workers, so `reserve` workers
 *   stay for everything else. A long query nobody could foresee (a client's first) may still
 *   take the last worker; then an extra worker is started (up to `maxWorkers`) so that
 *   `reserve` workers are free of long jobs again, and extra workers idle past `lingerMs` stop.
 */
import { freemem, setPriority } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { BusyError, ClientLimitError, DeadlineError, EngineTrapError, EngineUnavailableError, ShutdownError, WorkerCrashError } from './errors.js';
import { FairQueue, type Queued } from './fair-queue.js';
import type { FairnessOptions, JobInput, JobOrigin, JobResult, PoolHealth, PoolOptions } from './pool-options.js';
import type { DatasetStats, WorkerJob, WorkerMessage } from './protocol.js';
import { Restarts } from './worker-restarts.js';
import { spawnWorker } from './worker-spawn.js';

export type { FairnessOptions, JobInput, JobOrigin, JobResult, PoolHealth, PoolOptions } from './pool-options.js';

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
  /** When it started (Date.now()), and how many starts had failed in a row before it. */
  readonly startedAt: number;
  readonly streak: number;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: FairQueue<Pending>;
  private starting = 0;
  private nextId = 1;
  private closed = false;
  private maxWorkers: number;
  private bytesPerWorker: number | undefined;
  private readonly log: (message: string) => void;
  private readonly restarts: Restarts;
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
    this.log = options.log ?? ((message) => console.error(message));
    this.restarts = new Restarts(options.restart ?? {}, this.log);
  }

  /**
   * Starts the first worker and resolves once it has loaded the sources and counted the dataset:
   * the pool can answer from then on. The other workers load one after another behind it (on a
   * machine with few cores, loading them all at once would only delay the first);
   * `allReady` resolves when they are all up. If the first fails to load, `start` rejects (the
   * server fails loudly); a later one that fails is started again after a wait (worker-restarts.ts).
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
    pool.allReady = new Promise<void>((resolve) => {
      pool.onAllReady = resolve;
    });
    pool.maintain();
    return { pool, stats: first.stats!, loadMs: first.loadMs };
  }

  /**
   * Resolves when every worker asked for has loaded. It never rejects: a worker that fails to load
   * is started again (each failure is logged), so this may wait as long as the fault lasts.
   */
  allReady: Promise<void> = Promise.resolve();
  private onAllReady: (() => void) | undefined;

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
      ...this.restarts.health(),
      bytesPerWorker: this.bytesPerWorker,
      policy: { perClient: this.perClient, perClientQueue: this.perClientQueue, longMs: this.longMs, heavyForMs: this.heavyForMs, reserve: this.reserve },
    };
  }

  /** The worker threads (for fault tests and diagnostics). */
  threads(): ReadonlyArray<{ readonly worker: Worker; readonly busy: boolean }> {
    return this.slots.map((s) => ({ worker: s.worker, busy: s.busy !== undefined }));
  }

  /** Starts a worker and adds it to the pool once it has loaded. */
  private async spawn(stats: boolean): Promise<{ stats?: DatasetStats; loadMs: number }> {
    const rssBefore = process.memoryUsage.rss();
    this.starting++;
    let started;
    try {
      started = await spawnWorker({ sources: this.options.sources, stats });
    } finally {
      this.starting--;
    }
    const { worker, tid, loadMs } = started;
    this.bytesPerWorker = Math.max(0, process.memoryUsage.rss() - rssBefore) || this.bytesPerWorker;
    const streak = this.restarts.started({ alive: this.slots.length + 1, size: this.options.size });
    const slot: Slot = { worker, tid, niced: false, long: false, startedAt: Date.now(), streak };
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (e) => this.onCrash(slot, e));
    worker.on('exit', (code) => this.onCrash(slot, new Error(`worker exited with code ${code}`)));
    if (this.closed) void worker.terminate();
    else this.slots.push(slot);
    this.dispatch();
    return started.stats ? { stats: started.stats, loadMs } : { loadMs };
  }

  /**
   * Runs a job; resolves with its result or query error; rejects on deadline (DeadlineError),
   * overload (BusyError, ClientLimitError), a trap (EngineTrapError), a lost worker
   * (WorkerCrashError), or at once when no worker runs and starting one is failing
   * (EngineUnavailableError).
   */
  run(input: JobInput, deadlineMs: number, origin: JobOrigin = {}): Promise<JobResult> {
    if (this.closed) return Promise.reject(new ShutdownError());
    if (this.unavailable) return Promise.reject(this.unavailableError());
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

  /**
   * A worker died on its own (killed, out of memory, its thread failed): replaced, after a wait
   * if it died idle soon after starting (a start that did not hold).
   */
  private onCrash(slot: Slot, error: Error): void {
    if (!this.slots.includes(slot)) return;
    const pending = slot.busy;
    if (pending) this.finish(slot, pending);
    this.retire(slot);
    pending?.reject(new WorkerCrashError(`A query worker stopped while running this query: ${error.message}`));
    // A worker that dies mid-job was likely killed by the job (out of memory): replaced at once.
    const lived = pending ? Number.POSITIVE_INFINITY : Date.now() - slot.startedAt;
    this.restarts.died(error.message, lived, slot.streak, this.census(), () => this.maintain());
    if (this.unavailable) this.refuseWaiting();
    this.dispatch();
  }

  /** No worker runs, and starting one has failed: queries are refused at once rather than left to their deadline. */
  private get unavailable(): boolean {
    return this.slots.length === 0 && this.restarts.failedStarts > 0;
  }

  private unavailableError(): EngineUnavailableError {
    const n = this.restarts.failedStarts;
    return new EngineUnavailableError(
      `no query worker is running, and starting one has failed ${n === 1 ? 'once' : `${n} times in a row`}`,
      this.restarts.retryAfterSeconds(),
    );
  }

  /** Refuses every waiting job (none can run before a worker starts again). */
  private refuseWaiting(): void {
    const error = this.unavailableError();
    for (const p of this.waiting.drain()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
  }

  private census() {
    return { alive: this.slots.length, size: this.options.size };
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
    if (this.closed || this.starting > 0 || this.restarts.waiting) return;
    const alive = this.slots.length;
    if (alive >= this.options.size && this.onAllReady) {
      this.onAllReady();
      this.onAllReady = undefined;
    }
    const freeOfLong = this.slots.filter((s) => !s.long).length;
    const wanted = alive < this.options.size || (freeOfLong < this.reserve && alive < this.maxWorkers);
    if (!wanted) return;
    this.spawn(false).then(
      () => this.maintain(),
      (error: Error) => {
        if (this.closed) return;
        this.restarts.failed(error.message, this.census(), () => this.maintain());
        if (this.unavailable) this.refuseWaiting();
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.restarts.stop();
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
