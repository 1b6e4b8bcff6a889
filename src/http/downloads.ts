/**
 * The explorer's downloads: `GET /practices.csv?…` and `GET /practices.jsonld?…`, with the
 * parameters of /practices and /api/facets (read by the same facetAnswerer, so a download holds
 * exactly the practices the page and the API give for the same URL: all of them, not a page of
 * them; a filter that is not one is the same 400 invalid_parameter).
 *
 * - CSV (RFC 4180, UTF-8, ./csv.ts): one row per practice, the columns a policy officer reads
 *   (src/api/practice-table.ts), names and labels in the reader's language (`lang=`,
 *   Accept-Language; English, then any, when a value has none in it), several values of a column
 *   joined by ` | `.
 * - JSON-LD: the documents of the practices, each as `/doc/practice/…?format=jsonld` frames it
 *   (and from the same cache), together in one `@graph` with the published context inline
 *   (src/graph/jsonld-frame.ts, documentsTogether), every language of every name kept with its tag.
 *
 * Both carry an ETag of the graph version and the request, are kept compressed in the shared
 * cache, and are sent as attachments named after the selection.
 */
import { Router, type Request, type Response } from 'express';
import type { LRUCache } from 'lru-cache';
import { PracticeTable, type ListColumn, type PracticeRow } from '../api/practice-table.js';
import type { JsonLdOutput } from '../graph/jsonld.js';
import { documentsTogether } from '../graph/jsonld-frame.js';
import { languagesOf, parametersKey } from './api-request.js';
import { toCsv } from './csv.js';
import { fold } from '../graph/fold.js';
import { HttpError, methodNotAllowed } from './errors.js';
import { facetAnswerer, type FacetAnswer, type FacetDeps } from './facets.js';
import { documentPath, jsonLdDocument } from './resources.js';
import { etagOf, notModified } from './respond.js';

export interface DownloadDeps extends FacetDeps {
  /** Framed JSON-LD documents kept, by ETag (none: a budget of 0 bytes), as for /doc/…. */
  readonly framed?: LRUCache<string, string> | undefined;
  /** The most practices a JSON-LD download frames (default JSONLD_DOWNLOAD_MAX). */
  readonly jsonLdMax?: number;
}

/**
 * The most practices a JSON-LD download frames: each is framed as its own document (tens to
 * hundreds of milliseconds of the main thread, cold), so past this a selection goes as CSV or the
 * whole graph as a dump.
 */
export const JSONLD_DOWNLOAD_MAX = 100;

/** The CSV's header, in the order of its columns. */
export const CSV_HEADER = [
  'IRI', 'Name', 'Country', 'NUTS regions', 'Urban-rural type', 'Degree of urbanisation', 'Start', 'End', 'EU funds', 'Programmes', 'Themes',
  'Target groups', 'SDGs', 'Page',
] as const;

/** Several values of one column in one cell. */
export const CSV_LIST_SEPARATOR = ' | ';

/**
 * A file name for the selection: `segraph-practices-fund-esf-typology-predominantly-rural.csv`
 * (lower-case ASCII letters, digits and dashes; cut at 100 characters).
 */
export function downloadName(answer: Pick<FacetAnswer, 'q' | 'filters'>, extension: string): string {
  const parts = ['segraph-practices'];
  for (const [name, values] of Object.entries(answer.filters)) parts.push(name, ...values);
  if (answer.q) parts.push(answer.q);
  const slug = fold(parts.join('-'))
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100).replace(/-+$/, '');
  return `${slug}.${extension}`;
}

export function downloadsRouter(deps: DownloadDeps): Router {
  const router = Router();
  const { engine, site } = deps;
  const answer = deps.answer ?? facetAnswerer(deps);
  const table = new PracticeTable(engine, deps.api, site.publicUrl);

  /** JSON-LD downloads being built, by ETag: a second request for the same waits for the first. */
  const inFlight = new Map<string, Promise<string>>();
  /**
   * Each practice's document as /doc/practice/…?format=jsonld frames it (and from the same cache),
   * one after another: framing is work on the main thread (tens to hundreds of milliseconds a
   * practice), so other requests are answered between two practices.
   */
  const together = async (iris: readonly string[]): Promise<string> => {
    const docs: JsonLdOutput[] = [];
    for (const iri of iris) {
      const body = await jsonLdDocument(engine, iri, { baseIri: site.publicUrl, framed: deps.framed });
      if (body !== undefined) docs.push(JSON.parse(body) as JsonLdOutput);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return JSON.stringify(await documentsTogether(docs), null, 1);
  };

  router.route('/practices.csv').get(async (req: Request, res: Response) => {
    res.vary('Accept-Language');
    const languages = languagesOf(req);
    const etag = etagOf(engine.version, 'practices.csv', parametersKey(req), languages.join(','));
    if (notModified(req, res, etag)) return;
    const found = await answer(req);
    const rows = await table.rows(await answer.matching(found), languages);
    const page = (iri: string) => {
      const path = documentPath(iri, site);
      return path ? new URL(path, site.publicUrl).href : '';
    };
    const lists = (r: PracticeRow, column: ListColumn) => r.lists[column].join(CSV_LIST_SEPARATOR);
    const body = toCsv([CSV_HEADER, ...rows.map((r) => [
      r.iri, r.name, lists(r, 'country'), lists(r, 'nutsRegions'), lists(r, 'urbanRuralType'), lists(r, 'degreeOfUrbanisation'), r.start ?? '', r.end ?? '',
      lists(r, 'funds'), lists(r, 'programmes'), lists(r, 'themes'), lists(r, 'targetGroups'), lists(r, 'sdgs'), page(r.iri),
    ])]);
    res.attachment(downloadName(found, 'csv'));
    res.type('text/csv; charset=utf-8; header=present');
    await deps.compressed.send(req, res, etag, body);
  }).all(methodNotAllowed(['GET', 'HEAD']));

  router.route('/practices.jsonld').get(async (req: Request, res: Response) => {
    const etag = etagOf(engine.version, 'practices.jsonld', parametersKey(req));
    if (notModified(req, res, etag)) return;
    const found = await answer(req);
    let body = deps.framed?.get(etag);
    if (body === undefined) {
      const practices = await answer.matching(found);
      const max = deps.jsonLdMax ?? JSONLD_DOWNLOAD_MAX;
      if (practices.length > max) {
        throw new HttpError('selection_too_large', `A JSON-LD download holds at most ${max} practices; this selection has ${practices.length}. Narrow it, take it as CSV (/practices.csv), or take the whole graph as a dump (/dumps/).`, { max, found: practices.length });
      }
      let building = inFlight.get(etag);
      if (!building) {
        building = together(practices).finally(() => inFlight.delete(etag));
        inFlight.set(etag, building);
      }
      body = await building;
      deps.framed?.set(etag, body);
    }
    res.attachment(downloadName(found, 'jsonld'));
    res.type('application/ld+json');
    await deps.compressed.send(req, res, etag, body);
  }).all(methodNotAllowed(['GET', 'HEAD']));

  return router;
}
