/**
 * createApp(config, deps): the express application. It never listens by itself (the CLI and the
 * tests do), and it holds no engine of its own: everything it serves comes through `deps`. The
 * IRIs it names things by come from `config.site.base`, the URLs a client must fetch from
 * `config.site.publicUrl` — never from a request's Host header; its limits, cache budget, proxy
 * and CORS settings from `config` too (src/http/config.ts, built once at start-up).
 */
import compression from 'compression';
import { LRUCache } from 'lru-cache';
import cors from 'cors';
import express, { Router, type Request, type Response } from 'express';
import { cacheUse, selectValues, type Engine } from '../query/engine.js';
import { iri, sparql } from '../query/sparql.js';
import { staticQuery } from '../query/static-query.js';
import { mintedUnder, RDFS } from '../vocab/namespace.js';
import type { SnapshotInfo } from './catalog.js';
import { catalogRouter } from './catalog-router.js';
import { voidDescription, type DatasetInfo } from './describe.js';
import { dumpsRouter } from './dumps.js';
import { releaseIri } from './catalog-releases.js';
import { releasesRouter, type ServedRelease } from './releases.js';
import { errorHandler, methodNotAllowed, notFound } from './errors.js';
import { homePage, type GraphLabel } from './pages.js';
import { etagOf, notModified, sendRdf } from './respond.js';
import { resourcesRouter } from './resources.js';
import { securityHeaders } from './security.js';
import { searchRouter } from './search.js';
import { apiRouter } from './api.js';
import { clientOf, urlEncoding } from './api-request.js';
import { QueryApi } from '../api/query-api.js';
import { facetAnswerer, facetsRouter } from './facets.js';
import { explorerRouter } from './explorer.js';
import { downloadsRouter } from './downloads.js';
import { regionsRouter } from './regions.js';
import { assetsRouter } from './assets.js';
import type { NamedQuery } from '../api/named-query.js';
import { sparqlRouter } from './sparql.js';
import { asClient } from '../query/client-context.js';
import { healthRouter, lifecycleMiddleware, type Lifecycle } from './health.js';
import type { ServerConfig } from './config.js';
import { sitePath } from './site-config.js';
import { EncodedBodies } from './encode.js';

export interface AppDeps {
  readonly engine: Engine;
  readonly dataset: DatasetInfo;
  readonly log?: (message: string) => void;
  /** The built snapshot being served (its dumps and manifest), absent when serving without the seed graph. */
  readonly snapshot?: SnapshotInfo;
  /** The releases (releases/<VERSION>/, read at start): served under /releases/ and in the catalogue. */
  readonly releases?: readonly ServedRelease[];
  /** The named queries of the question API (`queries/*.rq`). */
  readonly queries?: readonly NamedQuery[];
  /** Whether the server is stopping and how many requests are in flight (the CLI sets `stopping`). */
  readonly lifecycle?: Lifecycle;
  /** The most practices a JSON-LD download frames (default JSONLD_DOWNLOAD_MAX; tests lower it). */
  readonly jsonLdDownloadMax?: number;
}

/** Headers a browser script may read from our answers. */
const EXPOSED_HEADERS = [
  'ETag', 'Link', 'Content-Length', 'Retry-After', 'Server-Timing', 'Segraph-Graph-Version', 'Segraph-Cache',
  'Segraph-Result-Rows', 'Segraph-Result-Truncated', 'Segraph-Result-Limit', 'Segraph-Total-Count',
];

/** RDF and result types the `compressible` database does not list (it misses N-Triples, N-Quads, TriG). */
const TEXTUAL = /^(application\/(n-triples|n-quads|trig|sparql-results\+(json|xml)|ld\+json|rdf\+xml)|text\/)/;
function compressible(req: Request, res: Response): boolean {
  return compression.filter(req, res) || TEXTUAL.test(String(res.getHeader('Content-Type') ?? ''));
}

async function graphLabels(engine: Engine, baseIri: string): Promise<GraphLabel[]> {
  if (engine.stats.graphs.length === 0) return [];
  const graphs = engine.stats.graphs.map((g) => iri(g.iri));
  const rows = await selectValues(engine, sparql`SELECT ?g (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE {
    VALUES ?g { ${graphs} }
    OPTIONAL { ?g ${iri(RDFS.label)} ?l FILTER(langMatches(lang(?l), "en") || lang(?l) = "") }
    OPTIONAL { ?g ${iri(RDFS.comment)} ?c FILTER(langMatches(lang(?c), "en") || lang(?c) = "") }
  } GROUP BY ?g`.toString(), baseIri);
  return rows.map((r) => ({ iri: r['g']!, ...(r['label'] ? { label: r['label'] } : {}), ...(r['comment'] ? { comment: r['comment'] } : {}) }));
}

async function exampleResources(engine: Engine, baseIri: string): Promise<string[]> {
  const practices = await selectValues(engine, staticQuery('example-practices'), baseIri);
  const rows = practices.length > 0
    ? practices
    : await selectValues(engine, staticQuery('example-resources'), baseIri);
  return rows.map((r) => r['s']!);
}

function siteRouter(config: ServerConfig, deps: AppDeps): Router {
  const router = Router();
  const { engine } = deps;
  const { site } = config;
  const endpoint = `${site.publicUrl}sparql`;
  router.route('/')
    .get(async (req: Request, res: Response) => {
      if (notModified(req, res, etagOf(engine.version, 'home'))) return;
      const labels = await graphLabels(engine, endpoint);
      res.type('text/html; charset=utf-8').send(homePage(engine, deps.dataset, labels, config.limits.maxBodyBytes, deps.queries ?? [], sitePath(site)));
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  // Browsers ask for an icon on every site; we have none, and say so without an error in their console.
  router.route('/favicon.ico')
    .get((_req: Request, res: Response) => { res.set('Cache-Control', 'public, max-age=86400').status(204).end(); })
    .all(methodNotAllowed(['GET', 'HEAD']));
  router.route('/.well-known/void')
    .get(async (req: Request, res: Response) => {
      const documentUrl = `${site.publicUrl}.well-known/void`;
      const dumps = (deps.snapshot?.manifest.dumps ?? []).map((d) => `${site.publicUrl}dumps/${d.file}`);
      const [examples, vocabulary] = await Promise.all([exampleResources(engine, endpoint), engine.vocabularyStats()]);
      await sendRdf(req, res, {
        version: engine.version,
        etagParts: ['void'],
        quads: () => voidDescription(documentUrl, endpoint, deps.dataset, { version: engine.version, stats: engine.stats, vocabulary, examples, dumps }),
      });
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}

export function createApp(config: ServerConfig, deps: AppDeps): express.Express {
  const { site } = config;
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  // Our answers carry ETags from the graph version and the request; errors carry none.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const lifecycle = deps.lifecycle ?? { stopping: false, inFlight: 0 };
  app.use(lifecycleMiddleware(lifecycle));
  // Every query a request causes is that client's, for the engine's fairness (client-context.ts).
  app.use((req, _res, next) => asClient(clientOf(req), next));
  const { corsOrigin } = config;
  if (corsOrigin !== 'none') {
    // A list: the request's Origin is echoed when listed (with Vary: Origin), else no CORS header.
    const origin = corsOrigin === '*' ? '*' : [...corsOrigin];
    app.use(cors({ origin, methods: ['GET', 'HEAD', 'POST'], exposedHeaders: EXPOSED_HEADERS, maxAge: 86400 }));
  }
  app.use(compression({ filter: compressible }));
  app.use(urlEncoding);
  // One cache of compressed bodies for every surface, sized by the budget (config.ts).
  const compressed = new EncodedBodies(config.cache.compressedBytes);
  const framed = config.cache.framedBytes > 0
    ? new LRUCache<string, string>({ maxSize: config.cache.framedBytes, sizeCalculation: (b) => Math.max(1, b.length) })
    : undefined;
  app.use(healthRouter(deps.engine, lifecycle, (results) => ({
    budgetBytes: config.cache.totalBytes,
    ...(results ? { results } : {}),
    compressed: compressed.use(),
    jsonld: cacheUse(framed, config.cache.framedBytes),
  })));
  app.use(siteRouter(config, deps));
  app.use(assetsRouter());
  app.use(sparqlRouter({ ...deps, config, compressed }));
  // The dataset and its publisher are described by the catalogue, not by the graph.
  const minted = mintedUnder(site.base);
  const describedBy = new Map<string, string>([[minted.publisher, 'catalog']]);
  const datasetIri = deps.dataset.iri ?? (deps.snapshot ? minted.dataset : undefined); // as the catalogue names it
  if (datasetIri) describedBy.set(datasetIri, 'catalog');
  const releases = deps.releases ?? [];
  for (const r of datasetIri ? releases : []) describedBy.set(releaseIri(datasetIri!, r.record.version), `releases/${r.record.version}/`);
  const api = new QueryApi(deps.engine, deps.queries ?? [], site.publicUrl);
  // One facet answerer (one facet index and label cache per graph version) for every surface that counts or lists by facets.
  const facetBase = { engine: deps.engine, api, site, compressed, ...(deps.snapshot ? { snapshot: deps.snapshot } : {}) };
  const facetDeps = { ...facetBase, answer: facetAnswerer(facetBase) };
  app.use(resourcesRouter(deps.engine, { site, describedBy, compressed, framed, facets: facetDeps.answer.facets }));
  app.use(dumpsRouter({ ...deps, site }));
  app.use(catalogRouter({ ...deps, site }));
  app.use(releasesRouter({ releases, site, dataset: deps.dataset, ...(deps.snapshot ? { snapshot: deps.snapshot } : {}) }));
  app.use(searchRouter({ ...deps, site }));
  app.use(apiRouter({ engine: deps.engine, queries: deps.queries ?? [], api, site, compressed }));
  app.use(facetsRouter(facetDeps));
  app.use(explorerRouter(facetDeps));
  app.use(downloadsRouter({ ...facetDeps, framed, ...(deps.jsonLdDownloadMax !== undefined ? { jsonLdMax: deps.jsonLdDownloadMax } : {}) }));
  app.use(regionsRouter(facetDeps));
  app.use(notFound);
  app.use(errorHandler(deps.log ?? ((message) => process.stderr.write(`${message}\n`)), sitePath(site)));
  return app;
}
