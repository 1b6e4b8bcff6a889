/**
 * Reading requests: the one module every router reads a request through. Single values, lists
 * (repeated or comma-separated), paging (`limit`, `offset`) and its `Link` header, `format=`, the
 * reader's languages (`lang=` and Accept-Language, by `negotiator`, as negotiate.ts reads Accept),
 * the URL the client used, and who the client is. A bad parameter is a ParameterError (answered
 * `400 invalid_parameter` by errors.ts).
 *
 * The JSON API's routes read their query parameters by their schema (src/api/routes.ts, the one
 * the OpenAPI document is made of): readQuery takes the names the schema has (and refuses others
 * where it says so), lists and single values as it says, its defaults, and checks each value with
 * ajv against its schema — except those the domain checks itself (schemas.ts's DOMAIN), which it
 * hands on as given.
 *
 * Addresses: a URL we give a client to follow is under the configured public URL
 * (`SiteConfig.publicUrl`: the OpenAPI server, the question API's JSON-LD names), and the queries
 * the server writes run against it, so no answer depends on the Host header. The one use of the
 * request's own URL (requestUrl) is the SPARQL endpoint's, whose service description names
 * exactly the URL requested and resolves a query's relative IRIs against it (README).
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Request, RequestHandler } from 'express';
import Negotiator from 'negotiator';
import { listValues, ParameterError } from '../api/parameters.js';
import { DOMAIN, Page } from '../api/schemas.js';
import { HttpError } from './errors.js';
import { checkFormEncoding, percentDecodesToUtf8 } from './parse-sparql-request.js';

/** Who is asking, for the engine's per-client fairness: the peer address (behind `--trust-proxy`, X-Forwarded-For's). */
export const clientOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** The URL of this request without its query string, as the client wrote it (behind `--trust-proxy`, with X-Forwarded-Proto and -Host). */
export function requestUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}${req.path}`;
}

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
    else throw new ParameterError(k, 'give a plain value (repeat the name for several)');
  }
  return out;
}

/** A parameter given at most once; undefined when absent. */
export function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ParameterError(name, 'give one value');
  return v;
}

/** A list parameter: the name repeated, comma-separated, or both (listValues); [] when absent. */
export function list(req: Request, name: string): string[] {
  const v = req.query[name];
  if (v === undefined) return [];
  if (typeof v !== 'string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
    throw new ParameterError(name, 'give a plain value (repeat the name for several)');
  }
  return listValues(v as string | string[]);
}

/** `format=`, the name of a format that wins over Accept (negotiate.ts); undefined when absent. */
export const formatOf = (req: Request): string | undefined => single(req, 'format');

/**
 * `limit` (1…max, default `dflt`) and `offset` (0…MAX_OFFSET), by the paging schema (Page);
 * anything else is a ParameterError naming the parameter and its range.
 */
export function pageOf(req: Request, max: number, dflt = Math.min(100, max)): { limit: number; offset: number } {
  const key = `${max} ${dflt}`;
  let schema = pageSchemas.get(key);
  if (!schema) pageSchemas.set(key, (schema = Page(max, dflt)));
  return readQuery(req, schema) as { limit: number; offset: number };
}

/** One schema per range, so that each is compiled once. */
const pageSchemas = new Map<string, TObject>();

/** Parameter values as readQuery gives them. */
export type QueryValues = Record<string, string | number | ReadonlyArray<string | number> | undefined>;

/**
 * The query parameters of a route, by its schema: numbers for integer parameters, lists for
 * array ones, strings otherwise; a parameter absent takes its default, if it has one. `unknown`
 * makes the error for a name the schema does not have, when it has `additionalProperties: false`.
 * A parameter marked DOMAIN is handed on as given (a string, or the strings of a repeated name).
 */
export function readQuery(req: Request, schema: TObject, unknown?: (name: string) => ParameterError): QueryValues {
  const properties: Readonly<Record<string, TSchema>> = schema.properties;
  const given = input(req);
  if (schema.additionalProperties === false) {
    for (const name of Object.keys(given)) {
      if (!Object.hasOwn(properties, name)) {
        throw unknown?.(name) ?? new ParameterError(name, 'not a parameter of this route', { allowed: Object.keys(properties) });
      }
    }
  }
  const required = new Set(schema.required ?? []);
  const out: QueryValues = {};
  for (const [name, property] of Object.entries(properties)) {
    if ((property as { [DOMAIN]?: true })[DOMAIN] === true) {
      // The domain reads it (one value or several, its default, whether it must be given).
      if (given[name] !== undefined) out[name] = given[name];
    } else if (given[name] !== undefined) {
      out[name] = property['type'] === 'array'
        ? list(req, name).map((v) => checked(name, property['items'] as TSchema, v))
        : checked(name, property, single(req, name)!);
    } else if (property['default'] !== undefined) {
      out[name] = property['default'] as QueryValues[string];
    } else if (required.has(name)) {
      const example = (property['examples'] as unknown[] | undefined)?.[0];
      throw new ParameterError(name, `is required${example !== undefined ? `, e.g. ${name}=${String(example)}` : ''}`);
    }
  }
  return out;
}

const ajv = new Ajv2020({ strict: true });
const validators = new WeakMap<TSchema, ValidateFunction>();

/** One value of a parameter, as its schema's type (an integer: a number), checked against it. */
function checked(name: string, schema: TSchema, raw: string): string | number {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  const value = schema['type'] === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (validate(value)) return value;
  const { minimum, maximum } = schema as { minimum?: number; maximum?: number };
  if (schema['type'] === 'integer') {
    const range = `${minimum !== undefined ? ` from ${minimum}` : ''}${maximum !== undefined ? ` to ${maximum}` : ''}`;
    throw new ParameterError(name, `an integer${range}`, { value: raw, minimum, maximum });
  }
  const allowed = schema['enum'] as string[] | undefined;
  if (allowed) throw new ParameterError(name, `'${raw}' is not one of ${allowed.join(', ')}`, { value: raw, allowed });
  throw new ParameterError(name, ajv.errorsText(validate.errors, { dataVar: 'it' }), { value: raw });
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

/**
 * The path of this request with another offset (and its limit), keeping every other parameter;
 * under `root`, the path of the public URL (sitePath), as a proxy at a sub-path passes it on without.
 */
export const samePageUrl = (req: Request, limit: number, root: string) => (offset: number): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) {
    if (k === 'offset' || k === 'limit') continue;
    for (const x of Array.isArray(v) ? v : [v]) params.append(k, String(x));
  }
  params.set('limit', String(limit));
  params.set('offset', String(offset));
  return `${root}${`${req.baseUrl}${req.path}`.slice(1)}?${params.toString()}`;
};

/**
 * The reader's languages, most wanted first: the `lang=` list (`?lang=pl,en`, or repeated) in its order, then
 * Accept-Language by q-value (as the `negotiator` package reads it), without `*` or repeats. The
 * one place every route (documents, pages, questions, facets, search) reads them.
 */
export function languagesOf(req: Request): string[] {
  const param = list(req, 'lang');
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
