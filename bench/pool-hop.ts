/**
 * The worker layer alone: the seed-graph queries through segraph's engine (the worker pool,
 * without HTTP and with the result cache off), in this process. Pool time − raw time is what the
 * hop to a worker thread costs; HTTP time − pool time is what the HTTP layer and the client add.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarize, type Summary } from './stats.js';

type EngineModule = typeof import('../src/query/engine.js');
type FormModule = typeof import('../src/query/sparql-form.js');

export async function poolHop(
  root: string, snapshot: string, queries: ReadonlyArray<{ readonly id: string; readonly sparql: string }>, runs = 50, warmup = 10,
): Promise<Record<string, Summary>> {
  // The compiled server code in dist/, as `segraph serve` runs it (its workers start from there).
  const load = <T>(path: string) => import(pathToFileURL(join(root, 'dist', 'query', path)).href) as Promise<T>;
  const { EmbeddedEngine } = await load<EngineModule>('engine.js');
  const { queryForm } = await load<FormModule>('sparql-form.js');
  const engine = await EmbeddedEngine.start({
    sources: [{ path: snapshot, format: 'application/n-quads', trusted: true }],
    version: 'bench', workers: 2, limits: { deadlineMs: 60_000, maxRows: 10_000 }, cacheBytes: 0,
  });
  try {
    await engine.allReady;
    const out: Record<string, Summary> = {};
    for (const { id, sparql } of queries) {
      const times: number[] = [];
      for (let i = 0; i < warmup + runs; i++) {
        const started = performance.now();
        const outcome = await engine.execute({ query: sparql, form: queryForm(sparql), baseIri: 'http://127.0.0.1/sparql', format: 'json' });
        if (!outcome.ok) throw new Error(`${id}: ${outcome.message}`);
        if (i >= warmup) times.push(performance.now() - started);
      }
      out[id] = summarize(times);
    }
    return out;
  } finally {
    await engine.close();
  }
}
