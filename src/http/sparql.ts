/**
 * `/sparql`: the SPARQL 1.1 Protocol query operation, the service description, and Graph Store
 * Protocol reads at `/sparql/graph`. The endpoint is read-only.
 */
import express, { Router, type Request, type Response } from 'express';
import { requestKey, type Engine, type QueryRequest } from '../query/engine.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS, formatsFor } from '../query/formats.js';
import { checkQueryShape } from '../query/query-shape.js';
import type { ServerConfig } from './config.js';
import { sitePath } from './site-config.js';
import { queryForm } from '../query/sparql-form.js';
import type { DatasetInfo } from './describe.js';
import { serviceDescription } from './describe.js';
import { HttpError, methodNotAllowed } from './errors.js';
import { clientOf, formatOf, requestUrl } from './api-request.js';
import { chooseFormat, type Chosen } from './negotiate.js';
import { parseSparqlRequest, readOnly } from './parse-sparql-request.js';
import { htmlPreferred, notModified, sendRdf, wantsHtml } from './respond.js';
import type { EncodedBodies } from './encode.js';
import { EXAMPLE_QUERIES, endpointPage } from './pages.js';
import type { NamedQuery } from '../api/named-query.js';
import { editorAssets, editorConfig, editorElements } from './sparql-editor.js';
import { resultsPage, type ResultsJson } from './results-page.js';

export interface SparqlDeps {
  readonly engine: Engine;
  readonly dataset: DatasetInfo;
  /** The body and query-shape limits (the engine keeps its own deadline and row cap). */
  readonly config: Pick<ServerConfig, 'limits' | 'site'>;
  /** The compressed bodies kept (shared by every surface). */
  readonly compressed: EncodedBodies;
  /** The named questions, offered as examples in the query editor. */
  readonly queries?: readonly NamedQuery[];
}

const ALL_FORMATS = [...SOLUTION_FORMATS, ...GRAPH_FORMATS];
const searchOf = (req: Request) => {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
};

/** "error at 3:21: expected …" → line 3, column 21. */
function syntaxError(message: string): HttpError {
  const at = /^error at (\d+):(\d+): /.exec(message);
  const position = at ? { line: Number(at[1]), column: Number(at[2]) } : {};
  return new HttpError('malformed_query', `Malformed query: ${message}`, position);
}

/** Runs a query (or answers 304) and sends its results with the limit and cache headers. */
async function answer(
  req: Request, res: Response, engine: Engine, encoded: EncodedBodies, request: QueryRequest, chosen: Chosen,
): Promise<void> {
  const started = performance.now();
  const key = requestKey(engine.version, request);
  const etag = `W/"${engine.version}-${key}"`;
  if (notModified(req, res, etag)) return;
  const outcome = await engine.execute(request, key); // deadline, overload and crashes: see errors.ts
  if (!outcome.ok) {
    throw outcome.kind === 'syntax' ? syntaxError(outcome.message) : new HttpError('query_failed', outcome.message);
  }
  // setHeader, not res.set: express would add a charset to application/json.
  res.setHeader('Content-Type', chosen.contentType);
  res.set({
    'Segraph-Graph-Version': engine.version,
    'Segraph-Cache': outcome.cached ? 'hit' : 'miss',
    'Segraph-Result-Rows': String(outcome.rows),
    // engine: the worker's own time; total: from reading the request to sending the answer.
    'Server-Timing': `engine;dur=${outcome.ms.toFixed(2)}, total;dur=${(performance.now() - started).toFixed(2)}`,
  });
  if (outcome.truncated) {
    res.set({ 'Segraph-Result-Truncated': 'true', 'Segraph-Result-Limit': String(engine.limits.maxRows) });
  }
  await encoded.send(req, res, etag, outcome.body);
}

export function sparqlRouter(deps: SparqlDeps): Router {
  const router = Router();
  const { engine } = deps;
  const encoded = deps.compressed;
  const { limits } = deps.config;
  const root = sitePath(deps.config.site);
  // The query editor (YASGUI) on the page for people, when `npm run build:web` has built it.
  const editor = editorAssets();
  const editorMarkup = editor && editorElements(editor, root, editorConfig(root, EXAMPLE_QUERIES[0]!, EXAMPLE_QUERIES, deps.queries ?? []));

  const query = async (req: Request, res: Response) => {
    const parsed = parseSparqlRequest({
      method: req.method,
      search: searchOf(req),
      contentType: req.get('content-type'),
      body: Buffer.isBuffer(req.body) ? req.body : undefined,
    });
    const endpoint = requestUrl(req);
    if (parsed.kind === 'description') {
      // The editor runs scripts and queries: its page alone gets the policy that allows them — set
      // before a 304 too, whose headers a browser stores over the cached page's.
      if (editor && editorMarkup && wantsHtml(req.get('accept'), formatOf(req))) res.setHeader('Content-Security-Policy', editor.policy);
      await sendRdf(req, res, {
        version: engine.version,
        // The page names the editor's files by their hashes: a rebuilt editor is a new page.
        etagParts: ['sd', endpoint, editor?.id ?? 'no-editor'],
        quads: () => serviceDescription(endpoint, engine.stats, deps.dataset),
        html: () => endpointPage(endpoint, engine, deps.dataset, root, editorMarkup),
      });
      return;
    }
    const form = queryForm(parsed.query);
    if (form === 'update') {
      throw readOnly();
    }
    // A query nested too deeply or too long would overflow the engine's stack: refuse it here
    // (QueryTooComplexError → 400 query_too_complex), before a worker sees it.
    checkQueryShape(parsed.query, limits.query);
    if ((form === 'select' || form === 'ask') && htmlPreferred(req.get('accept'), parsed.params.get('format') ?? undefined, SOLUTION_FORMATS) === true) {
      await answerAsPage(req, res, { query: parsed.query, form, baseIri: endpoint, format: 'json', client: clientOf(req), clientQuery: true, ...(parsed.dataset ? { dataset: parsed.dataset } : {}) });
      return;
    }
    const chosen = chooseFormat(formatsFor(form), req.get('accept'), parsed.params.get('format') ?? undefined, ALL_FORMATS);
    const request: QueryRequest = {
      query: parsed.query, form, baseIri: endpoint, format: chosen.format.id, client: clientOf(req), clientQuery: true, ...(parsed.dataset ? { dataset: parsed.dataset } : {}),
    };
    await answer(req, res, engine, encoded, request, chosen);
  };

  /** SELECT and ASK for a browser: the answer as a table (results-page.ts), its own ETag. */
  const answerAsPage = async (req: Request, res: Response, request: QueryRequest) => {
    const key = requestKey(engine.version, request);
    res.vary('Accept');
    if (notModified(req, res, `W/"${engine.version}-${key}-html"`)) return;
    const outcome = await engine.execute(request, key);
    if (!outcome.ok) throw outcome.kind === 'syntax' ? syntaxError(outcome.message) : new HttpError('query_failed', outcome.message);
    const truncated = outcome.truncated ? { limit: engine.limits.maxRows } : undefined;
    res.type('text/html; charset=utf-8').set({ 'Segraph-Result-Rows': String(outcome.rows), 'Segraph-Cache': outcome.cached ? 'hit' : 'miss' });
    const body = resultsPage(request.query, JSON.parse(outcome.body) as ResultsJson, deps.config.site, truncated, engine.version);
    await encoded.send(req, res, `W/"${engine.version}-${key}-html"`, body);
  };

  router.route('/sparql')
    .get(query)
    .post(express.raw({ type: () => true, limit: limits.maxBodyBytes }), query)
    .all(methodNotAllowed(['GET', 'HEAD', 'POST']));

  const graphStore = async (req: Request, res: Response) => {
    const params = new URLSearchParams(searchOf(req));
    const graph = params.get('graph');
    const wantsDefault = params.has('default');
    if ((graph === null) === !wantsDefault) {
      throw new HttpError('invalid_parameter', 'Name one graph: ?graph=<IRI> or ?default.', { parameter: 'graph' });
    }
    if (graph !== null && !engine.stats.graphs.some((g) => g.iri === graph)) {
      throw new HttpError('unknown_graph', `No graph named <${graph}> in the dataset.`, { graph });
    }
    const chosen = chooseFormat(GRAPH_FORMATS, req.get('accept'), params.get('format') ?? undefined, ALL_FORMATS);
    const request: QueryRequest = {
      query: 'CONSTRUCT WHERE { ?s ?p ?o }',
      form: 'construct',
      baseIri: requestUrl(req),
      format: chosen.format.id,
      client: clientOf(req), clientQuery: true,
      ...(graph !== null ? { dataset: { defaultGraphs: [graph], namedGraphs: [] } } : {}),
      complete: true, // the whole graph: the row cap is for query results
    };
    await answer(req, res, engine, encoded, request, chosen);
  };

  router.route('/sparql/graph')
    .get(graphStore)
    // A write is a method this resource does not support (RFC 9110 §15.5.6: 405 with Allow), not
    // a request refused (403 read_only is for SPARQL Update, sent by a method /sparql allows).
    .all(methodNotAllowed(['GET', 'HEAD'], 'The Graph Store is read-only here: only GET and HEAD are allowed; the published graph changes only through `segraph build`.'));
  return router;
}
