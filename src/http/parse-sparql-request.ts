/**
 * Reads a SPARQL 1.1 Protocol request (https://www.w3.org/TR/sparql11-protocol/#query-operation)
 * into a query and its dataset, without touching the engine. Pure: it sees the method, the raw
 * URL query string, the Content-Type header and the body bytes.
 */
import contentType from 'content-type';
import type { DatasetSpec } from '../query/protocol.js';
import { HttpError } from './errors.js';

export interface RawRequest {
  readonly method: string;
  /** The URL's query string, without the leading `?`. */
  readonly search: string;
  readonly contentType?: string | undefined;
  readonly body?: Buffer | undefined;
}

export type SparqlRequest =
  | { readonly kind: 'query'; readonly query: string; readonly dataset?: DatasetSpec; readonly params: URLSearchParams }
  /** GET with no query: the service description. */
  | { readonly kind: 'description'; readonly params: URLSearchParams };

const FORM = 'application/x-www-form-urlencoded';
const QUERY = 'application/sparql-query';
const UPDATE = 'application/sparql-update';

/** An absolute IRI (RFC 3987 scheme, then no characters IRIs forbid). */
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;

/** The one refusal of SPARQL Update, however it was sent (a form field, a body type, or an update as `query=`). */
export const readOnly = () =>
  new HttpError('read_only', 'This endpoint is read-only: SPARQL Update is not accepted. The published graph changes only through `segraph build`.');

/** Decodes UTF-8 strictly: invalid bytes are a 400, not replacement characters. */
function utf8(body: Buffer | undefined): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body ?? Buffer.alloc(0));
  } catch {
    throw new HttpError('invalid_encoding', 'The request body is not valid UTF-8.');
  }
}

/**
 * Checks that `text` (application/x-www-form-urlencoded: a URL's query string or a form body)
 * percent-decodes to UTF-8. URLSearchParams and express's query parser put U+FFFD in place of
 * bytes that are not UTF-8, so a broken value would be taken silently; it is a 400 instead. A `%`
 * not followed by two hex digits stays a `%`, as URLSearchParams reads it.
 *
 * @example
 *   checkFormEncoding('query=ASK%7B%7D', 'URL')     // fine
 *   checkFormEncoding('query=ASK%7B%7D%FF', 'URL')  // throws 400 invalid_encoding, parameter 'query'
 */
export function checkFormEncoding(text: string, where: string): void {
  if (!text.includes('%')) return; // Node refuses raw bytes past ASCII in a URL; a body was decoded strictly
  for (const pair of text.split('&')) {
    if (!percentDecodesToUtf8(pair)) {
      const key = pair.split('=')[0]!;
      const name = percentDecodesToUtf8(key) ? [...new URLSearchParams(pair).keys()][0] ?? '' : key; // a broken name as sent
      throw new HttpError('invalid_encoding', `A percent-encoded value in the ${where} is not UTF-8${name ? ` (in ${name})` : ''}.`, name ? { parameter: name } : {});
    }
  }
}

/** Whether the `%XX` escapes of `text` are UTF-8 (a `%` without two hex digits is a `%`). */
export function percentDecodesToUtf8(text: string): boolean {
  try {
    decodeURIComponent(text.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
    return true;
  } catch {
    return false;
  }
}

/** A form or query string read strictly: see checkFormEncoding. */
export function formParams(text: string, where: string): URLSearchParams {
  checkFormEncoding(text, where);
  return new URLSearchParams(text);
}

/** Parses the Content-Type of a POST: required, and UTF-8 if it names a charset. */
function postType(header: string | undefined): string {
  if (!header) {
    throw new HttpError('unsupported_media_type', `A POST needs a Content-Type: ${FORM} or ${QUERY}.`);
  }
  let parsed;
  try {
    parsed = contentType.parse(header);
  } catch {
    throw new HttpError('unsupported_media_type', `Cannot read the Content-Type '${header}'.`);
  }
  const charset = parsed.parameters['charset'];
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
    throw new HttpError('unsupported_media_type', `The body must be UTF-8, not ${charset}.`);
  }
  return parsed.type;
}

function dataset(params: URLSearchParams): DatasetSpec | undefined {
  const defaultGraphs = params.getAll('default-graph-uri');
  const namedGraphs = params.getAll('named-graph-uri');
  for (const [name, iris] of [['default-graph-uri', defaultGraphs], ['named-graph-uri', namedGraphs]] as const) {
    const bad = iris.find((iri) => !ABSOLUTE_IRI.test(iri));
    if (bad !== undefined) {
      throw new HttpError('invalid_parameter', `${name} must be an absolute IRI, not '${bad}'.`, { parameter: name });
    }
  }
  return defaultGraphs.length || namedGraphs.length ? { defaultGraphs, namedGraphs } : undefined;
}

function single(params: URLSearchParams): string | undefined {
  const queries = params.getAll('query');
  if (queries.length > 1) throw new HttpError('multiple_queries', `Found ${queries.length} query parameters; send one.`);
  return queries[0];
}

/**
 * @example
 *   parseSparqlRequest({ method: 'GET', search: 'query=ASK%7B%7D' })
 *   // { kind: 'query', query: 'ASK{}', params }
 */
export function parseSparqlRequest(raw: RawRequest): SparqlRequest {
  const url = formParams(raw.search, 'URL');
  if (raw.method === 'GET' || raw.method === 'HEAD') {
    if (url.has('update')) throw readOnly();
    const query = single(url);
    if (query === undefined) return { kind: 'description', params: url };
    const ds = dataset(url);
    return ds ? { kind: 'query', query, dataset: ds, params: url } : { kind: 'query', query, params: url };
  }
  const type = postType(raw.contentType);
  if (type === UPDATE) throw readOnly();
  let params: URLSearchParams;
  let query: string | undefined;
  if (type === FORM) {
    const body = formParams(utf8(raw.body), 'form body');
    if (body.has('update') || url.has('update')) throw readOnly();
    params = new URLSearchParams([...url, ...body]);
    query = single(params);
    if (query === undefined) throw new HttpError('missing_query', 'The form has no `query` parameter.');
  } else if (type === QUERY) {
    if (url.has('query')) throw new HttpError('multiple_queries', 'A query in the body and another in the URL; send one.');
    if (url.has('update')) throw readOnly();
    params = url;
    query = utf8(raw.body);
  } else {
    throw new HttpError('unsupported_media_type', `Cannot take a body of type ${type}; send ${FORM} or ${QUERY}.`);
  }
  const ds = dataset(params);
  return ds ? { kind: 'query', query, dataset: ds, params } : { kind: 'query', query, params };
}
