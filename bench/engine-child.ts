/**
 * An engine child process: loads one N-Quads file into raw Oxigraph (in-process, the floor) or
 * into an n3 Store queried by Comunica, then times the queries it is sent. Both serialize to
 * SPARQL JSON results, the format the server returns, so they do the same work. Started by
 * bench/engines.ts with `fork`; reports through IPC (bench/engine-protocol.ts).
 */
import { createReadStream, readFileSync } from 'node:fs';
import N3 from 'n3';
import '../src/v8-flags.js'; // before oxigraph: see there
import * as oxigraph from 'oxigraph';
import type { EngineJob, EngineMessage } from './engine-protocol.js';
import { procMemory } from './machine.js';
import { sample } from './stats.js';

const JSON_RESULTS = 'application/sparql-results+json';

/**
 * The merge the query workers make, from the compiled server code in dist/ as they run it: its
 * static queries are files (queries/internal/*.rq) found from dist/query/, not from the copy of
 * src/ that tsc compiles into dist-bench/.
 */
const { mergeDefaultGraph } = await import(new URL('../../dist/query/load-store.js', import.meta.url).href) as typeof import('../src/query/load-store.js');

interface Engine {
  /** Loads the file; resolves to the number of quads held. */
  load(file: string): Promise<number>;
  /** Runs a query and returns its SPARQL JSON results. */
  run(sparql: string): Promise<string>;
}

function oxigraphEngine(): Engine {
  const store = new oxigraph.Store();
  return {
    async load(file) {
      store.load(readFileSync(file), { format: 'application/n-quads' });
      const quads = store.size;
      mergeDefaultGraph(store); // the default graph the server's queries see (src/query/load-store.ts)
      return quads;
    },
    async run(sparql) {
      return store.query(sparql, { results_format: JSON_RESULTS }) as string;
    },
  };
}

async function comunicaEngine(): Promise<Engine> {
  // Loaded only here, so the Oxigraph child's memory does not include Comunica's modules.
  const { QueryEngine } = await import('@comunica/query-sparql');
  const engine = new QueryEngine();
  const store = new N3.Store();
  return {
    async load(file) {
      const parser = new N3.StreamParser({ format: 'application/n-quads' });
      await new Promise<void>((resolve, reject) => {
        // The import is also a promise (n3 2); its 'end' and 'error' events settle this one.
        void store.import(createReadStream(file).pipe(parser)).on('end', () => resolve()).on('error', reject);
        parser.on('error', reject);
      });
      return store.size;
    },
    async run(sparql) {
      // The default graph is the union of the named graphs, as on the server.
      const result = await engine.query(sparql, { sources: [store], unionDefaultGraph: true });
      const { data } = await engine.resultToString(result, JSON_RESULTS);
      let text = '';
      for await (const chunk of data) text += String(chunk);
      return text;
    },
  };
}

const send = (message: EngineMessage) => process.send!(message);
const rowsOf = (json: string) => (JSON.parse(json) as { results: { bindings: unknown[] } }).results.bindings.length;

async function main(job: EngineJob): Promise<void> {
  const engine = job.engine === 'oxigraph' ? oxigraphEngine() : await comunicaEngine();
  const started = performance.now();
  const quads = await engine.load(job.file);
  const ms = performance.now() - started;
  send({ type: 'loaded', ms, quads, memory: procMemory('self'), heapMb: process.memoryUsage().heapUsed / 1024 ** 2 });
  await engine.run('SELECT * WHERE { ?s ?p ?o } LIMIT 1'); // first-query set-up, not timed
  for (const query of job.queries) {
    send({ type: 'start', id: query.id });
    try {
      await sample(async (i) => {
        const t0 = performance.now();
        const json = await engine.run(query.sparql);
        const runMs = performance.now() - t0;
        if (i >= job.policy.warmup) send({ type: 'run', id: query.id, ms: runMs, rows: rowsOf(json) });
        return runMs;
      }, job.policy);
    } catch (error) {
      send({ type: 'error', id: query.id, message: (error as Error).message });
    }
  }
  send({ type: 'done', memory: procMemory('self') });
}

process.once('message', (job: EngineJob) => {
  main(job).then(
    () => process.disconnect(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
