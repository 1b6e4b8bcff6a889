/**
 * The embedded segraph server on one graph, for the scale tier's "embedded" column where the
 * main phases did not measure it (a graph only the store phase uses, or `--store-only`): one
 * start with the default workers, every worker loaded, then each query's uncached HTTP latency
 * with the same client and policy as the store columns.
 */
import { measureHttp, type HttpQueryResult } from './http.js';
import { procMemory, type ProcMemory } from './machine.js';
import type { BenchQuery } from './queries.js';
import { startServer } from './server.js';
import type { RunPolicy } from './stats.js';

export interface EmbeddedHttp {
  readonly http: Record<string, HttpQueryResult>;
  readonly startupMs: number;
  readonly allReadyMs: number | undefined;
  /** After the queries. */
  readonly memory: ProcMemory | undefined;
}

export async function embeddedHttp(
  root: string, graphArgs: readonly string[], queries: readonly BenchQuery[], policy: RunPolicy, readyTimeoutMs: number, log: (line: string) => void,
): Promise<EmbeddedHttp> {
  const server = await startServer({ root, args: graphArgs, readyTimeoutMs });
  try {
    const allReadyMs = await server.allReady(readyTimeoutMs);
    log(`  embedded server: ready in ${(server.startupMs / 1000).toFixed(1)} s, all workers in ${allReadyMs === undefined ? '?' : (allReadyMs / 1000).toFixed(1)} s`);
    const http: Record<string, HttpQueryResult> = {};
    for (const query of queries) http[query.id] = await measureHttp(server.endpoint, query.sparql, { uncached: policy });
    return { http, startupMs: server.startupMs, allReadyMs, memory: procMemory(server.pid) };
  } finally {
    await server.stop();
  }
}
