/**
 * The query workers of the pool (pool.ts), as threads: starting them (one at a time: on a machine
 * with few cores, loading several at once only delays each), keeping as many as configured (and
 * `reserve` free of long jobs, up to `maxWorkers`), replacing one that dies, retiring one that
 * may not be reused, stopping extra ones that idle, and their scheduling priority. A worker that
 * fails to start, or dies idle soon after it started, is started again after a wait that doubles
 * (worker-restarts.ts); each failure and recovery is logged. Which job runs where is the pool's
 * part (its subclass).
 */
import { freemem, setPriority } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { EngineUnavailableError } from './errors.js';
import type { PoolOptions } from './pool-options.js';
import type { DatasetStats, WorkerMessage } from './protocol.js';
import { Restarts } from './worker-restarts.js';
import { spawnWorker } from './worker-spawn.js';

/** One worker, and the job `J` it runs. */
export interface Slot<J> {
  readonly worker: Worker;
  /** The worker's thread id in the operating system, when known (Linux). */
  readonly tid: number | undefined;
  /** Its scheduling priority was lowered (it ran a long job). */
  niced: boolean;
  busy?: J | undefined;
  /** The running job has passed `longMs`. */
  long: boolean;
  longTimer?: NodeJS.Timeout | undefined;
  idleTimer?: NodeJS.Timeout | undefined;
  /** When it started (Date.now()), and how many starts had failed in a row before it. */
  readonly startedAt: number;
  readonly streak: number;
}

export abstract class WorkerSet<J> {
  protected readonly slots: Array<Slot<J>> = [];
  protected starting = 0;
  protected closed = false;
  protected maxWorkers: number;
  protected bytesPerWorker: number | undefined;
  protected readonly restarts: Restarts;
  /** Workers started to replace terminated ones (for tests and metrics). */
  replaced = 0;

  /**
   * Resolves when every worker asked for has loaded. It never rejects: a worker that fails to load
   * is started again (each failure is logged), so this may wait as long as the fault lasts.
   */
  allReady: Promise<void> = Promise.resolve();
  private onAllReady: (() => void) | undefined;

  protected constructor(protected readonly options: PoolOptions, protected readonly reserve: number, private readonly lingerMs: number) {
    this.maxWorkers = typeof options.maxWorkers === 'number' ? Math.max(options.maxWorkers, options.size) : options.size;
    this.restarts = new Restarts(options.restart ?? {}, options.log ?? ((message) => console.error(message)));
  }

  /** A message from a worker that has started. */
  protected abstract onMessage(slot: Slot<J>, message: WorkerMessage): void;
  /** Gives waiting jobs to free workers (and then calls `maintain`). */
  protected abstract dispatch(): void;
  /** The worker running `slot.busy` died: settle that job. */
  protected abstract lost(slot: Slot<J>, error: Error): void;
  /** No worker runs and starting one fails: refuse the jobs waiting, with `error`. */
  protected abstract refuseWaiting(error: EngineUnavailableError): void;

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

  /** The worker threads (for fault tests and diagnostics). */
  threads(): ReadonlyArray<{ readonly worker: Worker; readonly busy: boolean }> {
    return this.slots.map((s) => ({ worker: s.worker, busy: s.busy !== undefined }));
  }

  /**
   * After the first worker: the most workers ('auto': as many as half the free memory holds at
   * the first one's size), and the others started behind it; `allReady` resolves when all are up.
   */
  protected startTheRest(): void {
    const { size, maxWorkers } = this.options;
    if (maxWorkers === undefined || maxWorkers === 'auto') {
      const per = Math.max(this.bytesPerWorker ?? 0, 32 * 1024 * 1024);
      const byMemory = Math.floor((freemem() * 0.5) / per);
      this.maxWorkers = Math.max(size, Math.min(byMemory, 4 * size, 16));
    }
    this.allReady = new Promise<void>((resolve) => {
      this.onAllReady = resolve;
    });
    this.maintain();
  }

  /** Starts a worker and adds it to the pool once it has loaded. */
  protected async spawn(stats: boolean): Promise<{ stats?: DatasetStats; loadMs: number }> {
    const rssBefore = process.memoryUsage.rss();
    this.starting++;
    let started;
    try {
      started = await spawnWorker({ sources: this.options.sources, stats }, this.options.loadTimeoutMs ?? 600_000);
    } finally {
      this.starting--;
    }
    const { worker, tid, loadMs } = started;
    this.bytesPerWorker = Math.max(0, process.memoryUsage.rss() - rssBefore) || this.bytesPerWorker;
    const streak = this.restarts.started({ alive: this.slots.length + 1, size: this.options.size });
    const slot: Slot<J> = { worker, tid, niced: false, long: false, startedAt: Date.now(), streak };
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (e) => this.onCrash(slot, e));
    worker.on('exit', (code) => this.onCrash(slot, new Error(`worker exited with code ${code}`)));
    if (this.closed) void worker.terminate();
    else this.slots.push(slot);
    this.dispatch();
    return started.stats ? { stats: started.stats, loadMs } : { loadMs };
  }

  /**
   * A worker died on its own (killed, out of memory, its thread failed): replaced at once if it
   * was running a job (which likely killed it) or had run a while; after a wait if it died idle
   * soon after starting (a start that did not hold).
   */
  private onCrash(slot: Slot<J>, error: Error): void {
    if (!this.slots.includes(slot)) return;
    const running = slot.busy !== undefined;
    if (running) this.lost(slot, error);
    this.retire(slot);
    const lived = running ? Number.POSITIVE_INFINITY : Date.now() - slot.startedAt;
    this.restarts.died(error.message, lived, slot.streak, this.census(), () => this.maintain());
    if (this.unavailable) this.refuseWaiting(this.unavailableError());
    this.dispatch();
  }

  /** No worker runs, and starting one has failed: jobs are refused at once rather than left to their deadline. */
  protected get unavailable(): boolean {
    return this.slots.length === 0 && this.restarts.failedStarts > 0;
  }

  protected unavailableError(): EngineUnavailableError {
    const n = this.restarts.failedStarts;
    return new EngineUnavailableError(
      `no query worker is running, and starting one has failed ${n === 1 ? 'once' : `${n} times in a row`}`,
      this.restarts.retryAfterSeconds(),
    );
  }

  private census() {
    return { alive: this.slots.length, size: this.options.size };
  }

  /** Terminates a worker; `maintain` starts whatever replacement the pool needs. */
  protected retire(slot: Slot<J>, replace = true): void {
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
  protected lingerOrStop(slot: Slot<J>): void {
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
   * Keeps `size` workers, and `reserve` of them free of long jobs (up to `maxWorkers`), one
   * starting at a time, none while waiting to try again after a failure.
   */
  protected maintain(): void {
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
        if (this.unavailable) this.refuseWaiting(this.unavailableError());
      },
    );
  }

  /**
   * A long job's thread gets the lowest scheduling priority (nice 19), so that on a machine with
   * few cores the short queries beside it keep their latency: the operating system gives a
   * nice-0 thread about 68 times the CPU of a nice-19 one when both want it.
   */
  protected lowerPriority(slot: Slot<J>): void {
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
  protected restorePriority(slot: Slot<J>): boolean {
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

  /** Stops starting workers and terminates them all; `settle` is called for each one's running job first. */
  protected async terminateAll(settle: (job: J) => void): Promise<void> {
    this.closed = true;
    this.restarts.stop();
    await Promise.all(this.slots.splice(0).map((s) => {
      s.worker.removeAllListeners('exit');
      s.worker.removeAllListeners('error');
      clearTimeout(s.longTimer);
      clearTimeout(s.idleTimer);
      if (s.busy) settle(s.busy);
      return s.worker.terminate();
    }));
  }
}
