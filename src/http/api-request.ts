/**
 * Reading API requests: parameters as strings, paging (`limit`, `offset`) and its `Link` header,
 * the reader's languages. Shared by the question, facet and search routes.
 */
import type { Request, RequestHandler } from 'express';
import Negotiator from 'negotiator';
import { MAX_OFFSET } from '../api/bind.js';
import { HttpError } from './errors.js';
import { checkFormEncoding, percentDecodesToUtf8 } from './parse-sparql-request.js';

/** Who is asking, for the engine's per-client fairness: the peer address (behind `--trust-proxy`, X-Forwarded-For's). */
export const clientOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/**
 * Before routing: the path and the query string must percent-decode to UTF-8 (400
 * invalid_encoding), since express's parsers would put U+FFFD in place of the bytes.
 */
export const urlEncoding: RequestHandler = (req, _res, next) => {
  const at = req.url.indexOf('?');
  if (!percentDecodesToUtf8(at < 0 ? req.url : req.url.slice(0, at))) {
    throw new HttpError('invalid_encoding', 'A percent-encoded part of the path is not UTF-8.');
  }
  if (at >= 0) checkFormEncoding(req.url.slice(at + 1), 'URL');
  next();
};

/** Query parameters as strings or string arrays (repeated names), as express parses them. */
export function input(req: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
    else throw new HttpError('invalid_parameter', `${k}: give a plain value (repeat the name for several).`, { parameter: k });
  }
  return out;
}

export function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new HttpError('invalid_parameter', `${name}: give one value.`, { parameter: name });
  return v;
}

/**
 * `limit` (1…max, default `dflt`) and `offset` (0…MAX_OFFSET); anything else is a 400 naming the
 * parameter and its range.
 */
export function pageOf(req: Request, max: number, dflt = Math.min(100, max)): { limit: number; offset: number } {
  const limitRaw = single(req, 'limit');
  const offsetRaw = single(req, 'offset');
  const limit = limitRaw === undefined ? Math.min(dflt, max) : /^\d+$/.test(limitRaw) ? Number(limitRaw) : NaN;
  const offset = offsetRaw === undefined ? 0 : /^\d+$/.test(offsetRaw) ? Number(offsetRaw) : NaN;
  if (!(limit >= 1 && limit <= max)) {
    throw new HttpError('invalid_parameter', `limit: an integer from 1 to ${max}.`, { parameter: 'limit', value: limitRaw, minimum: 1, maximum: max });
  }
  if (!(offset >= 0 && offset <= MAX_OFFSET)) {
    throw new HttpError('invalid_parameter', `offset: an integer from 0 to ${MAX_OFFSET}.`, { parameter: 'offset', value: offsetRaw, minimum: 0, maximum: MAX_OFFSET });
  }
  return { limit, offset };
}

/**
 * `Link` header with the first, previous, next and last pages; `urlFor(offset)` is the URL of the
 * page starting at `offset`.
 */
export function pageLinks(urlFor: (offset: number) => string, page: { limit: number; offset: number }, total: number): string {
  const { limit, offset } = page;
  const last = total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
  const rels: Array<[string, number]> = [['first', 0]];
  if (offset > 0) rels.push(['prev', Math.max(0, Math.min(offset - limit, last))]);
  if (offset + limit < total) rels.push(['next', offset + limit]);
  rels.push(['last', last]);
  return rels.map(([rel, at]) => `<${urlFor(at)}>; rel="${rel}"`).join(', ');
}

/** The URL of this request with another offset (and its limit), keeping every other parameter. */
export const samePageUrl = (req: Request, limit: number) => (offset: number): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) {
    if (k === 'offset' || k === 'limit') continue;
    for (const x of Array.isArray(v) ? v : [v]) params.append(k, String(x));
  }
  params.set('limit', String(limit));
  params.set('offset', String(offset));
  return `${req.baseUrl}${req.path}?${params.toString()}`;
};

/**
 * The reader's languages, most wanted first: the `lang=` list (`?lang=pl,en`) in its order, then
 * Accept-Language by q-value (as the `negotiator` package reads it), without `*` or repeats. The
 * one place every route (documents, pages, questions, facets, search) reads them.
 */
export function languagesOf(req: Request): string[] {
  const param = (single(req, 'lang') ?? '').split(',').map((l) => l.trim()).filter((l) => l !== '');
  const accepted = req.get('accept-language') ? new Negotiator(req).languages().filter((l) => l !== '*') : [];
  const seen = new Set<string>();
  return [...param, ...accepted].filter((l) => {
    const key = l.toLowerCase();
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** The request's parameters in a canonical order, for ETags (the same question, the same tag). */
export function parametersKey(req: Request): string {
  return [...new URLSearchParams(req.originalUrl.split('?')[1] ?? '')]
    .sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y))
    .map(([k, v]) => `${k}=${v}`).join('&');
}
