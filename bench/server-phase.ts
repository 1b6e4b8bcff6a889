/**
 * The server part of the benchmark for one graph: start it with the default worker count and
 * with one worker, time each start, have every worker answer every query once (so memory
 * reflects a server that has answered), read its memory, then measure HTTP latency on the
 * default one.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureHttp, queryOverHttp, uncached, type HttpQueryResult } from './http.js';
import type { BenchQuery } from './queries.js';
import type { ServerPhase, ServerSample } from './results.js';
import { startServer, type RunningServer } from './server.js';
import type { RunPolicy } from './stats.js';

export interface ServerPhaseOptions {
  readonly root: string;
  /** Arguments for `segraph serve` that choose the graph (e.g. `--no-seed --load FILE`). */
  readonly graphArgs: readonly string[];
  readonly queries: readonly BenchQuery[];
  /** Start-ups per configuration (the last one also answers queries). */
  readonly starts: number;
  readonly readyTimeoutMs: number;
  /** Measure latency (on the default configuration) with these policies; skip if undefined. */
  readonly http?: { readonly uncached: RunPolicy; readonly cached: RunPolicy };
  readonly log: (line: string) => void;
}

const CONFIGS = [
  { label: 'default workers', args: [] as string[], workers: undefined as number | undefined },
  { label: '1 worker', args: ['--workers', '1'], workers: 1 },
];

/** The worker count the server announces ("… 2 query workers …"). */
const announcedWorkers = (output: string) => {
  const m = /(\d+) query workers?/.exec(output);
  return m ? Number(m[1]) : undefined;
};
const summaryLine = (output: string) => output.split('\n').find((line) => /ready in/.test(line))?.trim();

export async function serverPhase(options: ServerPhaseOptions): Promise<ServerPhase> {
  const samples: ServerSample[] = [];
  const http: ServerPhase['http'] = {};
  let phaseError: string | undefined;
  for (const config of CONFIGS) {
    const startupMs: number[] = [];
    const allReadyMs: number[] = [];
    let server: RunningServer | undefined;
    try {
      for (let k = 1; k <= options.starts; k++) {
        server = await startServer({ root: options.root, args: [...options.graphArgs, ...config.args], readyTimeoutMs: options.readyTimeoutMs });
        startupMs.push(server.startupMs);
        // Measure only once every worker has loaded: one still loading competes for the cores.
        const workers = config.workers ?? announcedWorkers(server.output());
        const all = workers !== undefined && workers > 1 ? await server.allReady(options.readyTimeoutMs) : server.startupMs;
        if (all !== undefined) allReadyMs.push(all);
        options.log(`  server (${config.label}): ready in ${(server.startupMs / 1000).toFixed(2)} s, all workers in ${all === undefined ? '?' : (all / 1000).toFixed(2)} s`);
        if (k < options.starts) await server.stop();
      }
      const running = server!;
      const workers = config.workers ?? announcedWorkers(running.output()) ?? 1;
      // One pass: each query sent `workers` times at once, so every worker answers it (Oxigraph's
      // WebAssembly memory keeps its high-water mark, so what a worker has run is part of its size).
      for (const [i, query] of options.queries.entries()) {
        const answers = await Promise.all(Array.from({ length: workers }, (_, k) =>
          queryOverHttp(running.endpoint, uncached(query.sparql, 1_000_000 + i * 100 + k))));
        const failed = answers.find((a) => a.status !== 200);
        if (failed) throw new Error(`${query.id}: HTTP ${failed.status}: ${failed.body.slice(0, 300)}`);
      }
      const memory = running.memory();
      let afterHttp;
      if (options.http && config.workers === undefined) {
        for (const query of options.queries) {
          http[query.id] = await measureHttp(running.endpoint, query.sparql, options.http);
          options.log(`  http ${query.id}: done`);
        }
        afterHttp = running.memory();
      }
      samples.push({
        label: config.label,
        workers,
        startupMs,
        allReadyMs,
        rssMb: memory?.rssMb,
        peakMb: memory?.peakMb,
        ...(afterHttp ? { afterHttp } : {}),
        summary: summaryLine(running.output()),
      });
    } catch (error) {
      const message = (error as Error).message;
      options.log(`  server (${config.label}) failed: ${message}`);
      samples.push({ label: config.label, workers: config.workers, startupMs, allReadyMs, rssMb: undefined, peakMb: undefined, summary: undefined, error: message });
      phaseError ??= message;
    } finally {
      await server?.stop();
    }
  }
  return phaseError === undefined ? { samples, http } : { samples, http, error: phaseError };
}

/**
 * The same client against a bare `node:http` server with a fixed answer (bench/echo-server.ts):
 * the part of every HTTP figure that is client, loopback and Node's HTTP stack.
 */
export async function transportFloor(root: string, sparql: string, policy: NonNullable<ServerPhaseOptions['http']>): Promise<HttpQueryResult> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'echo-server.js');
  const server = await startServer({ root, args: [], script, readyTimeoutMs: 30_000 });
  try {
    return await measureHttp(server.endpoint, sparql, policy);
  } finally {
    await server.stop();
  }
}
