/**
 * SPARQL over HTTP as a client does it: POST application/sparql-query, ask for SPARQL JSON
 * results, read the whole body. The client is `node:http` with a keep-alive agent (Node's
 * `fetch` costs about 1 ms more per request on these machines, which would hide what the server
 * does), and, like curl and most SPARQL libraries, it does not ask for compression. Only the
 * first request pays for the TCP handshake (and it is a warm-up).
 */
import http from 'node:http';
import { sample, type RunPolicy } from './stats.js';

const agent = new http.Agent({ keepAlive: true });

export interface HttpAnswer {
  /** Request sent → whole body received. */
  readonly ms: number;
  readonly status: number;
  /** The `Segraph-Cache` header: `hit`, `miss` or null when absent. */
  readonly cache: string | null;
  /** `engine;dur=…` from the `Server-Timing` header: the server's own time for the query, ms. */
  readonly engineMs: number | undefined;
  /** The `Content-Encoding` of the answer (the client accepts gzip, as browsers do). */
  readonly encoding: string | null;
  readonly body: string;
}

/**
 * Protocol parameters besides the query (`default-graph-uri`, `named-graph-uri`). When given, the
 * request is the other POST form of the SPARQL protocol, `application/x-www-form-urlencoded`
 * with `query=…` and these: Virtuoso 7.2 never answers a POST of `application/sparql-query`
 * (the request hangs), and this is how a client hands it a dataset.
 */
export type ProtocolParameters = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * @example
 *   const answer = await queryOverHttp('http://127.0.0.1:3000/sparql', 'ASK {}');
 *   answer.status; // 200
 */
export function queryOverHttp(endpoint: string, sparql: string, parameters?: ProtocolParameters): Promise<HttpAnswer> {
  const url = new URL(endpoint);
  const body = parameters ? new URLSearchParams([['query', sparql], ...parameters.map(([name, value]) => [name, value])]).toString() : sparql;
  const type = parameters ? 'application/x-www-form-urlencoded' : 'application/sparql-query';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request({
      host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', agent,
      headers: { 'content-type': type, accept: 'application/sparql-results+json' },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const ms = performance.now() - started;
        const header = (name: string) => {
          const value = response.headers[name];
          return typeof value === 'string' ? value : null;
        };
        const timing = /(?:^|,)\s*engine;dur=([\d.]+)/.exec(header('server-timing') ?? '');
        resolve({
          ms, status: response.statusCode ?? 0, cache: header('segraph-cache'), engineMs: timing ? Number(timing[1]) : undefined,
          encoding: header('content-encoding'), body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The number of result rows in a SPARQL JSON body, or undefined if it is not one. */
export function rowCount(body: string): number | undefined {
  try {
    return (JSON.parse(body) as { results?: { bindings?: unknown[] } }).results?.bindings?.length;
  } catch {
    return undefined;
  }
}

/** The query made unique for the result cache: a comment line is part of the text, not the query. */
export const uncached = (sparql: string, run: number) => `${sparql}# run ${run}\n`;

export interface HttpTimes {
  readonly times: number[];
  /** Rows of the first answer. */
  rows: number | undefined;
  /** The server's `Server-Timing` engine duration of each timed answer that had one. */
  readonly engineTimes: number[];
  /** Content-Encoding of the first answer (`identity` when none). */
  encoding: string | undefined;
  /** How many timed answers said `Segraph-Cache: hit`, `miss`, or nothing. */
  readonly cache: { hit: number; miss: number; none: number };
  /** Timed answers whose status was not 200, with the first such body. */
  failures: number;
  firstFailure?: string;
}

export interface HttpQueryResult {
  readonly uncached: HttpTimes;
  readonly cached: HttpTimes;
}

let runCounter = 0;

/**
 * Times one query over HTTP twice: uncached (every request made unique with a comment line)
 * and cached (the identical request repeated after a first one filled the cache; skipped
 * without a cached policy).
 */
const empty = (): HttpTimes => ({ times: [], engineTimes: [], encoding: undefined, rows: undefined, cache: { hit: 0, miss: 0, none: 0 }, failures: 0 });

/** Notes one answer's details in `into` (its time is the caller's to keep). */
function note(into: HttpTimes, answer: HttpAnswer): void {
  into.rows ??= rowCount(answer.body);
  into.encoding ??= answer.encoding ?? 'identity';
  if (answer.engineMs !== undefined) into.engineTimes.push(answer.engineMs);
  into.cache[answer.cache === 'hit' ? 'hit' : answer.cache === 'miss' ? 'miss' : 'none']++;
  if (answer.status !== 200) {
    into.failures++;
    into.firstFailure ??= `${answer.status} ${answer.body.slice(0, 300)}`;
  }
}

export async function measureHttp(
  endpoint: string,
  sparql: string,
  policy: { readonly uncached: RunPolicy; readonly cached?: RunPolicy | undefined },
  parameters?: ProtocolParameters,
): Promise<HttpQueryResult> {
  const timed = (into: HttpTimes, warmup: number, text: (i: number) => string) => async (i: number) => {
    const answer = await queryOverHttp(endpoint, text(i), parameters);
    if (i >= warmup) note(into, answer);
    return answer.ms;
  };
  const uncachedTimes = empty();
  uncachedTimes.times.push(...(await sample(timed(uncachedTimes, policy.uncached.warmup, () => uncached(sparql, ++runCounter)), policy.uncached)));
  const cachedTimes = empty();
  if (!policy.cached) return { uncached: uncachedTimes, cached: cachedTimes }; // a store without a result cache
  await queryOverHttp(endpoint, sparql, parameters); // fills the cache
  cachedTimes.times.push(...(await sample(timed(cachedTimes, policy.cached.warmup, () => sparql), policy.cached)));
  return { uncached: uncachedTimes, cached: cachedTimes };
}

/** Where one side of a paired measurement sends the query. */
export interface HttpTarget {
  readonly endpoint: string;
  readonly parameters?: ProtocolParameters;
}

/**
 * Times one query uncached on two servers, alternating request by request (a, b, a, b, …), so
 * that both see the same moments of a noisy machine and their difference is what one adds over
 * the other. The policy counts pairs; its budget is the pairs' total time.
 */
export async function measureHttpPair(a: HttpTarget, b: HttpTarget, sparql: string, policy: RunPolicy): Promise<[HttpTimes, HttpTimes]> {
  const times: [HttpTimes, HttpTimes] = [empty(), empty()];
  const targets = [a, b] as const;
  await sample(async (i) => {
    let pair = 0;
    for (const [k, target] of targets.entries()) {
      const answer = await queryOverHttp(target.endpoint, uncached(sparql, ++runCounter), target.parameters);
      pair += answer.ms;
      if (i >= policy.warmup) {
        note(times[k]!, answer);
        times[k]!.times.push(answer.ms);
      }
    }
    return pair;
  }, policy);
  return times;
}
