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
 *
 * This file decides which job runs on which worker (queue, deadlines, fairness); the workers
 * themselves — starting, keeping the count, replacing, retiring, priority — are worker-set.ts,
 * starting one thread is worker-spawn.ts, and the waits between failed starts worker-restarts.ts.
 */
import { BusyError, ClientLimitError, DeadlineError, EngineTrapError, ShutdownError, WorkerCrashError, type EngineUnavailableError } from './errors.js';
import { FairQueue, type Queued } from './fair-queue.js';
import type { JobInput, JobOrigin, JobResult, PoolHealth, PoolOptions } from './pool-options.js';
import type { DatasetStats, WorkerJob, WorkerMessage } from './protocol.js';
import { WorkerSet, type Slot } from './worker-set.js';

export type { FairnessOptions, JobInput, JobOrigin, JobResult, PoolHealth, PoolOptions } from './pool-options.js';

interface Pending extends Queued {
  readonly job: WorkerJob;
  readonly resolve: (r: JobResult) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
  slot?: Slot<Pending>;
}

/** The workers (worker-set.ts) and which job runs on which: queueing, deadlines, fairness. */
export class WorkerPool extends WorkerSet<Pending> {
  private readonly waiting: FairQueue<Pending>;
  private nextId = 1;

  private readonly perClient: number;
  private readonly perClientQueue: number;
  private readonly longMs: number;
  private readonly heavyForMs: number;

  private constructor(options: PoolOptions) {
    const f = options.fairness ?? {};
    const reserve = f.reserve ?? 1;
    super(options, reserve, f.lingerMs ?? 5000);
    this.perClient = f.perClient ?? options.size;
    this.perClientQueue = f.perClientQueue ?? 16;
    this.longMs = f.longMs ?? 1000;
    this.heavyForMs = f.heavyForMs ?? 60_000;
    this.waiting = new FairQueue<Pending>({
      perClient: this.perClient, perClientQueue: this.perClientQueue, heavyForMs: this.heavyForMs,
      heavyCapacity: Math.max(1, options.size - reserve),
    });
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
    pool.startTheRest();
    return { pool, stats: first.stats!, loadMs: first.loadMs };
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

  protected dispatch(): void {
    for (const slot of this.slots) {
      if (this.waiting.size === 0) break;
      if (slot.busy) continue;
      const pending = this.waiting.next(() => this.heavyRunning());
      if (!pending) break;
      this.start(slot, pending);
    }
    this.maintain();
  }

  private start(slot: Slot<Pending>, pending: Pending): void {
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

  /** The job on `slot` is over (answered, expired, trapped or lost): free the slot's bookkeeping. */
  private finish(slot: Slot<Pending>, pending: Pending): void {
    clearTimeout(pending.timer);
    clearTimeout(slot.longTimer);
    slot.longTimer = undefined;
    this.waiting.done(pending, slot.long);
    slot.long = false;
    slot.busy = undefined;
  }

  protected onMessage(slot: Slot<Pending>, message: WorkerMessage): void {
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

  protected lost(slot: Slot<Pending>, error: Error): void {
    const pending = slot.busy!;
    this.finish(slot, pending);
    pending.reject(new WorkerCrashError(`A query worker stopped while running this query: ${error.message}`));
  }

  /** Refuses every waiting job (none can run before a worker starts again). */
  protected refuseWaiting(error: EngineUnavailableError): void {
    for (const p of this.waiting.drain()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.waiting.drain()) {
      clearTimeout(p.timer);
      p.reject(new ShutdownError());
    }
    await this.terminateAll((p) => {
      clearTimeout(p.timer);
      p.reject(new ShutdownError());
    });
  }
}
