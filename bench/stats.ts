/**
 * Timing: run a function under a policy (warm-up, run count, time budget) and summarise the
 * times (median, p90). All times are milliseconds from `performance.now()`.
 */

export interface RunPolicy {
  /** Untimed runs first (JIT, caches, connection set-up). */
  readonly warmup: number;
  /** Timed runs wanted. */
  readonly runs: number;
  /** Fewest timed runs, whatever the budget. */
  readonly minRuns: number;
  /** Stop adding runs once the timed runs would pass this many milliseconds. */
  readonly budgetMs: number;
}

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/**
 * Median (mean of the middle two for an even count), p90, min and max.
 *
 * @example
 *   summarize([3, 1, 2]).median; // 2
 */
export function summarize(times: readonly number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? Number.NaN
    : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, median, p90: percentile(sorted, 90), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

/**
 * Runs `fn(i)` (i counts every call, warm-ups included, so callers can make requests unique)
 * and returns the timed durations. `fn` may return its own duration (to time only part of
 * what it does); otherwise the whole call is timed.
 */
export async function sample(fn: (i: number) => unknown, policy: RunPolicy): Promise<number[]> {
  let i = 0;
  for (; i < policy.warmup; i++) await fn(i);
  const times: number[] = [];
  let spent = 0;
  while (times.length < policy.runs) {
    const started = performance.now();
    const own = await fn(i++);
    const ms = typeof own === 'number' ? own : performance.now() - started;
    times.push(ms);
    spent += ms;
    const next = spent / times.length;
    if (times.length >= policy.minRuns && spent + next > policy.budgetMs) break;
  }
  return times;
}

/** `1.234` → `1.23`, `123.4` → `123`, `12345` → `12,345`: 3 significant figures below 100. */
export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const size = Math.abs(value);
  if (size >= 100) return Math.round(value).toLocaleString('en');
  if (size >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A ratio as `123×`. */
export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${Math.round(a / b).toLocaleString('en')}×` : '–');
