/**
 * GET /api/facets: the practices matching any combination of facet filters and a search text,
 * and their counts per dimension (src/api/facets.ts), labelled in the reader's language.
 */
import { Router, type Request, type Response } from 'express';
import { DIMENSIONS, Facets } from '../api/facets.js';
import { listValues, ParameterError } from '../api/parameters.js';
import { facetsRoute } from '../api/routes.js';
import type { QueryApi } from '../api/query-api.js';
import type { Engine } from '../query/engine.js';
import { searchIndexOf } from '../search/search.js';
import { languagesOf, pageLinks, parametersKey, readQuery, samePageUrl } from './api-request.js';
import type { SnapshotInfo } from './catalog.js';
import type { EncodedBodies } from './encode.js';
import { HttpError, methodNotAllowed } from './errors.js';
import { documentPath } from './resources.js';
import { etagOf, notModified } from './respond.js';
import { sitePath, type SiteConfig } from './site-config.js';

export interface FacetDeps {
  readonly engine: Engine;
  /** The built snapshot, whose search index lets facets take a search text. */
  readonly snapshot?: SnapshotInfo;
  /** For labels. */
  readonly api: QueryApi;
  /** The base IRI the data mints under (its IRIs get the path of their document); the public URL, the base IRI of the facet queries. */
  readonly site: SiteConfig;
  /** The compressed bodies kept (shared by every surface). */
  readonly compressed: EncodedBodies;
  /**
   * The app's one facet answerer (createApp makes it): one facet index and one label cache per
   * graph version for /api/facets, /practices and the downloads. Absent: a router makes its own.
   */
  readonly answer?: FacetAnswerer;
}

/** What facetAnswerer gives: the answer of a request, with the facet index and a selection's practices. */
export type FacetAnswerer = ReturnType<typeof facetAnswerer>;

/** A practice or facet value as answered: its IRI, label in the reader's language, and document path. */
export interface Labelled { readonly id: string; readonly label?: string; readonly document?: string }

/** The answer of /api/facets, which the explorer's /practices page shows too. */
export interface FacetAnswer {
  readonly q?: string;
  readonly filters: Record<string, string[]>;
  readonly total: number;
  /** The page of `practices`: at most `limit` of the `total`, from `offset`. */
  readonly limit: number;
  readonly offset: number;
  readonly practices: readonly Labelled[];
  readonly facets: Record<string, { readonly title: string; readonly values: ReadonlyArray<Labelled & { readonly value: string; readonly count: number; readonly selected: boolean }> }>;
}

/**
 * Reads a facet request (the /api/facets route's schema: the dimensions, `q`, `lang`) and answers
 * it: one way for the JSON API and the explorer's page. Its `facets` is the table it answers from
 * (the explorer's map reads the practices' regions there).
 */
export function facetAnswerer(deps: FacetDeps): ((req: Request) => Promise<FacetAnswer>) & {
  readonly facets: Facets;
  /** Every practice of an answer's selection, all pages (for the downloads and the map). */
  readonly matching: (answer: FacetAnswer) => Promise<string[]>;
} {
  const { engine, api } = deps;
  const facets = new Facets(engine, deps.site.publicUrl);
  /** The parsed selection of each answer given, for `matching`. */
  const selections = new WeakMap<FacetAnswer, { filters: Map<string, Set<string>>; within: Set<string> | undefined }>();
  const labelsOf = labelCache(engine, api, facets);
  const route = facetsRoute();
  return Object.assign(async (req: Request): Promise<FacetAnswer> => {
    const params = readQuery(req, route.query, (key) =>
      new ParameterError(key, `not a facet; filter by ${DIMENSIONS.map((d) => d.name).join(', ')}, or q for a search text`, {
        allowed: Object.keys(route.query.properties),
      }));
    const languages = languagesOf(req);
    const raw: Record<string, string[]> = {};
    for (const d of DIMENSIONS) if (params[d.name] !== undefined) raw[d.name] = listValues(params[d.name] as string | string[]);
    const filters = await facets.filters(raw); // a value no practice has: ParameterError, answered by errorHandler
    const q = (params['q'] as string | undefined)?.trim();
    let within: Set<string> | undefined;
    if (q) {
      const index = deps.snapshot ? searchIndexOf(deps.snapshot) : undefined;
      if (!index) throw new HttpError('not_found', 'Search text needs the search index of the built seed graph; this server has none (started with --no-seed?).', { parameter: 'q' });
      within = (await index).matchingIris(q, { types: ['practice'] });
    }
    const page = { limit: params['limit'] as number, offset: params['offset'] as number };
    const counts = await facets.counts(filters, within, page);
    const ids = new Set<string>(counts.practices);
    for (const values of Object.values(counts.facets)) for (const v of values) ids.add(v.id);
    const labels = await labelsOf(ids, languages);
    const labelled = (id: string) => {
      const doc = documentPath(id, deps.site);
      return { id, ...(labels.has(id) ? { label: labels.get(id)! } : {}), ...(doc ? { document: doc } : {}) };
    };
    const answer: FacetAnswer = {
      ...(q ? { q } : {}),
      filters: Object.fromEntries(Object.entries(raw)),
      total: counts.total,
      limit: page.limit,
      offset: page.offset,
      practices: counts.practices.map(labelled),
      facets: Object.fromEntries(DIMENSIONS.map((d) => [d.name, {
        title: d.title,
        values: counts.facets[d.name]!.map((v) => ({ value: v.value, ...labelled(v.id), count: v.count, selected: v.selected })),
      }])),
    };
    selections.set(answer, { filters, within });
    return answer;
  }, {
    facets,
    matching: async (answer: FacetAnswer) => {
      const selection = selections.get(answer);
      if (!selection) throw new Error('matching: not an answer of this answerer');
      return facets.matching(selection.filters, selection.within);
    },
  });
}

/** Label sets kept per graph version: one per language list, the least recently used dropped past this. */
const LABEL_LANGUAGE_LISTS = 16;

/**
 * Labels of facet values and practices: read once per graph version and language list, for every
 * practice and facet value at once (one pass over the graph's labels, QueryApi.allLabels), and
 * kept. Any other IRI (none today) is looked up on its own.
 */
function labelCache(engine: Engine, api: QueryApi, facets: Facets): (iris: Iterable<string>, languages: readonly string[]) => Promise<ReadonlyMap<string, string>> {
  let version = '';
  /** Language list → the labels of every practice and facet value, least recently used first. */
  const byLanguages = new Map<string, Promise<{ labels: Map<string, string>; covers: (iri: string) => boolean }>>();
  return async (iris, languages) => {
    if (version !== engine.version) {
      byLanguages.clear();
      version = engine.version;
    }
    const key = languages.join(',');
    let all = byLanguages.get(key);
    if (all) byLanguages.delete(key); // re-inserted below: the map's order is least recently used first
    else {
      if (byLanguages.size >= LABEL_LANGUAGE_LISTS) byLanguages.delete(byLanguages.keys().next().value!);
      all = facets.indexOf().then(async (index) => {
        const covers = (iri: string) => index.has(iri);
        return { labels: await api.allLabels(languages, covers), covers };
      });
      const read = all;
      // A failed read is tried again by the next request, not kept.
      read.catch(() => { if (byLanguages.get(key) === read) byLanguages.delete(key); });
    }
    byLanguages.set(key, all);
    const { labels, covers } = await all;
    const wanted = [...new Set(iris)];
    const others = wanted.filter((iri) => !covers(iri));
    const more = others.length > 0 ? await api.labels(others, languages) : new Map<string, string>();
    const out = new Map<string, string>();
    for (const iri of wanted) {
      const label = labels.get(iri) ?? more.get(iri);
      if (label !== undefined) out.set(iri, label);
    }
    return out;
  };
}

export function facetsRouter(deps: FacetDeps): Router {
  const router = Router();
  const { engine } = deps;
  const encoded = deps.compressed;
  const answer = deps.answer ?? facetAnswerer(deps);
  const root = sitePath(deps.site);
  router.route(facetsRoute().path).get(async (req: Request, res: Response) => {
    res.vary('Accept-Language');
    if (notModified(req, res, etagOf(engine.version, 'facets', parametersKey(req), languagesOf(req).join(',')))) return;
    const body = await answer(req);
    res.set('Link', pageLinks(samePageUrl(req, body.limit, root), body, body.total));
    res.type('application/json');
    await encoded.send(req, res, `${res.getHeader('ETag')}`, JSON.stringify(body, null, 1));
  }).all(methodNotAllowed(['GET', 'HEAD']));

  return router;
}
