/**
 * The clients of the load benchmark: autocannon (closed loop: each connection sends its next
 * request when the previous one is answered) driving one scenario for a bounded time and count,
 * and a runaway sender that keeps one deliberately explosive query in flight per client address.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { queryOverHttp } from './http.js';

export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface LoadOptions {
  /** `http://127.0.0.1:PORT`: the server's loopback origin. */
  readonly origin: string;
  readonly connections: number;
  readonly durationS: number;
  /** A request unanswered this long is counted as a timeout and its connection reopened. */
  readonly timeoutS: number;
  /** Requests at most, whatever the duration. */
  readonly maxRequests: number;
  /** The next request to send; called once per request built, across all connections. */
  readonly next: () => LoadRequest;
}

export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface LoadResult {
  /** Seconds from the first request to the stop. */
  readonly durationS: number;
  /** Answers of any status. */
  readonly responses: number;
  readonly ok: number;
  /** Answers per second, and 2xx answers per second. */
  readonly rps: number;
  readonly okRps: number;
  /** Client-side latency of every answer (any status), ms, to the microsecond. */
  readonly latency: Percentiles;
  /** Answers by HTTP status. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Non-2xx answers by `status code` (the `error.code` of our JSON error body), with one message each. */
  readonly errorCodes: Readonly<Record<string, { count: number; sample: string }>>;
  /** Socket errors other than timeouts, by error code or message. */
  readonly socketErrors: Readonly<Record<string, number>>;
  readonly timeouts: number;
  /** The `Segraph-Cache` header of the answers (only `/sparql` sends one). */
  readonly cache: { hit: number; miss: number; none: number };
  /** Mean body bytes of a 2xx answer (as sent: no compression was asked for). */
  readonly meanBytes: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100), as bench/stats.ts computes it. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

const headerOf = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
};

/** `query_timeout` from `{"error":{"code":"query_timeout",…}}`, with its message. */
function errorCodeOf(body: string): { code: string; message: string } {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return { code: typeof error?.code === 'string' ? error.code : '(no code)', message: typeof error?.message === 'string' ? error.message : '' };
  } catch {
    return { code: '(not JSON)', message: body.slice(0, 120) };
  }
}

/**
 * One autocannon run. Latency is taken from autocannon's per-answer event (microsecond
 * resolution) rather than its histogram, which keeps whole milliseconds.
 *
 * @example
 *   let n = 0;
 *   const r = await runLoad({ origin, connections: 10, durationS: 10, timeoutS: 10, maxRequests: 1e6,
 *     next: () => ({ method: 'GET', path: `/api/facets?sdg=${1 + (n++ % 17)}` }) });
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorCodes: Record<string, { count: number; sample: string }> = {};
  const socketErrors: Record<string, number> = {};
  const cache = { hit: 0, miss: 0, none: 0 };
  let okBytes = 0;
  let ok = 0;
  const request: autocannon.Request = {
    // A fresh headers object each time: autocannon writes Content-Length into the one it is given.
    setupRequest: (defaults) => {
      const next = options.next();
      return { ...defaults, method: next.method, path: next.path, headers: { ...next.headers }, body: next.body ?? '' };
    },
    onResponse: (status, body, _context, headers) => {
      const said = headerOf(headers as Record<string, unknown> | undefined, 'segraph-cache');
      cache[said === 'hit' ? 'hit' : said === 'miss' ? 'miss' : 'none']++;
      if (status >= 200 && status < 300) {
        ok++;
        okBytes += Buffer.byteLength(body);
        return;
      }
      const { code, message } = errorCodeOf(body);
      const key = `${status} ${code}`;
      const entry = (errorCodes[key] ??= { count: 0, sample: message });
      entry.count++;
    },
  };
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon({
      url: options.origin,
      connections: options.connections,
      duration: options.durationS,
      timeout: options.timeoutS,
      maxOverallRequests: options.maxRequests,
      requests: [request],
    }, (error: unknown, result: autocannon.Result) => {
      if (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
      const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
      resolve({
        durationS: result.duration,
        responses,
        ok,
        rps: responses / result.duration,
        okRps: ok / result.duration,
        latency: percentiles(latencies),
        statuses,
        errorCodes,
        socketErrors,
        timeouts: result.timeouts,
        cache,
        meanBytes: ok > 0 ? okBytes / ok : 0,
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    instance.on('reqError', (error: { code?: string; message?: string }) => {
      if (error.message === 'request timed out') return; // counted in result.timeouts
      const key = error.code ?? error.message ?? 'unknown';
      socketErrors[key] = (socketErrors[key] ?? 0) + 1;
    });
  });
}

/**
 * Sends each request once, one after another (a rotating set before it is timed: afterwards every
 * one is in the result cache); returns those not answered 2xx, as `status path`.
 */
export async function prime(origin: string, requests: readonly LoadRequest[], log: (line: string) => void): Promise<string[]> {
  const failed: string[] = [];
  for (const r of requests) {
    const response = await fetch(`${origin}${r.path}`, {
      method: r.method, headers: { ...r.headers }, ...(r.body !== undefined ? { body: r.body } : {}), signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    if (!response.ok) failed.push(`${response.status} ${r.path}`);
  }
  if (failed.length) log(`  priming: ${failed.length} of ${requests.length} not answered 2xx, e.g. ${failed[0]}`);
  return failed;
}

/**
 * After runaways were cut and their workers replaced: waits (at most 30 s) until an uncached
 * `query` (a comment line is added) is answered 200 within a second, then one more second, as
 * the replacements load side by side and the first answering means the others are close.
 */
export async function poolAnswers(endpoint: string, query: string): Promise<void> {
  const until = performance.now() + 30_000;
  for (let i = 0; performance.now() < until; i++) {
    const answer = await queryOverHttp(endpoint, `${query} ${i}\n`).catch(() => undefined);
    if (answer?.status === 200 && answer.ms < 1000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 1000));
}

export interface RunawaySend {
  /** The local address the runaway was sent from. */
  readonly from: string;
  /** Milliseconds from `start()` to sending it. */
  readonly sentAtMs: number;
  /** Sent → answered (or failed), ms. */
  readonly ms: number;
  readonly status: number | undefined;
  /** `error.code` of the JSON error body. */
  readonly code: string | undefined;
  /** A socket error instead of an answer. */
  readonly error?: string;
}

/**
 * Keeps one runaway query in flight from each local address: as soon as one is answered (the
 * server cuts it at its deadline), the next is sent. Each is made unique for the result cache.
 *
 * @example
 *   const runaways = new RunawayLoad(endpoint, ['127.0.0.2', '127.0.0.3'], (n) => `${EXPLOSIVE}\n# runaway ${n}\n`);
 *   runaways.start(); … ; const sends = await runaways.stop();
 */
export class RunawayLoad {
  private stopped = false;
  private count = 0;
  private started = 0;
  private readonly sends: RunawaySend[] = [];
  private loops: Array<Promise<void>> = [];

  constructor(private readonly endpoint: string, private readonly addresses: readonly string[], private readonly text: (n: number) => string) {}

  start(): void {
    this.started = performance.now();
    this.loops = this.addresses.map(async (from) => {
      while (!this.stopped) {
        const send = await this.send(from);
        this.sends.push(send);
        if (send.error) await new Promise((r) => setTimeout(r, 200)); // do not spin on a refused connection
      }
    });
  }

  /** Sends no more, waits for those in flight to be answered, and returns every send. */
  async stop(): Promise<RunawaySend[]> {
    this.stopped = true;
    await Promise.all(this.loops);
    return this.sends;
  }

  private send(from: string): Promise<RunawaySend> {
    const url = new URL(this.endpoint);
    const body = this.text(this.count++);
    const sentAt = performance.now();
    const sentAtMs = sentAt - this.started;
    return new Promise((resolve) => {
      const request = http.request({
        host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: from, agent: false,
        headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json', 'content-length': Buffer.byteLength(body) },
        timeout: 120_000,
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const status = response.statusCode;
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ from, sentAtMs, ms: performance.now() - sentAt, status, code: status !== undefined && status >= 300 ? errorCodeOf(text).code : undefined });
        });
        response.on('error', (error) => resolve({ from, sentAtMs, ms: performance.now() - sentAt, status: undefined, code: undefined, error: error.message }));
      });
      request.on('timeout', () => request.destroy(new Error('no answer in 120 s')));
      request.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ from, sentAtMs, ms: performance.now() - sentAt, status: undefined, code: undefined, error: error.code ?? error.message }));
      request.end(body);
    });
  }
}
