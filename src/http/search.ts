/**
 * GET /api/search?q=…&type=…&country=…&limit=…&offset=…: full-text search over the names,
 * summaries and descriptions of the practices, initiatives, organisations, places, programmes,
 * funds, target groups, themes and SDGs of the built seed graph (the index is built with the
 * snapshot; src/search/). Case and diacritics are ignored ("uslug" finds "Usług"); `type` and
 * `country` may repeat or be comma-separated. The answer is JSON, paged with Link headers
 * (first, prev, next, last), with an ETag from the graph version and the request.
 */
import { Router, type Request, type Response } from 'express';
import { countryIri, listValues, ParameterError } from '../api/parameters.js';
import { searchRoute } from '../api/routes.js';
import { foldedTerms } from '../graph/fold.js';
import type { SearchType } from '../graph/search-index.js';
import { searchIndexOf } from '../search/search.js';
import { EU_COUNTRY } from '../vocab/namespace.js';
import type { SnapshotInfo } from './catalog.js';
import { HttpError, methodNotAllowed } from './errors.js';
import { documentPath } from './resources.js';
import { etagOf, notModified } from './respond.js';
import { pageLinks, readQuery } from './api-request.js';
import { sitePath, type SiteConfig } from './site-config.js';

export interface SearchDeps {
  readonly snapshot?: SnapshotInfo;
  /** Our IRIs (under its base) get the path of their document. */
  readonly site: SiteConfig;
}

const ROUTE = searchRoute();
export const SEARCH_PATH = ROUTE.path;

const NO_SEED = 'Search covers the built seed graph; this server was started without it (--no-seed) and has no search index. SPARQL (/sparql) answers over the RDF it loaded.';
const OLD_SNAPSHOT = 'Search covers the built seed graph, but this snapshot was built before segraph wrote a search index; run segraph build.';

const invalid = (parameter: string, reason: string) => new ParameterError(parameter, reason);

interface SearchRequest {
  readonly q: string;
  /** Checked against the route's schema (its enum of SEARCH_TYPES). */
  readonly types: readonly SearchType[];
  /** Country IRIs. */
  readonly countries: readonly string[];
  readonly limit: number;
  readonly offset: number;
}

/** The request's parameters, read by the route's schema and checked; a 400 naming the parameter otherwise. */
function parseRequest(req: Request): SearchRequest {
  const params = readQuery(req, ROUTE.query);
  const q = (params['q'] as string).trim();
  if (q.length === 0) throw invalid('q', 'give the text to search for, e.g. /api/search?q=social+cooperative');
  if (foldedTerms(q).length === 0) throw invalid('q', `no words to search for in '${q}'`);
  const types = [...new Set(params['type'] as SearchType[])];
  const countries = [...new Set(listValues(params['country'] as string | string[] | undefined).map(countryIri))];
  return { q, types, countries, limit: params['limit'] as number, offset: params['offset'] as number };
}

/** The URL of another page of the same search (countries by their short codes). */
function pageUrl(root: string, search: SearchRequest, offset: number): string {
  const params = new URLSearchParams({ q: search.q });
  if (search.types.length > 0) params.set('type', search.types.join(','));
  if (search.countries.length > 0) params.set('country', search.countries.map((c) => c.slice(EU_COUNTRY.iri.length)).join(','));
  params.set('limit', String(search.limit));
  params.set('offset', String(offset));
  return `${root}${SEARCH_PATH.slice(1)}?${params.toString()}`;
}

/** The /api/search route. */
export function searchRouter(deps: SearchDeps): Router {
  const router = Router();
  const snapshot = deps.snapshot;

  router.route(SEARCH_PATH)
    .get(async (req: Request, res: Response) => {
      const search = parseRequest(req);
      const index = snapshot ? searchIndexOf(snapshot) : undefined;
      if (!snapshot || !index) throw new HttpError('not_found', snapshot ? OLD_SNAPSHOT : NO_SEED);
      const etag = etagOf(snapshot.manifest.version, 'search', search.q, search.types.join(','), search.countries.join(','), String(search.limit), String(search.offset));
      if (notModified(req, res, etag)) return;
      const result = (await index).search(search.q, search);
      res.set('Link', pageLinks((offset) => pageUrl(sitePath(deps.site), search, offset), search, result.total));
      res.type('application/json').send(JSON.stringify({
        q: search.q,
        filters: { type: search.types, country: search.countries },
        match: result.match,
        total: result.total,
        limit: search.limit,
        offset: search.offset,
        results: result.hits.map((hit) => ({ ...hit, document: documentPath(hit.iri, deps.site) ?? null })),
      }, null, 2) + '\n');
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}
