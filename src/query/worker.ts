/**
 * A query worker: holds its own Oxigraph store built from the same sources as every other
 * worker, runs one query at a time, and serializes the results before handing them back. The
 * pool terminates a worker whose query passes its deadline, so nothing here needs to be
 * interruptible. When the engine traps (a WebAssembly trap, a stack overflow, a panic) the
 * worker says so and takes no further job: its Oxigraph instance may be left in any state, so
 * the pool replaces it.
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import '../v8-flags.js'; // before oxigraph: see there
import * as oxigraph from 'oxigraph';
import { capRows, toCsv, toTsv, toXml, type JsonResults } from './results.js';
import { serializeGraph } from './serialize.js';
import { trapOf } from './errors.js';
import { loadSource, mergeDefaultGraph } from './load-store.js';
import { linksetQuery, staticQuery } from './static-query.js';
import type { DatasetStats, QueryJob, VocabularyStats, WorkerInit, WorkerJob, WorkerMessage } from './protocol.js';

const post = (message: WorkerMessage) => parentPort!.postMessage(message);

// Every query here runs on the store's default graph: the merge of all graphs (load-store.ts).
const count = (store: oxigraph.Store, query: string): number => {
  const rows = store.query(query) as Map<string, oxigraph.Term>[];
  return Number(rows[0]?.get('n')?.value ?? 0);
};

function pairs(store: oxigraph.Store, query: string): Array<[string, number]> {
  const rows = store.query(query) as Map<string, oxigraph.Term>[];
  return rows
    .map((row): [string, number] => [row.get('x')!.value, Number(row.get('n')!.value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const TRIPLES = staticQuery('triples');

/** The counts that need the store as loaded, before its default graph becomes the merge (the second only for `stats`). */
function loadedStats(store: oxigraph.Store, stats: boolean): Pick<DatasetStats, 'quads' | 'defaultGraphQuads'> {
  return { quads: store.size, defaultGraphQuads: stats ? count(store, TRIPLES) : 0 };
}

function datasetStats(store: oxigraph.Store, loaded: Pick<DatasetStats, 'quads' | 'defaultGraphQuads'>): DatasetStats {
  return {
    ...loaded,
    defaultGraphTriples: count(store, TRIPLES),
    graphs: pairs(store, staticQuery('graph-sizes'))
      .map(([iri, quads]) => ({ iri, quads })),
  };
}

/** Triples whose object is an IRI in one of `namespaces` (the longest that matches), by predicate. */
function linksets(store: oxigraph.Store, namespaces: readonly string[]): VocabularyStats['linksets'] {
  const rows = store.query(linksetQuery(namespaces)) as Map<string, oxigraph.Term>[];
  return rows
    .map((r) => ({ namespace: r.get('ns')!.value, predicate: r.get('p')!.value, triples: Number(r.get('n')!.value) }))
    .sort((a, b) => (a.namespace + a.predicate < b.namespace + b.predicate ? -1 : 1));
}

function vocabularyStats(store: oxigraph.Store, linkNamespaces: readonly string[]): VocabularyStats {
  return {
    linksets: linkNamespaces.length ? linksets(store, linkNamespaces) : [],
    classes: pairs(store, staticQuery('class-partitions'))
      .map(([iri, entities]) => ({ iri, entities })),
    properties: pairs(store, staticQuery('property-partitions'))
      .map(([iri, triples]) => ({ iri, triples })),
    distinctSubjects: count(store, staticQuery('distinct-subjects')),
    distinctObjects: count(store, staticQuery('distinct-objects')),
  };
}

function queryOptions(job: QueryJob): NonNullable<Parameters<oxigraph.Store['query']>[1]> {
  const options: NonNullable<Parameters<oxigraph.Store['query']>[1]> = { base_iri: job.baseIri };
  if (job.dataset) {
    options.default_graph = job.dataset.defaultGraphs.map((g) => oxigraph.namedNode(g));
    options.named_graphs = job.dataset.namedGraphs.map((g) => oxigraph.namedNode(g));
  }
  // Otherwise the query's own FROM / FROM NAMED, or the store's default graph (the merge of all
  // graphs, see load-store.ts) and all its named graphs.
  return options;
}

async function run(store: oxigraph.Store, job: QueryJob): Promise<WorkerMessage> {
  try {
    return await evaluate(store, job);
  } catch (error) {
    // Serializing or capping the results failed (a trap is handled below, in the message loop).
    if (trapOf(error)) throw error;
    return { type: 'query-error', id: job.id, kind: 'evaluation', message: error instanceof Error ? error.message : String(error) };
  }
}

async function evaluate(store: oxigraph.Store, job: QueryJob): Promise<WorkerMessage> {
  const started = performance.now();
  const options = queryOptions(job);
  if (job.form === 'construct' || job.form === 'describe') {
    let quads: oxigraph.Quad[];
    try {
      quads = store.query(job.query, options) as oxigraph.Quad[];
    } catch (error) {
      return queryError(job, error);
    }
    const truncated = quads.length > job.maxRows;
    if (truncated) quads = quads.slice(0, job.maxRows);
    const body = await serializeGraph(quads, job.format);
    return { type: 'result', id: job.id, body, rows: quads.length, truncated, ms: performance.now() - started };
  }
  let json: string;
  try {
    json = store.query(job.query, { ...options, results_format: 'application/sparql-results+json' }) as string;
  } catch (error) {
    return queryError(job, error);
  }
  const parsed = JSON.parse(json) as JsonResults;
  const { results, rows, truncated } = capRows(parsed, job.maxRows);
  let body: string;
  switch (job.format) {
    case 'xml': body = toXml(results); break;
    case 'csv': body = toCsv(results); break;
    case 'tsv': body = toTsv(results); break;
    default: body = truncated ? JSON.stringify(results) : json;
  }
  return { type: 'result', id: job.id, body, rows, truncated, ms: performance.now() - started };
}

/** Oxigraph reports syntax errors as "error at LINE:COLUMN: …"; anything else is an evaluation error. */
function queryError(job: QueryJob, error: unknown): WorkerMessage {
  if (trapOf(error)) throw error; // not a query error: the engine itself is broken now
  const message = error instanceof Error ? error.message : String(error);
  const kind = /^error at \d+:\d+/.test(message) || /^Invalid (IRI|language tag)/i.test(message) ? 'syntax' : 'evaluation';
  return { type: 'query-error', id: job.id, kind, message };
}

/** This thread's id in the operating system, where /proc tells it (Linux: `/proc/thread-self` → `PID/task/TID`). */
function threadId(): number | undefined {
  try {
    const m = /\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function start(): void {
  const init = workerData as WorkerInit;
  const started = performance.now();
  const store = new oxigraph.Store();
  for (const source of init.sources) {
    try {
      loadSource(store, source);
    } catch (error) {
      post({ type: 'load-failed', path: source.path, message: error instanceof Error ? error.message : String(error) });
      return;
    }
  }
  const loaded = loadedStats(store, init.stats);
  mergeDefaultGraph(store);
  const loadMs = performance.now() - started;
  const tid = threadId();
  const ready = { type: 'ready' as const, loadMs, quads: loaded.quads, ...(tid !== undefined ? { tid } : {}) };
  post(init.stats ? { ...ready, stats: datasetStats(store, loaded) } : ready);
  let poisoned = false;
  parentPort!.on('message', (job: WorkerJob) => {
    if (poisoned) return; // the pool is replacing this worker
    const answer = async (): Promise<WorkerMessage> => job.type === 'query'
      ? run(store, job)
      : { type: 'vocabulary-stats', id: job.id, stats: vocabularyStats(store, job.linkNamespaces) };
    answer().then(post, (error: unknown) => {
      const trap = trapOf(error);
      if (trap) poisoned = true;
      post(trap
        ? { type: 'trapped', id: job.id, reason: trap.reason, message: trap.detail }
        : { type: 'query-error', id: job.id, kind: 'evaluation', message: error instanceof Error ? error.message : String(error) });
    });
  });
}

start();
