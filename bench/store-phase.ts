/**
 * The scale tier's part of `npm run bench`: one throw-away Virtuoso (src/store/virtuoso-instance.ts)
 * into which each graph is published in turn, as a version of its own beside the earlier ones;
 * after each publish, every query is timed sent straight to Virtuoso ("Virtuoso direct", with the
 * dataset segraph's engine would give it: the version's union graph as the default graph, its
 * graphs as the named graphs) and through `segraph serve --engine sparql` over that Virtuoso
 * ("segraph over Virtuoso"), alternating request by request, so both see the same moments of a
 * noisy machine; then segraph's cached answer. Also read: publish throughput, the time to switch versions, Virtuoso's
 * memory and database size.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startVirtuoso, type VirtuosoInstance } from '../src/store/virtuoso-instance.js';
import { storedGraph, unionGraph } from '../src/store/layout.js';
import { measureHttp, measureHttpPair, type HttpQueryResult, type ProtocolParameters } from './http.js';
import { procMemory, type ProcMemory } from './machine.js';
import type { BenchQuery } from './queries.js';
import { startServer, type RunningServer } from './server.js';
import { publishSnapshot, type PublishFigures } from './store-publish.js';
import type { BenchSnapshot } from './store-snapshot.js';
import type { RunPolicy } from './stats.js';

export interface StoreGraph {
  /** `seed graph`, `1 M`, `10 M`. */
  readonly label: string;
  readonly snapshot: BenchSnapshot;
  readonly queries: readonly BenchQuery[];
  readonly policy: RunPolicy;
  /** Also publish it over HTTP (the Graph Store protocol), into a second version, for its throughput. */
  readonly httpPublish?: boolean;
}

export interface StoreGraphResult {
  readonly label: string;
  readonly quads: number;
  readonly version: string;
  /** The bulk publish the queries ran on. */
  readonly publish?: PublishFigures;
  /** After the queries, the same quads as a second version with the HTTP loader (its throughput), or why not. */
  readonly httpPublish?: PublishFigures | { readonly failed: string };
  /** Then back to the first version, kept in the store: a switch without loading (a roll-back). */
  readonly rollBack?: PublishFigures | { readonly failed: string };
  /** Per query id: straight to Virtuoso's /sparql. */
  readonly direct: Record<string, HttpQueryResult>;
  /** Per query id: through segraph's server over Virtuoso (uncached and cached). */
  readonly overStore: Record<string, HttpQueryResult>;
  /** Why segraph over Virtuoso was not measured, when it was not. */
  readonly overStoreNotMeasured?: string;
  /** Spawn → ready line of `segraph serve --engine sparql`. */
  readonly overStoreStartupMs?: number;
  /** Virtuoso's RSS and peak RSS after the queries. */
  readonly virtuosoMemory?: ProcMemory | undefined;
  /** Virtuoso's database file after the publish (its checkpoint), bytes; every version so far. */
  readonly databaseBytes?: number;
  readonly error?: string;
}

export interface StoreResults {
  readonly virtuoso: string;
  /** NumberOfBuffers (8 kB pages). */
  readonly buffers: number;
  readonly graphs: StoreGraphResult[];
  readonly error?: string;
}

export interface StorePhaseOptions {
  readonly root: string;
  /** Where Virtuoso's database goes (created; removed afterwards). */
  readonly dir: string;
  readonly graphs: readonly StoreGraph[];
  readonly buffers: number;
  readonly log: (line: string) => void;
}

/** `Version 7.2.5.3229-pthreads` from `virtuoso-t -?`. */
function virtuosoVersion(): string {
  const out = spawnSync('virtuoso-t', ['-?'], { encoding: 'utf8' });
  return /Version (\S+)/.exec(`${out.stdout}${out.stderr}`)?.[1] ?? 'unknown';
}

/** Does this branch's `segraph serve` have the remote engine (`--engine sparql --endpoint URL`)? */
function serveHasRemoteEngine(root: string): boolean {
  const out = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'bin.js'), 'serve', '--help'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return /--endpoint/.test(`${out.stdout}${out.stderr}`);
}

function logPublish(p: PublishFigures, log: StorePhaseOptions['log']): void {
  log(`  ${p.loader} publish: loaded in ${(p.loadMs / 1000).toFixed(1)} s (${Math.round(p.quads / (p.loadMs / 1000)).toLocaleString('en')} quads/s), ` +
    `switched in ${p.switchMs.toFixed(1)} ms${p.removed.length ? `, removed ${p.removed.join(', ')}` : ''}; ${(p.totalMs / 1000).toFixed(1)} s in all`);
}

/** The dataset segraph's engine gives Virtuoso for a version: the union as default graph, the graphs as named graphs. */
export function datasetOf(snapshot: BenchSnapshot): ProtocolParameters {
  const { version, graphs } = snapshot.manifest;
  return [['default-graph-uri', unionGraph(version)], ...Object.keys(graphs).map((g) => ['named-graph-uri', storedGraph(version, g)] as const)];
}

async function measureGraph(root: string, v: VirtuosoInstance, graph: StoreGraph, remoteEngine: boolean, log: StorePhaseOptions['log']): Promise<StoreGraphResult> {
  const { snapshot } = graph;
  const base = { label: graph.label, quads: snapshot.manifest.quads, version: snapshot.manifest.version };
  log(`  publishing ${snapshot.manifest.quads.toLocaleString('en')} quads (version ${snapshot.manifest.version})`);
  const publishLog = (line: string) => log(`    publish: ${line}`);
  const publish = await publishSnapshot(snapshot, v, 'bulk', undefined, publishLog);
  logPublish(publish, log);
  const databaseBytes = statSync(join(v.dir, 'virtuoso.db')).size;
  const direct: Record<string, HttpQueryResult> = {};
  const overStore: Record<string, HttpQueryResult> = {};
  let server: RunningServer | undefined;
  let overStoreNotMeasured: string | undefined;
  if (!remoteEngine) overStoreNotMeasured = '`segraph serve --engine sparql` is not on this branch yet';
  try {
    if (remoteEngine) {
      server = await startServer({ root, args: ['--engine', 'sparql', '--endpoint', v.endpoint], readyTimeoutMs: 120_000 });
      log(`  segraph over Virtuoso: ready in ${(server.startupMs / 1000).toFixed(2)} s`);
    }
    const dataset = datasetOf(snapshot);
    const none = { times: [], engineTimes: [], encoding: undefined, rows: undefined, cache: { hit: 0, miss: 0, none: 0 }, failures: 0 };
    for (const query of graph.queries) {
      if (server) {
        // Request by request, direct then through segraph: the overhead is read off the same moments.
        const [d, o] = await measureHttpPair({ endpoint: v.endpoint, parameters: dataset }, { endpoint: server.endpoint }, query.sparql, graph.policy);
        const cached = await measureHttp(server.endpoint, query.sparql, { uncached: { warmup: 0, runs: 1, minRuns: 1, budgetMs: 0 }, cached: graph.policy });
        direct[query.id] = { uncached: d, cached: none };
        overStore[query.id] = { uncached: o, cached: cached.cached };
      } else {
        direct[query.id] = await measureHttp(v.endpoint, query.sparql, { uncached: graph.policy }, dataset);
      }
      log(`  ${query.id}: done`);
    }
  } catch (error) {
    overStoreNotMeasured ??= `failed: ${(error as Error).message.split('\n')[0]}`;
    log(`  ${overStoreNotMeasured}`);
  } finally {
    await server?.stop();
  }
  const virtuosoMemory = v.pid ? procMemory(v.pid) : undefined;
  const failed = (error: unknown) => ({ failed: (error as Error).message.split('\n')[0]! });
  let httpPublish: StoreGraphResult['httpPublish'];
  let rollBack: StoreGraphResult['rollBack'];
  if (graph.httpPublish) {
    log(`  publishing the same quads again as version ${snapshot.manifest.version}-http, with the HTTP loader`);
    httpPublish = await publishSnapshot(snapshot, v, 'http', `${snapshot.manifest.version}-http`, publishLog).catch(failed);
    if ('loadMs' in httpPublish) logPublish(httpPublish, log);
    rollBack = await publishSnapshot(snapshot, v, 'bulk', undefined, publishLog).catch(failed);
    if ('loadMs' in rollBack) log(`  back to ${snapshot.manifest.version} (kept): switched in ${rollBack.switchMs.toFixed(1)} ms, ${(rollBack.totalMs / 1000).toFixed(1)} s in all`);
  }
  return {
    ...base, publish, direct, overStore, databaseBytes, virtuosoMemory,
    ...(httpPublish ? { httpPublish } : {}), ...(rollBack ? { rollBack } : {}),
    ...(overStoreNotMeasured ? { overStoreNotMeasured } : {}),
    ...(server ? { overStoreStartupMs: server.startupMs } : {}),
  };
}

export async function storePhase(options: StorePhaseOptions): Promise<StoreResults> {
  const graphs: StoreGraphResult[] = [];
  const virtuoso = virtuosoVersion();
  const remoteEngine = serveHasRemoteEngine(options.root);
  options.log(`Virtuoso ${virtuoso}, ${options.buffers.toLocaleString('en')} buffers; segraph serve --engine sparql: ${remoteEngine ? 'yes' : 'not on this branch'}`);
  let v: VirtuosoInstance | undefined;
  // A Virtuoso outlives a benchmark that dies (it runs detached): kill it on the way out too.
  const killOnExit = () => {
    if (v?.pid) try { process.kill(v.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  process.once('exit', killOnExit);
  try {
    v = await startVirtuoso({ dir: options.dir, buffers: options.buffers });
    for (const graph of options.graphs) {
      options.log(`store: ${graph.label}`);
      try {
        graphs.push(await measureGraph(options.root, v, graph, remoteEngine, options.log));
      } catch (error) {
        const message = (error as Error).message;
        options.log(`  failed: ${message}`);
        graphs.push({ label: graph.label, quads: graph.snapshot.manifest.quads, version: graph.snapshot.manifest.version, direct: {}, overStore: {}, error: message });
      }
    }
    return { virtuoso, buffers: options.buffers, graphs };
  } catch (error) {
    return { virtuoso, buffers: options.buffers, graphs, error: (error as Error).message };
  } finally {
    await v?.stop();
    process.off('exit', killOnExit);
  }
}
