/**
 * `segraph publish`: loads a snapshot into a SPARQL 1.1 store in the layout of src/store/layout.ts,
 * beside the versions already there, and switches to it only once it is loaded completely and its
 * counts match the manifest. The steps, each safe to be interrupted (kill -9 included):
 *
 * 1. Read the control graph: the same version published and complete → nothing to do. A version
 *    left behind by an interrupted publish (state "loading", or graphs without a switch) is cleared.
 * 2. Write the version node with state "loading" (before any data: a crash leaves a trace).
 * 3. Load: Virtuoso's bulk loader from a directory the server reads (fast), or HTTP Graph Store
 *    POSTs in bounded pieces (works with any store, over any network).
 * 4. Count each stored graph against the manifest; state → "complete".
 * 5. Switch: one SPARQL Update moves the published triple (and only if the new version is complete).
 * 6. Remove the versions beyond `keep` (never the published one, never the new one).
 *
 * Until step 5 the published version is untouched, whatever happens.
 */
import { access, constants, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join, resolve, isAbsolute } from 'node:path';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import type { Manifest } from '../graph/snapshot.js';
import { iri, literal, sparql } from '../query/sparql.js';
import { XSD } from '../vocab/namespace.js';
import type { Credentials } from './digest-auth.js';
import { IsqlError, isqlValues, MARK, runIsql, sqlString, type IsqlTarget } from './isql.js';
import { CONTROL, CONTROL_GRAPH, STORE_SUBJECT, StoreLayout, storedGraph, unionGraph, versionNode } from './layout.js';
import { QuadRewriter, readLines } from './nquads-lines.js';
import { PublishError, StoreClient, storeEndpoints, type Row } from './store-client.js';

export { PublishError, StoreUnreachableError, AuthenticationError, StoreRequestError } from './store-client.js';
export { DataError } from './nquads-lines.js';

/** A stored graph's count differs from the manifest's. */
export class CountsMismatchError extends PublishError {
  constructor(readonly graph: string, readonly expected: number, readonly found: number, detail = '') {
    super(`counts mismatch: graph <${graph}> should hold ${expected} triples (manifest) but holds ${found}${detail}; the version was not published`);
  }
}
/** The publish was stopped (a signal) before the switch. */
export class InterruptedError extends PublishError {}
/** Virtuoso's bulk loader could not be used or failed. */
export class BulkLoadError extends PublishError {}

export type LoaderName = 'bulk' | 'http';

export interface PublishProgress {
  /** write: rewriting the quads into load files; load: the store taking them. */
  readonly phase: 'write' | 'load';
  /** Quads done (of the snapshot's; each goes into two graphs). */
  readonly done: number;
  readonly total: number;
  /** Quads per second so far in this phase. */
  readonly rate: number;
  readonly etaSeconds: number | undefined;
}

export interface PublishOptions {
  readonly snapshot: { readonly manifest: Manifest; readonly nquads: string };
  /** The store's query endpoint, e.g. http://127.0.0.1:8890/sparql */
  readonly to: string;
  readonly updateEndpoint?: string;
  readonly graphStore?: string;
  readonly credentials?: Credentials;
  /** Versions kept after the switch, the new one included (default 2). */
  readonly keep?: number;
  readonly loader?: 'auto' | LoaderName;
  /** Virtuoso's SQL port, for the bulk loader (default 1111). */
  readonly isqlPort?: number;
  /** A directory the server may load from (one of its DirsAllowed) that this process can write. */
  readonly bulkDir?: string;
  /** Quads per HTTP request, or per bulk-load file (default 50,000 and 500,000). */
  readonly pieceTriples?: number;
  /**
   * gzip the bulk-load files (default false): measured on 2 cores, 1 M quads, writing took 32 s
   * instead of 3–4 s (zlib level 1 in this process) and loading 22 s instead of 13–22 s.
   */
  readonly gzip?: boolean;
  /**
   * Parallel `rdf_loader_run()` sessions (default 1): on 2 shared cores, 1 M quads, two sessions
   * over 4 files took 20–28 s against 13–26 s for one over 2: no gain measured.
   */
  readonly loaders?: number;
  readonly progress?: (p: PublishProgress) => void;
  readonly log?: (message: string) => void;
  /** Aborting stops the publish before the switch (InterruptedError), clearing what was loaded. */
  readonly signal?: AbortSignal;
}

export interface PublishResult {
  readonly outcome: 'published' | 'unchanged';
  readonly version: string;
  readonly loader: LoaderName;
  /** Why that loader. */
  readonly loaderReason: string;
  readonly quads: number;
  readonly loadMs: number;
  readonly switchMs: number;
  readonly removed: string[];
  /** The version published before (if any). */
  readonly previous?: string;
  /** The version was in the store already, complete (kept by --keep): switched to without loading. */
  readonly reused?: boolean;
}

const DEFAULT_CREDENTIALS: Credentials = { user: 'dba', password: 'dba' };

const C = {
  graph: iri(CONTROL_GRAPH), store: iri(STORE_SUBJECT), published: iri(CONTROL.published), version: iri(CONTROL.version),
  state: iri(CONTROL.state), manifest: iri(CONTROL.manifest), unionTriples: iri(CONTROL.unionTriples),
  loadStarted: iri(CONTROL.loadStarted), loadFinished: iri(CONTROL.loadFinished),
};
const now = () => literal(new Date().toISOString(), iri(XSD.dateTime));

interface VersionRecord { readonly version: string; readonly state?: string; readonly started?: string; readonly finished?: string; readonly manifest?: string }

export async function publish(options: PublishOptions): Promise<PublishResult> {
  const log = options.log ?? (() => undefined);
  const { manifest } = options.snapshot;
  const version = manifest.version;
  const keep = options.keep ?? 2;
  if (!Number.isInteger(keep) || keep < 1) throw new PublishError(`--keep: ${keep}: keep at least 1 version (the new one)`);
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const signal = options.signal;
  const endpoints = storeEndpoints(options.to, options.updateEndpoint, options.graphStore);
  const store = new StoreClient(endpoints, credentials, signal);
  /** For clearing after an abort: not stopped by the signal. */
  const cleaner = new StoreClient(endpoints, credentials);
  const layout = new StoreLayout(version, Object.keys(manifest.graphs));

  const published = await publishedVersion(store);
  const versions = await listVersions(store);
  const mine = versions.find((v) => v.version === version);
  if (published === version && mine?.state === 'complete') {
    return { outcome: 'unchanged', version, loader: 'http', loaderReason: 'nothing to load', quads: manifest.quads, loadMs: 0, switchMs: 0, removed: [], previous: published };
  }

  if (published === version) {
    throw new PublishError(`the control graph says ${version} is published, but its state is ${mine?.state ?? 'missing'}: not reloading the version users are served; fix the control graph (${CONTROL_GRAPH}) by hand`);
  }

  // A complete version kept beside the published one (a roll-back, or a publish killed between
  // its counts check and its switch): switched to as it is once its counts still match.
  let kept = false;
  if (mine?.state === 'complete') {
    try {
      await checkCounts(store, layout, manifest);
      kept = true;
      log(`version ${version} is in the store already, complete and its counts matching the manifest: switching to it without loading`);
    } catch (error) {
      if (!(error instanceof CountsMismatchError)) throw error;
      log(`version ${version} is in the store but ${error.message}: loading it again`);
    }
  }

  const choice: LoaderChoice = kept ? { loader: 'http', reason: 'nothing to load' } : await chooseLoader(options, credentials);
  let started = performance.now();
  if (!kept) {
    log(`loader: ${choice.loader} (${choice.reason})`);
    // 1. What an interrupted publish of this version left behind goes first.
    if (choice.loader === 'bulk') await clearStaleLoads(choice.target!, choice.dir!, log);
    if (mine) log(`version ${version} was left ${mine.state ?? 'without a state'} by an earlier publish that did not finish: clearing it and loading it again`);
    await removeVersion(store, version, Object.keys(manifest.graphs), mine ? choice.target : undefined);
    started = performance.now();
    try {
      checkAborted(signal);
      // 2. The trace, before any data.
      await store.update(sparql`INSERT DATA { GRAPH ${C.graph} { ${iri(versionNode(version))} ${C.version} ${literal(version)} ; ${C.state} "loading" ; ${C.manifest} ${literal(JSON.stringify(manifest))} ; ${C.loadStarted} ${now()} . } }`);
      // 3. The data.
      if (choice.loader === 'bulk') await bulkLoad(options, layout, choice.target!, choice.dir!, log);
      else await httpLoad(options, layout, store);
      checkAborted(signal);
      // 4. The counts.
      const unionCount = await checkCounts(store, layout, manifest);
      await store.update(sparql`DELETE { GRAPH ${C.graph} { ${iri(versionNode(version))} ${C.state} ?state } } INSERT { GRAPH ${C.graph} { ${iri(versionNode(version))} ${C.state} "complete" ; ${C.unionTriples} ${literal(String(unionCount), iri(XSD.integer))} ; ${C.loadFinished} ${now()} . } } WHERE { GRAPH ${C.graph} { ${iri(versionNode(version))} ${C.state} ?state } }`);
    } catch (error) {
      await removeVersion(cleaner, version, Object.keys(manifest.graphs), choice.target).catch((cleanup: unknown) =>
        log(`could not clear the partly loaded version ${version} (${(cleanup as Error).message}); the next publish clears it`));
      if (signal?.aborted) throw new InterruptedError(`interrupted while loading version ${version}: it was cleared; the published version (${published ?? 'none'}) is unchanged`);
      throw error;
    }
  }
  const loadMs = performance.now() - started;

  // 5. The switch: one request, and only to a complete version.
  if (signal?.aborted) throw new InterruptedError(`interrupted before the switch: version ${version} is loaded and complete beside the published one (${published ?? 'none'}), which is unchanged; publish again to switch to it`);
  const switchStarted = performance.now();
  const node = iri(versionNode(version));
  await store.update(sparql`DELETE { GRAPH ${C.graph} { ${C.store} ${C.published} ?old } } INSERT { GRAPH ${C.graph} { ${C.store} ${C.published} ${literal(version)} } } WHERE { GRAPH ${C.graph} { ${node} ${C.state} "complete" } OPTIONAL { GRAPH ${C.graph} { ${C.store} ${C.published} ?old } } }`);
  const switchMs = performance.now() - switchStarted;
  const now_ = await publishedVersion(store);
  if (now_ !== version) throw new PublishError(`the switch to ${version} did not take: the store says ${now_ ?? 'no version'} is published`);

  // 6. The old versions.
  const removed = await removeOld(store, version, published, keep, log, choice.target);
  return { outcome: 'published', version, loader: choice.loader, loaderReason: choice.reason, quads: manifest.quads, loadMs, switchMs, removed, ...(published ? { previous: published } : {}), ...(kept ? { reused: true } : {}) };
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError('interrupted');
}

const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(1);

const count = (rows: Row[], name = 'n'): number => Number(rows[0]?.[name] ?? 0);

/** The published version, per the control graph. */
export async function publishedVersion(store: StoreClient): Promise<string | undefined> {
  const rows = await store.select(sparql`SELECT ?v WHERE { GRAPH ${C.graph} { ${C.store} ${C.published} ?v } }`);
  if (rows.length > 1) throw new PublishError(`the control graph names ${rows.length} published versions (${rows.map((r) => r.v).join(', ')}): fix it by hand`);
  return rows[0]?.v;
}

async function listVersions(store: StoreClient): Promise<VersionRecord[]> {
  const rows = await store.select(sparql`SELECT ?v ?state ?started ?finished ?manifest WHERE { GRAPH ${C.graph} { ?node ${C.version} ?v . OPTIONAL { ?node ${C.state} ?state } OPTIONAL { ?node ${C.loadStarted} ?started } OPTIONAL { ?node ${C.loadFinished} ?finished } OPTIONAL { ?node ${C.manifest} ?manifest } } }`);
  return rows.map((r) => ({ version: r.v!, ...(r.state ? { state: r.state } : {}), ...(r.started ? { started: r.started } : {}), ...(r.finished ? { finished: r.finished } : {}), ...(r.manifest ? { manifest: r.manifest } : {}) }));
}

/**
 * Drops a version's graphs (its stored graphs and union), then its control triples: while any of
 * its data may be left, its control node says it is there. Through SPARQL (`DROP SILENT GRAPH`, one
 * request), or with isql (`sql`) by deleting its rows from RDF_QUAD without the transaction log,
 * then a checkpoint (so a crash cannot bring the rows back): measured about twice as fast on a
 * million quads (6 s against 9.5–13 s on 2 busy cores).
 */
async function removeVersion(store: StoreClient, version: string, graphs: readonly string[], sql?: IsqlTarget): Promise<void> {
  const names = [...graphs.map((g) => storedGraph(version, g)), unionGraph(version)];
  const node = iri(versionNode(version));
  if (sql) {
    const deletes = names.map((g) => `DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id(${sqlString(g)}, 0);`);
    await runIsql(sql, ['log_enable(3, 1);', ...deletes, 'checkpoint;'].join('\n'));
    await store.update(sparql`DELETE WHERE { GRAPH ${C.graph} { ${node} ?p ?o } }`);
    return;
  }
  const drops = names.map((g) => sparql`DROP SILENT GRAPH ${iri(g)} ;`);
  await store.update(sparql`${drops} DELETE WHERE { GRAPH ${C.graph} { ${node} ?p ?o } }`);
}

/** After the switch: keeps `keep` versions (the new one, the one before, …), removes the rest. */
async function removeOld(store: StoreClient, version: string, previous: string | undefined, keep: number, log: (m: string) => void, sql?: IsqlTarget): Promise<string[]> {
  const others = (await listVersions(store)).filter((v) => v.version !== version);
  const kept = new Set<string>();
  if (previous && previous !== version && keep > 1) kept.add(previous);
  const complete = others.filter((v) => v.state === 'complete').sort((a, b) => ((a.finished ?? '') < (b.finished ?? '') ? 1 : -1));
  for (const v of complete) if (kept.size < keep - 1) kept.add(v.version);
  const removed: string[] = [];
  for (const v of others) {
    if (kept.has(v.version)) continue;
    let graphs: string[] = [];
    try {
      graphs = Object.keys((JSON.parse(v.manifest ?? '{}') as Partial<Manifest>).graphs ?? {});
    } catch {
      log(`version ${v.version}: its manifest in the control graph is not JSON; only its union graph is dropped`);
    }
    const started = performance.now();
    await removeVersion(store, v.version, graphs, sql);
    log(`removed version ${v.version} in ${seconds(started)} s`);
    removed.push(v.version);
  }
  return removed;
}

/** Per stored graph, its count = the manifest's; the union's count in (0, quads]. Returns the union's count. */
async function checkCounts(store: StoreClient, layout: StoreLayout, manifest: Manifest): Promise<number> {
  for (const [graph, expected] of Object.entries(manifest.graphs)) {
    const g = iri(layout.toStore(graph));
    const found = count(await store.select(sparql`SELECT (COUNT(*) AS ?n) FROM NAMED ${g} WHERE { GRAPH ${g} { ?s ?p ?o } }`));
    if (found !== expected) throw new CountsMismatchError(layout.toStore(graph), expected, found);
  }
  const u = iri(layout.union);
  const union = count(await store.select(sparql`SELECT (COUNT(*) AS ?n) FROM NAMED ${u} WHERE { GRAPH ${u} { ?s ?p ?o } }`));
  if (union <= 0 || union > manifest.quads) throw new CountsMismatchError(layout.union, manifest.quads, union, ` (the union must hold between 1 and ${manifest.quads})`);
  return union;
}

// ---------------------------------------------------------------------------------------------
// Choosing the loader

interface LoaderChoice { readonly loader: LoaderName; readonly reason: string; readonly target?: IsqlTarget; readonly dir?: string }

const LOOPBACK = (host: string) => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);

/**
 * auto: the bulk loader when the store is on this machine (loopback), isql-vt runs, the isql port
 * takes the credentials, and a directory the server may load from is writable here and readable
 * there; else HTTP. `bulk` fails with the reason when one of those does not hold.
 */
async function chooseLoader(options: PublishOptions, credentials: Credentials): Promise<LoaderChoice> {
  const wanted = options.loader ?? 'auto';
  if (wanted === 'http') return { loader: 'http', reason: '--loader http' };
  const host = new URL(options.to).hostname;
  const port = options.isqlPort ?? 1111;
  const no = (reason: string): LoaderChoice => {
    if (wanted === 'bulk') throw new BulkLoadError(`--loader bulk: ${reason}`);
    return { loader: 'http', reason };
  };
  if (wanted === 'auto' && !LOOPBACK(host)) return no(`the store's host ${host} is not this machine, so it cannot read files written here`);
  const target: IsqlTarget = { host: LOOPBACK(host) ? '127.0.0.1' : host, port, credentials };
  let out: string;
  try {
    out = await runIsql(target, `SELECT '${MARK}' || virtuoso_ini_item_value('Parameters', 'DirsAllowed');\nSELECT '${MARK}' || server_root();`);
  } catch (error) {
    const message = (error as Error).message;
    if (/could not run.*ENOENT/.test(message)) return no('isql-vt is not on PATH (Debian: apt install virtuoso-opensource-7-bin)');
    if (/Bad login|CL034/.test(message)) return no(`isql port ${port} refused the credentials (${message})`);
    if (/Connect failed|CL033/.test(message)) return no(`nothing answers on isql port ${target.host}:${port} (--isql-port)`);
    return no(`isql on port ${port} failed: ${message}`);
  }
  const [dirsAllowed = '', serverRoot = ''] = isqlValues(out);
  const allowed = dirsAllowed.split(',').map((d) => d.trim()).filter(Boolean).map((d) => (isAbsolute(d) ? d : resolve(serverRoot, d)));
  const candidates = options.bulkDir ? [resolve(options.bulkDir)] : allowed.filter((d) => resolve(d) !== resolve(serverRoot));
  const refusals: string[] = [];
  for (const dir of candidates) {
    const why = await loadDirProblem(target, dir);
    if (!why) {
      return { loader: 'bulk', reason: `the store is on this machine, isql answers on port ${port}, and ${dir} is writable here and readable by the server`, target, dir };
    }
    refusals.push(`${dir}: ${why}`);
  }
  return no(options.bulkDir
    ? `--bulk-dir ${options.bulkDir}: ${refusals.join('; ')}`
    : `no directory of the server's DirsAllowed (${dirsAllowed || 'none'}) is writable here and readable by the server${refusals.length ? `: ${refusals.join('; ')}` : ''}`);
}

/** Why the server cannot load files written into `dir` here (undefined: it can). */
async function loadDirProblem(target: IsqlTarget, dir: string): Promise<string | undefined> {
  try {
    await access(dir, constants.W_OK);
  } catch {
    return 'not writable by this process';
  }
  const probe = join(dir, `.segraph-probe-${process.pid}-${Date.now()}`);
  try {
    await writeFile(probe, 'segraph');
    const out = await runIsql(target, `SELECT '${MARK}' || length(file_to_string(${sqlString(probe)}));`);
    return isqlValues(out)[0] === '7' ? undefined : 'the server read something else';
  } catch (error) {
    return `the server cannot read it (${(error as Error).message})`;
  } finally {
    await rm(probe, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The loaders

/** Progress of one phase: rate and time left from the quads done so far. */
function phase(name: PublishProgress['phase'], total: number, report: PublishOptions['progress']) {
  const started = performance.now();
  return (done: number) => {
    if (!report) return;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    report({ phase: name, done, total, rate, etaSeconds: rate > 0 ? Math.max(0, (total - done) / rate) : undefined });
  };
}

/**
 * The HTTP loader: Graph Store Protocol POSTs of N-Triples, `pieceTriples` quads at a time, each
 * piece to its stored graphs and to the union graph. The Graph Store rather than SPARQL Update
 * INSERT DATA: a snapshot line less its graph is already an N-Triples line, sent as it is, where
 * INSERT DATA would need every term re-serialised and Virtuoso compiles a large INSERT DATA into
 * SQL text of its own size (SP031 past its limits). One piece is posted while the next is read.
 */
async function httpLoad(options: PublishOptions, layout: StoreLayout, store: StoreClient): Promise<void> {
  const piece = options.pieceTriples ?? 50_000;
  const rewriter = new QuadRewriter(layout);
  const report = phase('load', options.snapshot.manifest.quads, options.progress);
  let byGraph = new Map<string, string[]>();
  let inPiece = 0;
  let done = 0;
  let lineNo = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const post = async (groups: Map<string, string[]>, n: number) => {
    const union: string[] = [];
    for (const [graph, lines] of groups) {
      await store.addTriples(graph, lines.join(''));
      union.push(...lines);
    }
    await store.addTriples(layout.union, union.join(''));
    done += n;
    report(done);
  };
  const flush = async () => {
    await inFlight;
    const groups = byGraph;
    const n = inPiece;
    byGraph = new Map();
    inPiece = 0;
    inFlight = post(groups, n);
    inFlight.catch(() => undefined); // awaited at the next flush or the end
  };
  for await (const line of readLines(options.snapshot.nquads)) {
    lineNo++;
    const quad = rewriter.rewrite(line, () => `${options.snapshot.nquads}:${lineNo}`);
    if (!quad) continue;
    const stored = layout.toStore(quad.graph);
    let lines = byGraph.get(stored);
    if (!lines) byGraph.set(stored, (lines = []));
    lines.push(`${quad.triple} .\n`);
    if (++inPiece >= piece) {
      checkAborted(options.signal);
      await flush();
    }
  }
  if (inPiece > 0) await flush();
  await inFlight;
}

/** Prefix of the load directories segraph makes in the bulk directory. */
const LOAD_PREFIX = 'segraph-publish-';

/**
 * The bulk loader: the quads rewritten into N-Quads files (each quad twice: its stored graph and
 * the union graph) in a fresh directory of the bulk directory, loaded by `ld_dir` and
 * `rdf_loader_run()`, checked in DB.DBA.LOAD_LIST, then deleted.
 */
async function bulkLoad(options: PublishOptions, layout: StoreLayout, target: IsqlTarget, bulkDir: string, log: (m: string) => void): Promise<void> {
  const dir = await mkdtemp(join(bulkDir, `${LOAD_PREFIX}${layout.version}-`));
  const like = sqlString(`${dir}/%`);
  try {
    const writeStarted = performance.now();
    const files = await writeLoadFiles(options, layout, dir);
    log(`bulk: wrote ${files} load file(s) in ${seconds(writeStarted)} s`);
    checkAborted(options.signal);
    const loadStarted = performance.now();
    const total = options.snapshot.manifest.quads;
    const report = phase('load', total, options.progress);
    const perFile = total / Math.max(1, files);
    await runIsql(target, `ld_dir(${sqlString(dir)}, '*', 'urn:segraph:unused');`, options.signal);
    // A signal does not kill the loading isql sessions (the server would stop mid-file and leave
    // its row "loading" for ever): the files not started are taken off the list, and the sessions
    // end after the file each is loading.
    const stop = () => void runIsql(target, `DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${like} AND ll_state = 0;`).catch(() => undefined);
    options.signal?.addEventListener('abort', stop, { once: true });
    const sessions = Math.max(1, options.loaders ?? 1);
    let finished = false;
    const poll = (async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, 1000));
        if (finished) break;
        const out = await runIsql(target, `SELECT '${MARK}' || count(*) FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${like} AND ll_state = 2;`).catch(() => '');
        const loaded = Number(isqlValues(out)[0] ?? NaN);
        if (Number.isFinite(loaded)) report(Math.min(total, Math.round(loaded * perFile)));
      }
    })();
    try {
      await Promise.all(Array.from({ length: sessions }, () => runIsql(target, 'rdf_loader_run();')));
    } finally {
      finished = true;
      options.signal?.removeEventListener('abort', stop);
      await poll;
    }
    checkAborted(options.signal);
    log(`bulk: rdf_loader_run() × ${sessions} took ${seconds(loadStarted)} s`);
    const checkpointStarted = performance.now();
    const out = await runIsql(target, `checkpoint;\nSELECT '${MARK}' || ll_file || ' state ' || ll_state || ': ' || coalesce(ll_error, '') FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${like} AND (ll_state <> 2 OR ll_error IS NOT NULL);`, options.signal);
    const failed = isqlValues(out);
    log(`bulk: checkpoint took ${seconds(checkpointStarted)} s`);
    if (failed.length > 0) throw new BulkLoadError(`Virtuoso's bulk loader failed on ${failed.length} file(s): ${failed.slice(0, 3).join('; ')}`);
    report(total);
  } catch (error) {
    if (error instanceof IsqlError) throw new BulkLoadError(`bulk load failed: ${error.message}`);
    throw error;
  } finally {
    await runIsql(target, `DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${like};`).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Takes the files not yet loaded off LOAD_LIST, then waits for those "being loaded" while their
 * version's union graph grows: a publish killed with kill -9 leaves its isql session loading its
 * file to the end; a session that was itself killed leaves its row at ll_state 1 for ever, its load
 * stopped by the server (measured), which 10 s without growth tells. 10 minutes at most.
 */
async function settleLoads(target: IsqlTarget, bulkDir: string, log: (m: string) => void): Promise<void> {
  const like = sqlString(`${bulkDir}/${LOAD_PREFIX}%`);
  await runIsql(target, `DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${like} AND ll_state = 0;`);
  const files = isqlValues(await runIsql(target, `SELECT '${MARK}' || ll_file FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${like} AND ll_state = 1;`));
  if (files.length === 0) return;
  // The version from the load directory's name: segraph-publish-{version}-XXXXXX (mkdtemp's six).
  const versions = [...new Set(files.map((f) => /segraph-publish-(.+)-[^-/]{6}\//.exec(f.slice(bulkDir.length))?.[1]).filter((v) => v !== undefined))];
  const counts = `SELECT '${MARK}' || (${versions.map((v) => `(SELECT COUNT(*) FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id(${sqlString(unionGraph(v))}, 0))`).join(' + ') || '0'});`;
  log(`waiting for ${files.length} file(s) an interrupted publish may still be bulk-loading in the server`);
  let last = -1;
  let still = 0;
  for (const until = Date.now() + 600_000; Date.now() < until;) {
    const running = Number(isqlValues(await runIsql(target, `SELECT '${MARK}' || count(*) FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${like} AND ll_state = 1;`))[0] ?? 0);
    if (running === 0) return;
    const now = Number(isqlValues(await runIsql(target, counts))[0] ?? 0);
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 5) {
      log(`no progress for 10 s: the load was stopped with its isql session; going on`);
      return;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new BulkLoadError(`an interrupted publish's bulk load is still running in the server after 10 minutes (DB.DBA.LOAD_LIST rows with ll_state = 1, ll_file LIKE ${like})`);
}

/**
 * What an interrupted bulk publish left: its load directories, and its LOAD_LIST rows (files not
 * loaded yet would be taken by the next `rdf_loader_run()`); a load still running is waited for
 * (settleLoads), so it does not load into the version being cleared.
 */
async function clearStaleLoads(target: IsqlTarget, bulkDir: string, log: (m: string) => void): Promise<void> {
  const like = sqlString(`${bulkDir}/${LOAD_PREFIX}%`);
  await settleLoads(target, bulkDir, log);
  await runIsql(target, `DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${like};`);
  const stale = (await readdir(bulkDir)).filter((name) => name.startsWith(LOAD_PREFIX));
  for (const name of stale) {
    log(`removing ${join(bulkDir, name)}, left by an interrupted publish`);
    await rm(join(bulkDir, name), { recursive: true, force: true });
  }
}

/** Writes the load files; returns how many. */
async function writeLoadFiles(options: PublishOptions, layout: StoreLayout, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const perFile = options.pieceTriples ?? 500_000;
  const gzip = options.gzip ?? false;
  const rewriter = new QuadRewriter(layout);
  const report = phase('write', options.snapshot.manifest.quads, options.progress);
  const union = ` <${layout.union}> .\n`;
  const storedSuffix = new Map(layout.graphs.map((g) => [g, ` <${layout.toStore(g)}> .\n`]));
  let files = 0;
  let out: { file: WriteStream; sink: WriteStream | Gzip } | undefined;
  let inFile = 0;
  let lineNo = 0;
  let done = 0;
  const close = async () => {
    if (!out) return;
    const { file, sink } = out;
    out = undefined;
    sink.end();
    await once(file, 'close');
  };
  try {
    for await (const line of readLines(options.snapshot.nquads)) {
      lineNo++;
      const quad = rewriter.rewrite(line, () => `${options.snapshot.nquads}:${lineNo}`);
      if (!quad) continue;
      if (!out) {
        const file = createWriteStream(join(dir, `part-${String(files++).padStart(5, '0')}.nq${gzip ? '.gz' : ''}`), { highWaterMark: 1 << 20 });
        if (gzip) {
          const z = createGzip({ level: 1 });
          z.pipe(file);
          out = { file, sink: z };
        } else {
          out = { file, sink: file };
        }
      }
      if (!out.sink.write(`${quad.triple}${storedSuffix.get(quad.graph)!}${quad.triple}${union}`)) await once(out.sink, 'drain');
      if (++done % 65_536 === 0) report(done);
      if (++inFile >= perFile) {
        inFile = 0;
        await close();
        report(done);
        checkAborted(options.signal);
      }
    }
    await close();
    report(done);
  } finally {
    if (out) {
      // Failed midway: its writes still queued end in errors nobody waits for.
      for (const stream of [out.sink, out.file]) stream.on('error', () => undefined).destroy();
    }
  }
  return files;
}

