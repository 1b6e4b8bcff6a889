/**
 * The question API: `GET /api/queries` lists the named queries, `GET /api/queries/{name}` answers
 * one (plain JSON by default; SPARQL JSON, CSV, JSON-LD by negotiation or `format=`; `explain`
 * gives the SPARQL that runs), `GET /api/openapi.json` describes it all.
 */
import { Router, type Request, type Response } from 'express';
import { shortValue } from '../api/bind.js';
import { ParameterError } from '../api/parameters.js';
import type { NamedQuery } from '../api/named-query.js';
import { openApiDocument } from '../api/openapi.js';
import { jsonLdRows, QueryApi, type SparqlJson } from '../api/query-api.js';
import { QUESTION_FORMATS, QUESTION_MAX_LIMIT, questionRoute } from '../api/routes.js';
import type { Engine } from '../query/engine.js';
import { documentPath } from './resources.js';
import { languagesOf, parametersKey, pageLinks, readQuery, samePageUrl } from './api-request.js';
import type { EncodedBodies } from './encode.js';
import { ERROR_CODES, HttpError, methodNotAllowed } from './errors.js';
import { negotiate } from './negotiate.js';
import { etagOf, notModified } from './respond.js';
import { sitePath, type SiteConfig } from './site-config.js';

export interface ApiDeps {
  readonly engine: Engine;
  readonly queries: readonly NamedQuery[];
  /** The QueryApi over the engine (its queries run with the public URL as base IRI). */
  readonly api: QueryApi;
  /**
   * The base IRI the data mints under (its IRIs get the path of their document) and the public
   * URL, under which the OpenAPI document's server and the JSON-LD answers' names are given.
   */
  readonly site: SiteConfig;
  /** The compressed bodies kept (shared by every surface). */
  readonly compressed: EncodedBodies;
}

/** Result forms of a named query: name for `format=`, media types (the first is sent). */
const FORMATS = QUESTION_FORMATS;
type ApiFormat = (typeof FORMATS)[number]['name'];

/** The format `format=` names (already checked against the route's schema), else by Accept. */
function chooseApiFormat(req: Request, param: string | undefined): { name: ApiFormat; type: string } {
  if (param !== undefined) {
    const f = FORMATS.find((x) => x.name === param)!;
    return { name: f.name, type: f.types[0] };
  }
  const offers = FORMATS.flatMap((f) => f.types);
  const chosen = negotiate(req.get('accept'), offers);
  const f = FORMATS.find((x) => (x.types as readonly string[]).includes(chosen ?? ''));
  if (!f) throw new HttpError('not_acceptable', `Cannot produce any of: ${req.get('accept')}.`, { available: offers });
  return { name: f.name, type: f.types[0] };
}

/** A query's entry in the list and in error details. */
export function describeQuery(query: NamedQuery, allowed: ReadonlyMap<string, ReadonlyMap<string, string>>, root: string): Record<string, unknown> {
  const example = query.examples[0];
  return {
    name: query.name,
    title: query.title,
    description: query.description,
    href: `${root}api/queries/${query.name}`,
    ...(example ? { example: `${root}api/queries/${query.name}?${new URLSearchParams(example)}` } : {}),
    sparql: `${root}api/queries/${query.name}?explain`,
    parameters: query.parameters.map((p) => ({
      name: p.name, type: p.type, description: p.description, required: p.required, multiple: p.multiple,
      ...(p.default ? { default: p.default.join(',') } : {}),
      ...(p.class ? { class: p.class } : {}),
      ...(p.scheme ? { scheme: p.scheme } : {}),
      ...(p.namespace ? { namespace: p.namespace } : {}),
      ...(p.values ? { values: p.values } : {}),
      ...(allowed.has(p.name) ? { values: [...allowed.get(p.name)!].map(([iri, label]) => ({ value: shortValue(p, iri), iri, label })) } : {}),
    })),
    result: { ...(query.subject ? { subject: query.subject } : {}), columns: query.columns },
  };
}

export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  const { engine } = deps;
  const encoded = deps.compressed;
  const { api } = deps;
  const root = sitePath(deps.site);
  const maxLimit = Math.min(QUESTION_MAX_LIMIT, engine.limits.maxRows);
  // Each question's route schema, made from its header: the request is read by it.
  const routes = new Map(deps.queries.map((q) => [q.name, questionRoute(q, maxLimit)]));

  async function allowedOf(req: Request, query: NamedQuery) {
    const out = new Map<string, Map<string, string>>();
    for (const p of query.parameters) if (p.type === 'iri') out.set(p.name, await api.allowed(p));
    return out;
  }

  router.route('/api/queries').get(async (req: Request, res: Response) => {
    if (notModified(req, res, etagOf(engine.version, 'api-queries'))) return;
    const queries = [];
    for (const q of deps.queries) queries.push(describeQuery(q, await allowedOf(req, q), root));
    res.type('application/json');
    await encoded.send(req, res, `${res.getHeader('ETag')}`, JSON.stringify({ queries }, null, 1));
  }).all(methodNotAllowed(['GET', 'HEAD']));

  router.route('/api/queries/:name').get(async (req: Request, res: Response) => {
    const name = String(req.params['name']);
    const query = api.byName.get(name);
    if (!query) throw new HttpError('not_found', `There is no query named "${name}".`, { available: deps.queries.map((q) => q.name) });
    const values = readQuery(req, routes.get(name)!.query, (key) =>
      new ParameterError(key, `${query.name} has no parameter "${key}"`, { allowed: query.parameters.map((p) => p.name) }));
    // The question's own parameters, as given: bind.ts checks them and makes them terms.
    const params = Object.fromEntries(query.parameters.map((p) => [p.name, values[p.name] as string | string[] | undefined]));
    const explain = values['explain'] !== undefined;
    const format = explain ? { name: 'sparql' as const, type: 'application/sparql-query' } : chooseApiFormat(req, values['format'] as string | undefined);
    const page = { limit: values['limit'] as number, offset: values['offset'] as number };
    const languages = languagesOf(req);
    const key = parametersKey(req);
    res.vary('Accept-Language');
    if (notModified(req, res, etagOf(engine.version, 'api-query', name, key, format.name, languages.join(',')))) return;

    const prepared = await api.prepare(query, params, page); // a bad parameter: ParameterError, answered by errorHandler
    const rerun = `${root}sparql?query=${encodeURIComponent(prepared.sparql)}`;
    const here = `${root}api/queries/${name}`;
    const explainUrl = `${here}?${new URLSearchParams([...new URLSearchParams(req.originalUrl.split('?')[1] ?? '')].filter(([k]) => k !== 'explain' && k !== 'format').concat([['explain', '']]))}`;
    res.set('Link', `<${explainUrl}>; rel="describedby"; type="application/sparql-query"; title="the SPARQL query this answer runs"`);
    if (explain) {
      res.type('application/sparql-query; charset=utf-8');
      const header = `# ${query.title}\n# segraph named query "${query.name}" with its parameters bound; run it at /sparql.\n`;
      await encoded.send(req, res, `${res.getHeader('ETag')}`, header + prepared.sparql + '\n');
      return;
    }
    const [result, total] = await Promise.all([
      api.run(prepared, format.name === 'csv' ? 'csv' : 'json'),
      api.total(prepared),
    ]);
    res.set('Link', `${res.getHeader('Link')}, ${pageLinks(samePageUrl(req, page.limit, root), page, total)}`);
    res.set('Segraph-Total-Count', String(total));
    let body: string;
    if (format.name === 'csv' || format.name === 'srj') {
      body = result.body;
    } else {
      const json = JSON.parse(result.body) as SparqlJson;
      if (format.name === 'jsonld') {
        body = JSON.stringify(await jsonLdRows(query, json, `${deps.site.publicUrl}api/queries/${name}`), null, 1);
      } else {
        const rows = await api.plainRows(query, json, languages);
        const bound = Object.fromEntries([...prepared.bindings.terms].map(([k, terms]) => {
          const spec = query.parameters.find((p) => p.name === k)!;
          const shown = terms.map((t) => (t.termType === 'NamedNode' ? shortValue(spec, t.value) : t.value));
          return [k, spec.multiple ? shown : shown[0]];
        }));
        body = JSON.stringify({
          query: name, title: query.title, parameters: bound,
          total, limit: page.limit, offset: page.offset, sparql: rerun,
          results: rows.map((row) => withDocuments(row, deps.site)),
        }, null, 1);
      }
    }
    res.type(format.name === 'csv' ? 'text/csv; charset=utf-8' : format.type);
    await encoded.send(req, res, `${res.getHeader('ETag')}`, body);
  }).all(methodNotAllowed(['GET', 'HEAD']));

  router.route('/api/openapi.json').get(async (req: Request, res: Response) => {
    if (notModified(req, res, etagOf(engine.version, 'openapi'))) return;
    const allowed = new Map<string, Map<string, Map<string, string>>>();
    for (const q of deps.queries) allowed.set(q.name, await allowedOf(req, q));
    const doc = openApiDocument({ queries: deps.queries, allowed, serverUrl: deps.site.publicUrl.replace(/\/$/, ''), version: engine.version, maxLimit, errorCodes: ERROR_CODES });
    res.type('application/vnd.oai.openapi+json');
    if (negotiate(req.get('accept'), ['application/vnd.oai.openapi+json', 'application/json']) === 'application/json') res.type('application/json');
    await encoded.send(req, res, `${res.getHeader('ETag')}`, JSON.stringify(doc, null, 1));
  }).all(methodNotAllowed(['GET', 'HEAD']));

  return router;
}

/** Adds the local document path to each of our IRIs in a row, so a client can follow it. */
function withDocuments(row: Record<string, unknown>, site: SiteConfig): Record<string, unknown> {
  const add = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(add);
    if (v && typeof v === 'object' && 'id' in v) {
      const doc = documentPath(String((v as { id: string }).id), site);
      return doc ? { ...v, document: doc } : v;
    }
    return v;
  };
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, add(v)]));
}
