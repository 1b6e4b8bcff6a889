/**
 * A query worker: holds its own Oxigraph store built from the same sources as every other
 * worker, runs one query at a time, and serializes the results before handing them back. The
 * pool terminates a worker whose query passes its deadline, so nothing here needs to be
 * interruptible. When the engine traps (a WebAssembly trap, a stack overflow, a panic) the
 * worker says so and takes no further job: its Oxigraph instance may be left in any state, so
 * the pool replaces it.
 */
import { closeSync, openSync, readlinkSync, readSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import '../v8-flags.js'; // before oxigraph: see there
import * as oxigraph from 'oxigraph';
import { capRows, toCsv, toTsv, toXml, type JsonResults } from './results.js';
import { serializeGraph } from './serialize.js';
import { hasDatasetClause } from './sparql-form.js';
import { trapOf } from './errors.js';
import type { DatasetStats, QueryJob, SourceSpec, VocabularyStats, WorkerInit, WorkerJob, WorkerMessage } from './protocol.js';

const post = (message: WorkerMessage) => parentPort!.postMessage(message);

/** The file in 4 MiB pieces, so a large file is never held in memory whole beside the store. */
function* chunks(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

function load(store: oxigraph.Store, source: SourceSpec): void {
  const options: Parameters<oxigraph.Store['load']>[1] = {
    format: source.format,
    base_iri: pathToFileURL(source.path).href,
    no_transaction: true,
    lenient: source.trusted === true,
  };
  if (source.graph) options.to_graph_name = oxigraph.namedNode(source.graph);
  store.load(chunks(source.path), options);
}

const count = (store: oxigraph.Store, query: string, union = true): number => {
  const rows = store.query(query, { use_default_graph_as_union: union }) as Map<string, oxigraph.Term>[];
  return Number(rows[0]?.get('n')?.value ?? 0);
};

function pairs(store: oxigraph.Store, query: string): Array<[string, number]> {
  const rows = store.query(query, { use_default_graph_as_union: true }) as Map<string, oxigraph.Term>[];
  return rows
    .map((row): [string, number] => [row.get('x')!.value, Number(row.get('n')!.value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function datasetStats(store: oxigraph.Store): DatasetStats {
  return {
    quads: store.size,
    defaultGraphQuads: count(store, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', false),
    graphs: pairs(store, 'SELECT ?x (COUNT(*) AS ?n) WHERE { GRAPH ?x { ?s ?p ?o } } GROUP BY ?x')
      .map(([iri, quads]) => ({ iri, quads })),
  };
}

/** Triples whose object is an IRI in one of `namespaces` (the longest that matches), by predicate. */
function linksets(store: oxigraph.Store, namespaces: readonly string[]): VocabularyStats['linksets'] {
  const longestFirst = [...namespaces].sort((a, b) => b.length - a.length);
  const rows = store.query(`SELECT ?p ?ns (COUNT(*) AS ?n) WHERE {
    ?s ?p ?o FILTER(isIRI(?o))
    BIND(${longestFirst.map((ns) => `IF(STRSTARTS(STR(?o), ${JSON.stringify(ns)}), ${JSON.stringify(ns)}, `).join('')}"" ${')'.repeat(longestFirst.length)} AS ?ns)
    FILTER(?ns != "")
  } GROUP BY ?p ?ns`, { use_default_graph_as_union: true }) as Map<string, oxigraph.Term>[];
  return rows
    .map((r) => ({ namespace: r.get('ns')!.value, predicate: r.get('p')!.value, triples: Number(r.get('n')!.value) }))
    .sort((a, b) => (a.namespace + a.predicate < b.namespace + b.predicate ? -1 : 1));
}

function vocabularyStats(store: oxigraph.Store, linkNamespaces: readonly string[]): VocabularyStats {
  return {
    linksets: linkNamespaces.length ? linksets(store, linkNamespaces) : [],
    classes: pairs(store, 'SELECT ?x (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?x FILTER(isIRI(?x)) } GROUP BY ?x')
      .map(([iri, entities]) => ({ iri, entities })),
    properties: pairs(store, 'SELECT ?x (COUNT(*) AS ?n) WHERE { ?s ?x ?o } GROUP BY ?x')
      .map(([iri, triples]) => ({ iri, triples })),
    distinctSubjects: count(store, 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }'),
    distinctObjects: count(store, 'SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }'),
  };
}

function queryOptions(job: QueryJob): NonNullable<Parameters<oxigraph.Store['query']>[1]> {
  const options: NonNullable<Parameters<oxigraph.Store['query']>[1]> = { base_iri: job.baseIri };
  if (job.dataset) {
    options.default_graph = job.dataset.defaultGraphs.map((g) => oxigraph.namedNode(g));
    options.named_graphs = job.dataset.namedGraphs.map((g) => oxigraph.namedNode(g));
  } else if (!hasDatasetClause(job.query)) {
    options.use_default_graph_as_union = true;
  }
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
      load(store, source);
    } catch (error) {
      post({ type: 'load-failed', path: source.path, message: error instanceof Error ? error.message : String(error) });
      return;
    }
  }
  const loadMs = performance.now() - started;
  const tid = threadId();
  const ready = { type: 'ready' as const, loadMs, quads: store.size, ...(tid !== undefined ? { tid } : {}) };
  post(init.stats ? { ...ready, stats: datasetStats(store) } : ready);
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
