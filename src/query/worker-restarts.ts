/**
 * When the worker pool starts a worker again after a failure: a worker that failed to start (a
 * source unreadable, its script failing to load, out of memory) or died soon after it started is
 * retried after a wait that doubles with each failure in a row (0.5 s, 1 s, 2 s … up to 30 s), so
 * a fault that persists costs a few attempts a minute rather than a loop. Each failure and each
 * recovery is logged with its reason; the health report says how many failed in a row, the last
 * reason and when the next attempt is.
 */

export interface RestartOptions {
  /** The wait after the first failure, in milliseconds (default 500); it doubles after each more. */
  readonly initialMs?: number;
  /** The longest wait, in milliseconds (default 30 s). */
  readonly maxMs?: number;
  /** A worker that dies sooner than this after it started counts as a failed start (default 60 s). */
  readonly stableMs?: number;
}

export interface WorkerFailure {
  /** What went wrong, e.g. "data.nq: No such file or directory" or "worker exited with code 134". */
  readonly reason: string;
  /** When, as an ISO 8601 date-time. */
  readonly at: string;
}

export interface RestartHealth {
  /** Starts of a worker that failed in a row (a worker dying soon after starting included); 0 once one starts and stays up. */
  readonly failedStarts: number;
  /** The last failure of a worker (a failed start, or a worker that died), kept after recovery; null if none. */
  readonly lastFailure: WorkerFailure | null;
  /** While waiting to try again after a failure: when the next attempt is. */
  readonly nextStartAt?: string;
}

/** How many workers there are, for the log lines. */
export interface Census {
  readonly alive: number;
  readonly size: number;
}

export class Restarts {
  /** Failed starts in a row. */
  failedStarts = 0;
  private lastFailure: WorkerFailure | null = null;
  private timer: NodeJS.Timeout | undefined;
  private nextAt: number | undefined;
  private readonly initialMs: number;
  private readonly maxMs: number;
  readonly stableMs: number;

  constructor(options: RestartOptions, private readonly log: (message: string) => void) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.stableMs = options.stableMs ?? 60_000;
  }

  /** Waiting to try again: no worker may be started until then. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /**
   * A start failed (`streak`: failures in a row before the worker started, for one that died
   * soon after): logs it and calls `retry` after the wait, initialMs × 2^(failures − 1), at most maxMs.
   */
  failed(reason: string, census: Census, retry: () => void, streak = this.failedStarts): void {
    this.failedStarts = Math.max(this.failedStarts, streak) + 1;
    reason = firstLine(reason);
    this.lastFailure = { reason, at: new Date().toISOString() };
    const waitMs = Math.min(this.maxMs, this.initialMs * 2 ** (this.failedStarts - 1));
    this.nextAt = Date.now() + waitMs;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextAt = undefined;
      retry();
    }, waitMs);
    this.timer.unref();
    const none = census.alive === 0 ? '; no query worker is running: queries are answered 503 engine_unavailable until one starts' : '';
    this.log(`segraph: a query worker failed to start (${this.failedStarts} in a row): ${reason}; ${census.alive} of ${census.size} workers running${none}; trying again in ${seconds(waitMs)}`);
  }

  /**
   * A worker died (not retired by the pool: killed, out of memory, its thread failed). One that
   * had run for less than stableMs (`livedMs`; the pool passes Infinity for one that died running
   * a job) counts as a failed start, `streak` being the failures in a row before it started; the
   * replacement then waits its turn. Otherwise it is replaced at once.
   */
  died(reason: string, livedMs: number, streak: number, census: Census, retry: () => void): void {
    if (livedMs < this.stableMs) {
      this.failed(`a worker stopped ${seconds(livedMs)} after it started: ${reason}`, census, retry, streak);
      return;
    }
    reason = firstLine(reason);
    this.lastFailure = { reason, at: new Date().toISOString() };
    this.log(`segraph: a query worker stopped: ${reason}; ${census.alive} of ${census.size} workers running; starting another`);
  }

  /** A worker started: logs the recovery if starts had failed; returns the failures in a row before it. */
  started(census: Census): number {
    const streak = this.failedStarts;
    if (streak > 0) {
      this.log(`segraph: a query worker started again after ${streak} failed attempt${streak === 1 ? '' : 's'}; ${census.alive} of ${census.size} workers running`);
    }
    this.failedStarts = 0;
    return streak;
  }

  /** Seconds until the next attempt (at least 1): what to tell a client in `Retry-After`. */
  retryAfterSeconds(now = Date.now()): number {
    return this.nextAt === undefined ? 1 : Math.max(1, Math.ceil((this.nextAt - now) / 1000));
  }

  health(): RestartHealth {
    return {
      failedStarts: this.failedStarts,
      lastFailure: this.lastFailure,
      ...(this.nextAt !== undefined ? { nextStartAt: new Date(this.nextAt).toISOString() } : {}),
    };
  }

  /** No more attempts (the pool is closing). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAt = undefined;
  }
}

/** A reason fit for one log line (an error from the engine may carry its stack). */
function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
