/**
 * `segraph serve`: builds the seed graph if its sources changed since the last build, loads it
 * (and any --load files) into the query workers, and serves it over HTTP — or, with
 * `--engine sparql --endpoint URL`, serves the version published in a SPARQL store (the scale
 * tier: src/store/remote-engine.ts), with nothing built or loaded here.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Server } from 'node:http';
import { basename, extname, join, relative, resolve } from 'node:path';
import { buildProject, isUpToDate } from '../graph/build.js';
import { ProblemsError } from '../graph/problem.js';
import { readCurrentSnapshot, readSnapshotOf, type Manifest, type SnapshotPaths } from '../graph/snapshot.js';
import { createApp } from '../http/app.js';
import { loadServedReleases } from '../http/releases.js';
import { cacheBudget, describeCache, serverConfig, type CorsOrigin, type Limits } from '../http/config.js';
import { listenWith, ListenError } from '../http/server.js';
import { defaultPublicUrl, type SiteConfig } from '../http/site-config.js';
import { loadNamedQueries } from '../api/named-query.js';
import type { SnapshotInfo } from '../http/catalog.js';
import type { DatasetInfo } from '../http/describe.js';
import { EmbeddedEngine, selectValues, type Engine } from '../query/engine.js';
import { LoadError } from '../query/errors.js';
import { NothingPublishedError, RemoteEngine, StoreUnreachableError } from '../store/remote-engine.js';
import { literal, sparql } from '../query/sparql.js';
import type { Lifecycle } from '../http/health.js';
import type { SourceSpec } from '../query/protocol.js';
import { DEFAULT_BASE, mintedUnder } from '../vocab/namespace.js';
import { printProblems, type Io } from './output.js';

export interface ServeOptions {
  readonly root: string;
  readonly buildDir: string;
  /** Where the releases are, read once at start (served under /releases/ and in the catalogue); none if absent. */
  readonly releasesDir?: string;
  /** embedded (default): Oxigraph in worker threads; sparql: the store at `endpoint`. */
  readonly engine?: 'embedded' | 'sparql';
  /** The store's SPARQL endpoint (with engine sparql). */
  readonly endpoint?: string;
  readonly host: string;
  readonly port: number;
  readonly seed: boolean;
  readonly loads: readonly string[];
  readonly workers: number;
  /** What one request may ask (config.ts). */
  readonly limits: Limits;
  /** The one cache budget, in bytes (config.ts shares it out; 0 turns caching off). */
  readonly cacheBytes: number;
  readonly trustProxy: boolean;
  /** Workers at most while long queries hold the others, or 'auto' (by free memory). */
  readonly maxWorkers?: number | 'auto';
  /** Queries one client may have waiting. */
  readonly clientQueue?: number;
  /** Queries one client may run at once (default: the number of workers). */
  readonly clientConcurrency?: number;
  /** A query running longer than this is long, and makes its client heavy. */
  readonly longQueryMs?: number;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish. */
  readonly graceMs?: number;
  /** Browser origins that may read our answers (CORS). */
  readonly corsOrigin: CorsOrigin;
  /** The base IRI the data mints under (validated: see src/http/site-config.ts). */
  readonly base: string;
  /** Where clients reach this server; absent: derived from the address it listens on. */
  readonly publicUrl?: string;
}

/** Media types Oxigraph parses, by file extension. */
const FORMAT_BY_EXTENSION: Record<string, string> = {
  '.ttl': 'text/turtle', '.turtle': 'text/turtle', '.nt': 'application/n-triples', '.nq': 'application/n-quads',
  '.trig': 'application/trig', '.rdf': 'application/rdf+xml', '.owl': 'application/rdf+xml', '.xml': 'application/rdf+xml',
  '.jsonld': 'application/ld+json', '.json': 'application/ld+json',
};

/** The server cannot start: a file it cannot read or load, an address it cannot listen on (exit 1). */
export class UsageError extends Error {}

/** A flag or environment value that is not valid, or that the data contradicts (exit 2, like any usage error). */
export class ConfigError extends UsageError {}

/** `FILE` or `FILE=GRAPH-IRI` (split at the first `=` followed by an IRI scheme). */
export function parseLoad(arg: string, cwd: string): SourceSpec {
  const m = /^(.*?)=([A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*)$/.exec(arg);
  const file = m ? m[1]! : arg;
  const format = FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
  if (!format) {
    throw new ConfigError(`--load ${arg}: cannot tell the format from '${extname(file) || basename(file)}'; use one of ${Object.keys(FORMAT_BY_EXTENSION).join(' ')}`);
  }
  return m ? { path: resolve(cwd, file), format, graph: m[2]! } : { path: resolve(cwd, file), format };
}

/** The seed snapshot, rebuilt first when the sources changed; the last good one if a rebuild fails. */
export async function seedSnapshot(options: Pick<ServeOptions, 'root' | 'buildDir'>, io: Io): Promise<{ path: string; version: string; snapshot: SnapshotInfo }> {
  const current = await readCurrentSnapshot(options.buildDir);
  const served = (c: { manifest: Manifest; paths: SnapshotPaths }) =>
    ({ path: c.paths.nquads, version: c.manifest.version, snapshot: { dir: c.paths.dir, manifest: c.manifest } });
  if (current && (await isUpToDate(options.root, current.manifest))) {
    return served(current);
  }
  io.err(current ? 'serve: the sources changed since the last build; building…' : 'serve: no build yet; building…');
  try {
    const { manifest, paths } = await buildProject(options);
    io.err(`serve: built version ${manifest.version} (${manifest.quads.toLocaleString('en')} quads)`);
    return served({ manifest, paths });
  } catch (error) {
    if (!(error instanceof ProblemsError)) throw error;
    printProblems(io, error.problems);
    if (!current) throw new UsageError(`build failed and there is no earlier build to serve: ${error.message}`);
    io.err(`serve: build failed (${error.message}); serving the last good build ${current.manifest.version}`);
    return served(current);
  }
}

export async function combinedVersion(seed: { version: string } | undefined, loads: readonly SourceSpec[]): Promise<string> {
  if (loads.length === 0 && seed) return seed.version;
  const hash = createHash('sha256').update(seed?.version ?? 'no-seed');
  for (const load of loads) {
    hash.update(`\n${load.graph ?? ''}\n`);
    for await (const chunk of createReadStream(load.path)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Whether the data holds anything minted under `{base}id/`: a base the data does not use would
 * make every IRI of the catalogue, and every `/id/…` on this server, name nothing.
 */
async function mintsUnder(engine: Engine, base: string): Promise<boolean> {
  const id = literal(mintedUnder(base).id);
  const rows = await selectValues(engine, sparql`SELECT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${id})) } LIMIT 1`.toString(), base);
  return rows.length > 0;
}

function datasetInfo(options: ServeOptions, loads: readonly SourceSpec[]): DatasetInfo {
  const files = loads.map((l) => basename(l.path)).join(', ');
  const minted = mintedUnder(options.base);
  if (options.seed) {
    return {
      iri: minted.dataset,
      title: 'segraph — the knowledge graph of the European social economy',
      description: 'Good practices of the social economy in European regions, the organisations behind them, the places they work in, the EU programmes and funds that finance them and the Sustainable Development Goals they serve, from the SECON Best Practices Report and related sources'
        + (files ? `; with ${files} loaded beside it.` : '.'),
      uriSpace: minted.id,
    };
  }
  return { title: `RDF loaded by segraph serve (${files})`, description: `The files ${files}, served by segraph.` };
}

/** The fairness options of both engines, from the flags. */
function fairnessOf(options: ServeOptions) {
  return {
    ...(options.clientQueue !== undefined ? { perClientQueue: options.clientQueue } : {}),
    ...(options.clientConcurrency !== undefined ? { perClient: options.clientConcurrency } : {}),
    ...(options.longQueryMs !== undefined ? { longMs: options.longQueryMs } : {}),
  };
}

/**
 * The engine over a SPARQL store, and the local snapshot of the version it publishes (its dumps,
 * search index and manifest for the catalogue) when `build/snapshots/<version>/` has it.
 */
async function remoteEngine(options: ServeOptions, io: Io): Promise<{ engine: RemoteEngine; snapshot?: SnapshotInfo }> {
  let engine: RemoteEngine;
  try {
    engine = await RemoteEngine.start({
      endpoint: options.endpoint!, limits: { deadlineMs: options.limits.deadlineMs, maxRows: options.limits.maxRows },
      cacheBytes: cacheBudget(options.cacheBytes).resultBytes, log: io.err, fairness: fairnessOf(options),
    });
  } catch (error) {
    if (error instanceof StoreUnreachableError || error instanceof NothingPublishedError) throw new UsageError(error.message);
    throw error;
  }
  const local = await readSnapshotOf(options.buildDir, engine.version);
  if (!local) {
    io.err(`serve: no snapshot of the published version ${engine.version} in ${join(options.buildDir, 'snapshots', engine.version)}: serving without dumps or search (build or copy it there to serve them)`);
    return { engine };
  }
  return { engine, snapshot: { dir: local.paths.dir, manifest: local.manifest } };
}

/** Starts the server; resolves once it listens, with a function that stops it. */
export async function startServer(options: ServeOptions, io: Io): Promise<{ url: string; server: Server; stop: (graceMs?: number) => Promise<void>; lifecycle: Lifecycle }> {
  const started = performance.now();
  const remote = options.engine === 'sparql';
  const loads = remote ? [] : options.loads.map((arg) => parseLoad(arg, process.cwd()));
  for (const load of loads) {
    await access(load.path, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--load ${load.path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
  }
  let engine: Engine & { readonly loadMs: number };
  let embedded: EmbeddedEngine | undefined;
  let seed: { snapshot?: SnapshotInfo } | undefined;
  let version: string;
  if (remote) {
    const r = await remoteEngine(options, io);
    engine = r.engine;
    version = r.engine.version;
    seed = r.snapshot ? { snapshot: r.snapshot } : {};
  } else {
    const built = options.seed ? await seedSnapshot(options, io) : undefined;
    seed = built;
    const sources: SourceSpec[] = [
      ...(built ? [{ path: built.path, format: 'application/n-quads', trusted: true }] : []),
      ...loads,
    ];
    version = await combinedVersion(built, loads);
    try {
      embedded = await EmbeddedEngine.start({
        sources, version, workers: options.workers, limits: { deadlineMs: options.limits.deadlineMs, maxRows: options.limits.maxRows },
        cacheBytes: cacheBudget(options.cacheBytes).resultBytes,
        maxWorkers: options.maxWorkers ?? 'auto', log: io.err,
        fairness: fairnessOf(options),
      });
    } catch (error) {
      if (error instanceof LoadError) throw new UsageError(`cannot load ${relative(process.cwd(), error.path)}: ${error.detail}`);
      throw error;
    }
    engine = embedded;
  }
  if (seed && !(await mintsUnder(engine, options.base))) {
    await engine.close();
    throw new ConfigError(`--base: the data holds nothing under ${mintedUnder(options.base).id}; give the base its IRIs are minted under (the seed data's is ${DEFAULT_BASE}) — segraph does not rebase data`);
  }
  const dataset = datasetInfo(options, loads);
  // The releases of the seed graph (releases/<VERSION>/), read once; with --no-seed there are none to serve.
  const releases = seed && options.releasesDir
    ? await loadServedReleases(options.releasesDir).catch(async (error: Error) => {
      await engine.close();
      throw new UsageError(`cannot read the releases in ${relative(process.cwd(), options.releasesDir!) || '.'}: ${error.message}`);
    })
    : [];
  // The question API's named queries; a broken one is reported and left out, the rest served.
  const { queries, problems } = await loadNamedQueries(join(options.root, 'queries'));
  for (const problem of problems) io.err(`serve: ${relative(process.cwd(), problem.file)}: left out of /api/queries: ${problem.message.slice(problem.file.length + 2)}`);
  const lifecycle: Lifecycle = { stopping: false, inFlight: 0 };
  const siteAt = (port: number): SiteConfig => ({ base: options.base, publicUrl: options.publicUrl ?? defaultPublicUrl(options.host, port) });
  // The one configuration object (config.ts); the public URL may need the port, known once listening.
  const configAt = (port: number) => serverConfig(siteAt(port), {
    limits: options.limits, cacheBytes: options.cacheBytes, trustProxy: options.trustProxy, corsOrigin: options.corsOrigin,
  });
  let server: Server;
  try {
    // Listening first: the default public URL has the port, which the system picks for port 0.
    server = await listenWith(({ port }) => {
      return createApp(configAt(port), {
        engine, dataset, log: io.err, queries, lifecycle, releases,
        ...(seed?.snapshot ? { snapshot: seed.snapshot } : {}),
      });
    }, { host: options.host, port: options.port, maxHeaderSize: options.limits.maxHeaderBytes });
  } catch (error) {
    await engine.close();
    if (error instanceof ListenError) throw new UsageError(error.message);
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/`;
  const config = configAt(port);
  const { site, limits } = config;
  const s = engine.stats;
  io.out(`segraph: graph ${version}${remote ? ` published in the SPARQL store at ${options.endpoint}` : ''}: ${s.quads.toLocaleString('en')} triples in ${s.graphs.length} named graphs`
    + (s.defaultGraphQuads ? ` and the default graph (${s.defaultGraphQuads.toLocaleString('en')})` : '')
    + `, ${remote ? 'found' : 'loaded'} in ${(engine.loadMs / 1000).toFixed(2)} s; ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const perWorker = engine.health().workers?.bytesPerWorker;
  const q = limits.query;
  io.out(`${engine.description}${perWorker ? ` · about ${Math.round(perWorker / 1024 / 1024)} MB each` : ''} · deadline ${limits.deadlineMs / 1000} s · at most ${limits.maxRows.toLocaleString('en')} rows · bodies up to ${limits.maxBodyBytes.toLocaleString('en')} bytes · request heads up to ${limits.maxHeaderBytes.toLocaleString('en')} bytes`
    + ` · queries up to depth ${q.maxDepth}, sequence ${q.maxSequence.toLocaleString('en')}, evaluation depth ${q.maxEvalDepth.toLocaleString('en')} · ${describeCache(config.cache)}`);
  io.out(`Home page        ${url}`);
  io.out(`SPARQL endpoint  ${url}sparql`);
  io.out(`Question API     ${url}api/queries (${queries.length} questions; OpenAPI at ${url}api/openapi.json)`);
  io.out(`Health           ${url}healthz`);
  io.out(`Releases         ${url}releases/ (${releases.length === 0 ? 'none' : `${releases.length}, newest ${releases.at(-1)!.record.version} of ${releases.at(-1)!.record.date}`})`);
  io.out(`Public URL       ${site.publicUrl} (in the catalogue's download and endpoint URLs; set --public-url behind a proxy)`);
  io.out(`Base IRI         ${site.base} (what /id/… on this server is about)`);
  if (embedded && options.workers > 1) {
    // allReady only resolves: a worker that fails to start is started again, and the pool logs it.
    void embedded.allReady.then(
      () => io.out(`segraph: all ${options.workers} query workers ready in ${((performance.now() - started) / 1000).toFixed(1)} s`),
    );
  }
  /**
   * Stops gracefully: no new connections; requests in flight may finish for `graceMs`; then the
   * engine closes (queries still running are answered 503 shutting_down) and the connections go.
   */
  const stop = async (graceMs = options.graceMs ?? 10_000) => {
    lifecycle.stopping = true;
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)));
    const drained = await Promise.race([closed.then(() => true), graceOver]);
    clearTimeout(timer);
    if (!drained) {
      io.err(`serve: ${lifecycle.inFlight} request(s) still running after the ${graceMs / 1000} s grace period; cutting them`);
      await engine.close(); // their queries are answered 503 shutting_down
      await new Promise((r) => setTimeout(r, 200));
      server.closeAllConnections();
      await closed;
    }
    clearInterval(idle);
    await engine.close();
  };
  return { url, server, stop, lifecycle };
}
