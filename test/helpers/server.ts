/**
 * Runs the HTTP app in-process on a loopback port, over the real seed graph (built once per run by
 * the vitest globalSetup, test/helpers/global-setup.ts) and/or other RDF files, with the real worker pool
 * — or, given `store`, over a remote SPARQL store where the seed graph is published (RemoteEngine;
 * see test/helpers/store.ts).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createApp } from '../../src/http/app.js';
import { loadServedReleases } from '../../src/http/releases.js';
import { serverConfig, type CorsOrigin, type ServerConfig } from '../../src/http/config.js';
import { listenWith } from '../../src/http/server.js';
import type { SiteConfig } from '../../src/http/site-config.js';
import type { SnapshotInfo } from '../../src/http/catalog.js';
import type { Manifest, SnapshotPaths } from '../../src/graph/snapshot.js';
import type { DatasetInfo } from '../../src/http/describe.js';
import { EmbeddedEngine, type Engine } from '../../src/query/engine.js';
import { RemoteEngine } from '../../src/store/remote-engine.js';
import type { SourceSpec } from '../../src/query/protocol.js';
import type { FairnessOptions } from '../../src/query/pool.js';
import type { QueryShapeLimits } from '../../src/query/query-shape.js';
import { loadNamedQueries } from '../../src/api/named-query.js';
import { DEFAULT_BASE } from '../../src/vocab/namespace.js';
import { inject } from 'vitest';
import { ROOT } from './project.js';
import { seedSnapshot } from './seed-snapshot.js';
import { storeWithFiles } from './store.js';

/** `engine` is an EmbeddedEngine (with its threads) unless the server runs over a store. */
export interface TestServer<E extends Engine = EmbeddedEngine> {
  /** Origin with a trailing slash, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  readonly endpoint: string;
  readonly engine: E;
  /** The base IRI and public URL the app was given. */
  readonly site: SiteConfig;
  /** The whole configuration the app was given. */
  readonly config: ServerConfig;
  readonly errors: string[];
  /** The built snapshot served (dumps and manifest), when the seed graph is. */
  readonly snapshot?: SnapshotInfo;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly seed?: boolean;
  readonly loads?: readonly SourceSpec[];
  /** Query worker threads (default 1). */
  readonly workers?: number;
  readonly deadlineMs?: number;
  readonly maxRows?: number;
  readonly maxBodyBytes?: number;
  readonly maxHeaderBytes?: number;
  readonly corsOrigin?: CorsOrigin;
  /** The one cache budget (default 128 MiB; 0: no caching). */
  readonly cacheBytes?: number;
  readonly maxWorkers?: number;
  readonly fairness?: FairnessOptions;
  /** Query shape limits of /sparql (the defaults when absent). */
  readonly queryLimits?: QueryShapeLimits;
  /** The base IRI the data mints under (default https://w3id.org/segraph/). */
  readonly base?: string;
  /** Where clients reach the server (default: the test server's own URL, http://127.0.0.1:PORT/). */
  readonly publicUrl?: string;
  /** A snapshot to serve instead of the shared seed's (embedded engine only). */
  readonly snapshot?: { readonly manifest: Manifest; readonly paths: SnapshotPaths };
  /** A releases directory to serve (/releases/, the catalogue's versions); none by default. */
  readonly releasesDir?: string;
  /** The most practices a JSON-LD download of /practices.jsonld frames (default 100). */
  readonly jsonLdDownloadMax?: number;
  /**
   * A SPARQL endpoint where the seed graph is published (test/helpers/store.ts): the app runs
   * over a RemoteEngine on it instead of the embedded engine (`seed`, `loads`, `workers` and
   * `maxWorkers` do not apply).
   */
  readonly store?: string;
  /** With `store`: requests to the store at once (default 4). */
  readonly concurrency?: number;
  /** With `store`: how often an unreachable store is tried (default 1000 ms). */
  readonly probeMs?: number;
}

/** Whether this test file runs in the `store` project (vitest.config.ts): its servers serve from Virtuoso. */
export function overTheStore(): boolean {
  return inject('testStore') !== undefined;
}

export function startTestServer(options: TestServerOptions & { store: string }): Promise<TestServer<Engine>>;
export function startTestServer(options?: TestServerOptions & { store?: undefined }): Promise<TestServer>;
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer<Engine>> {
  // The `store` project (vitest.config.ts) runs the HTTP suite over the store its globalSetup
  // published the seed to: every server of those files serves from it.
  // A server with other data than the seed gets a store of its own, with that data published.
  const projectStore = inject('testStore') as { endpoint: string } | undefined;
  let ownStore: { endpoint: string; close(): Promise<void> } | undefined;
  if (projectStore && !options.store) {
    const seed = options.seed ?? true;
    if (options.loads?.length || !seed) ownStore = await storeWithFiles(seed, options.loads ?? []);
    options = { ...options, store: ownStore?.endpoint ?? projectStore.endpoint };
  }
  const siteAt = (port: number): SiteConfig => ({ base: options.base ?? DEFAULT_BASE, publicUrl: options.publicUrl ?? `http://127.0.0.1:${port}/` });
  /** The app's configuration: the defaults, but for what `options` gives. */
  const configAt = (port: number): ServerConfig => serverConfig(siteAt(port), {
    limits: {
      ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
      ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
      ...(options.maxHeaderBytes !== undefined ? { maxHeaderBytes: options.maxHeaderBytes } : {}),
      ...(options.queryLimits ? { query: options.queryLimits } : {}),
    },
    ...(options.cacheBytes !== undefined ? { cacheBytes: options.cacheBytes } : {}),
    ...(options.corsOrigin !== undefined ? { corsOrigin: options.corsOrigin } : {}),
  });
  const limits = { deadlineMs: configAt(0).limits.deadlineMs, maxRows: configAt(0).limits.maxRows };
  let engine: Engine;
  let snapshot: SnapshotInfo | undefined;
  if (options.store) {
    const remote = await RemoteEngine.start({
      endpoint: options.store, limits, cacheBytes: configAt(0).cache.resultBytes, log: () => {},
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.probeMs !== undefined ? { probeMs: options.probeMs } : {}),
      ...(options.fairness ? { fairness: options.fairness } : {}),
    });
    engine = remote;
    // The seed's snapshot (dumps, search index, the catalogue) when the seed is served, as the
    // embedded server below has it, other files loaded beside it or not.
    if (options.seed ?? true) {
      const seed = await seedSnapshot();
      snapshot = { dir: seed.paths.dir, manifest: seed.manifest };
    }
  } else {
    const sources: SourceSpec[] = [];
    let version = 'test';
    if (options.seed ?? true) {
      const { manifest, paths } = options.snapshot ?? await seedSnapshot();
      sources.push({ path: paths.nquads, format: 'application/n-quads', trusted: true });
      version = manifest.version;
      snapshot = { dir: paths.dir, manifest };
    }
    sources.push(...(options.loads ?? []));
    const embedded = await EmbeddedEngine.start({
      sources,
      version,
      // One unless the test asks for more: a worker is a Wasm engine with the graph loaded, some 0.6 s
      // of CPU to start, and most test files send one request at a time.
      workers: options.workers ?? 1,
      limits,
      cacheBytes: configAt(0).cache.resultBytes,
      ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
      ...(options.fairness ? { fairness: options.fairness } : {}),
    });
    await embedded.allReady; // tests count on every worker being up
    engine = embedded;
  }
  const dataset: DatasetInfo = { title: 'segraph test dataset', description: 'The data under test.' };
  const errors: string[] = [];
  const { queries, problems } = await loadNamedQueries(join(ROOT, 'queries'));
  if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
  const releases = options.releasesDir ? await loadServedReleases(options.releasesDir) : [];
  const server: Server = await listenWith(({ port }) => createApp(configAt(port), {
    engine, dataset, queries, releases, log: (m) => errors.push(m), ...(snapshot ? { snapshot } : {}),
    ...(options.jsonLdDownloadMax !== undefined ? { jsonLdDownloadMax: options.jsonLdDownloadMax } : {}),
  }), { port: 0, host: '127.0.0.1', maxHeaderSize: configAt(0).limits.maxHeaderBytes });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    endpoint: `${url}sparql`,
    engine,
    site: configAt(port).site,
    config: configAt(port),
    errors,
    ...(snapshot ? { snapshot } : {}),
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await engine.close();
      await ownStore?.close();
    },
  };
}
