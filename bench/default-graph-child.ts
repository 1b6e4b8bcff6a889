/**
 * One measurement of `npm run bench:default-graph`, in a process of its own (so that no
 * measurement inherits another's memory): loads one N-Quads file into a query worker's store in a
 * worker thread, and reports what that cost the process as the worker pool measures it (resident
 * memory just before the thread starts to when it says it is ready) and how long it took.
 *
 *   node dist-bench/bench/default-graph-child.js FILE union|merged|pool
 *
 * - `union`: the store as loaded, queried with Oxigraph's `use_default_graph_as_union` (how the
 *   workers ran before the default graph was merged: a bag);
 * - `merged`: the same load, then the named graphs added into the default graph
 *   (src/query/load-store.ts, what the workers do now);
 * - `pool`: segraph's own worker pool (src/query/pool.ts, one worker) loading the file, with the
 *   load time and memory per worker it reports itself (as on /healthz).
 *
 * Prints one JSON line (ChildResult) on stdout.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import '../src/v8-flags.js'; // before oxigraph: see there
import { procMemory } from './machine.js';

export type Mode = 'union' | 'merged' | 'pool';

export interface ChildResult {
  readonly mode: Mode;
  /** Quads in the store as loaded. */
  readonly quads: number;
  /** Milliseconds: parsing and loading the file. */
  readonly loadMs: number;
  /** Milliseconds: adding the named graphs into the default graph (0 for `union`). */
  readonly mergeMs: number;
  /** Resident memory the process grew by from just before the worker started to its being ready, MB. */
  readonly rssGrowthMb: number;
  /** The process's peak resident memory (VmHWM) at the end, MB. */
  readonly peakMb: number | undefined;
  /** `SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }` over the default graph the mode gives queries. */
  readonly defaultGraphCount: number;
}

interface Ready { type: 'ready'; quads: number; loadMs: number; mergeMs: number }
interface Counted { type: 'counted'; n: number }

const MB = 1024 * 1024;
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';

async function inWorker(): Promise<void> {
  const { file, mode } = workerData as { file: string; mode: Mode };
  const oxigraph = await import('oxigraph');
  // From dist/, as the workers run it: its static queries are found from dist/query/ (not from dist-bench/).
  const { loadSource, mergeDefaultGraph } = await import(new URL('../../dist/query/load-store.js', import.meta.url).href) as typeof import('../src/query/load-store.js');
  const store = new oxigraph.Store();
  const t0 = performance.now();
  loadSource(store, { path: file, format: 'application/n-quads', trusted: true });
  const quads = store.size;
  const t1 = performance.now();
  if (mode === 'merged') mergeDefaultGraph(store);
  const t2 = performance.now();
  parentPort!.postMessage({ type: 'ready', quads, loadMs: t1 - t0, mergeMs: t2 - t1 } satisfies Ready);
  parentPort!.once('message', () => {
    const rows = store.query(COUNT, { use_default_graph_as_union: mode === 'union' }) as Map<string, { value: string }>[];
    parentPort!.postMessage({ type: 'counted', n: Number(rows[0]!.get('n')!.value) } satisfies Counted);
  });
}

async function measureStore(file: string, mode: 'union' | 'merged'): Promise<ChildResult> {
  const before = process.memoryUsage.rss();
  const worker = new Worker(new URL(import.meta.url), { workerData: { file, mode } });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const ready = await next<Ready>();
  const rssGrowthMb = (process.memoryUsage.rss() - before) / MB;
  worker.postMessage('count');
  const counted = await next<Counted>();
  await worker.terminate();
  return {
    mode, quads: ready.quads, loadMs: ready.loadMs, mergeMs: ready.mergeMs, rssGrowthMb,
    peakMb: procMemory('self')?.peakMb, defaultGraphCount: counted.n,
  };
}

async function measurePool(root: string, file: string): Promise<ChildResult> {
  // The compiled server code in dist/, as `segraph serve` runs it (its workers start from there).
  const { WorkerPool } = await import(pathToFileURL(join(root, 'dist', 'query', 'pool.js')).href) as typeof import('../src/query/pool.js');
  const { pool, stats, loadMs } = await WorkerPool.start({ size: 1, maxWorkers: 1, sources: [{ path: file, format: 'application/n-quads', trusted: true }] });
  try {
    const bytes = pool.health().bytesPerWorker ?? Number.NaN;
    const result = await pool.run({ type: 'query', query: COUNT, form: 'select', baseIri: 'http://127.0.0.1/sparql', format: 'json', maxRows: 1 }, 600_000);
    if (result.type !== 'result') throw new Error(`count failed: ${JSON.stringify(result)}`);
    const n = Number((JSON.parse(result.body) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0]!.n.value);
    return {
      mode: 'pool', quads: stats.quads, loadMs, mergeMs: Number.NaN, rssGrowthMb: bytes / MB,
      peakMb: procMemory('self')?.peakMb, defaultGraphCount: n,
    };
  } finally {
    await pool.close();
  }
}

if (isMainThread) {
  const [file, mode] = process.argv.slice(2) as [string, Mode];
  const root = process.cwd();
  const measured = mode === 'pool' ? measurePool(root, file) : measureStore(file, mode);
  measured.then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
} else {
  void inWorker();
}
