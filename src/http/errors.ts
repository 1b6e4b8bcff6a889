/**
 * HTTP errors: the table of codes (each with its one status and its meaning), the one JSON body
 * shape, and the one error handler that writes them. Every error a client can cause is a 4xx with
 * a code from ERROR_CODES (the README's error table is this table); a 5xx means the server failed,
 * never the request.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { html, page } from './html.js';
import Negotiator from 'negotiator';
import { ParameterError } from '../api/parameters.js';
import type { ErrorDetailFields } from '../api/schemas.js';
import { BusyError, ClientLimitError, DeadlineError, EngineTrapError, EngineUnavailableError, ShutdownError, WorkerCrashError } from '../query/engine.js';
import { QueryTooComplexError } from '../query/query-shape.js';

/** What the table says of one error code: the status it is always sent with, and what it means. */
export interface ErrorSpec {
  readonly status: number;
  /** For clients: when it happens, with the extra fields of the error body in backquotes. */
  readonly meaning: string;
}

/**
 * Every error code the server sends, with its one HTTP status and its meaning (in the manner of
 * fastify's `lib/errors.js`): `new HttpError(code, …)` takes the status from here, the error page
 * shows the meaning, and the README's error table is this table (test/http/errors.test.ts checks).
 */
export const ERROR_CODES = {
  malformed_query: { status: 400, meaning: 'The query is not valid SPARQL 1.1; the parser\'s message, with `line` and `column` giving the position.' },
  query_failed: { status: 400, meaning: 'The query is valid but cannot be evaluated (e.g. `SERVICE`: federation is not enabled), or the engine failed on it (a panic; the worker that ran it was replaced).' },
  query_too_complex: { status: 400, meaning: 'The query is nested too deeply or too long to run safely (see Limits): `limit` names the limit passed (`depth`, `sequence` or `evalDepth`, with `max` its value and `found` the query\'s); or, should a query get past those, the engine ran out of stack on it (`limit`: `engine-stack`) and the worker that ran it was replaced.' },
  missing_query: { status: 400, meaning: 'A form (POST) without a `query` parameter.' },
  multiple_queries: { status: 400, meaning: 'More than one `query` parameter.' },
  invalid_parameter: { status: 400, meaning: 'A parameter has a value we cannot use, or is not one the route takes: `parameter` names it, with the `value` given and, where there is a choice, the `allowed` values (or the `minimum` and `maximum`). E.g. `default-graph-uri` not an absolute IRI, an unknown `format=`, `offset` out of range.' },
  invalid_encoding: { status: 400, meaning: 'The request body, or a percent-encoded part of the URL (any path) or of a form body, is not valid UTF-8 (`parameter`).' },
  malformed_request: { status: 400, meaning: 'The request is not valid HTTP/1.1 (a bad request line or header line), or its body could not be read (cut short, or not of its stated length).' },
  selection_too_large: { status: 400, meaning: 'A JSON-LD download (`/practices.jsonld`) of more practices than the limit (`max`; the selection has `found`): each practice is framed as its own document, so a large one would hold the server for minutes. Narrow the selection, take it as CSV, or take the whole graph as a dump (`/dumps/`).' },
  read_only: { status: 403, meaning: 'SPARQL Update (`update=`, `application/sparql-update`, or an update sent as `query=`): the endpoint is read-only; the published graph changes only through a build.' },
  not_found: { status: 404, meaning: 'Nothing is published at this path, or nothing is known about this IRI (`iri`).' },
  unknown_graph: { status: 404, meaning: 'No graph with that name in the dataset (`graph`).' },
  method_not_allowed: { status: 405, meaning: 'The method is not allowed here — Graph Store writes (`PUT`, `POST`, `DELETE` on `/sparql/graph`) included, as the store is read-only; the `Allow` header and `allow` list the methods that are.' },
  not_acceptable: { status: 406, meaning: 'None of the types in `Accept` (or `format=`) can be produced; `available` lists those that can.' },
  request_timeout: { status: 408, meaning: 'The request head or body did not arrive in time.' },
  precondition_failed: { status: 412, meaning: 'An `If-Match` or `If-Unmodified-Since` condition on a dump does not hold (it changed, or the tag is not its `ETag`).' },
  body_too_large: { status: 413, meaning: 'The request body is larger than the limit (`limit`, in bytes).' },
  uri_too_long: { status: 414, meaning: 'The URL is longer than the limit on the request head (`limit`, in bytes); send a long query in a POST body.' },
  unsupported_media_type: { status: 415, meaning: 'A POST body without a Content-Type, of a type we do not take, or with a charset other than UTF-8.' },
  range_not_satisfiable: { status: 416, meaning: 'No range of a dump\'s `Range` header lies within the file (`size`; `Content-Range: bytes */<size>`).' },
  too_many_requests: { status: 429, meaning: 'Your address has as many queries waiting as one client may (`--client-queue`, `limit`); retry after the `Retry-After` seconds.' },
  request_header_too_large: { status: 431, meaning: 'The request line and header fields are larger than the limit (`limit`, in bytes).' },
  internal_error: { status: 500, meaning: 'A fault in the server (a bug): please report it.' },
  query_timeout: { status: 503, meaning: 'The query ran past the deadline (`deadlineMs`), queueing included, and was stopped.' },
  busy: { status: 503, meaning: 'Every query worker is busy and the queue is full; retry after the `Retry-After` seconds.' },
  engine_failure: { status: 503, meaning: 'A query worker died while running the query (for instance it ran out of memory); it was replaced.' },
  engine_unavailable: { status: 503, meaning: 'No query worker is running and starting one keeps failing, or the SPARQL store (`--engine sparql`) cannot be reached (`/healthz` says `unavailable`, with the last failure): the query was not run. Retry after the `Retry-After` seconds, when the next start or probe of the store is tried.' },
  shutting_down: { status: 503, meaning: 'The server is stopping and did not answer in its grace period; retry (after the `Retry-After` seconds), here or at another instance.' },
} as const satisfies Readonly<Record<string, ErrorSpec>>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * An error to send as `{ "error": { "status", "code", "message", ...details } }`, its status the
 * code's in ERROR_CODES. The details are those the OpenAPI document's Error schema states
 * (src/api/schemas.ts's ErrorDetails, whose type the details have): an error cannot carry a field the document does not name.
 *
 * @example
 *   throw new HttpError('invalid_parameter', 'default-graph-uri must be an absolute IRI', { parameter: 'default-graph-uri' });
 */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetailFields = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = ERROR_CODES[code].status;
  }
}

/** 405 with the Allow header; `why` replaces the message (e.g. why a write is not allowed). */
export function methodNotAllowed(allow: readonly string[], why?: string): RequestHandler {
  return (req, _res, next) => {
    next(new HttpError('method_not_allowed', why ?? `${req.method} is not allowed on ${req.path}.`, { allow }, { Allow: allow.join(', ') }));
  };
}

/**
 * Errors raised by the HTTP libraries under express — body-parser (`express.raw`) and send
 * (`res.sendFile`) — which carry a 4xx `status` (and body-parser's a `type`).
 */
interface LibraryError extends Error {
  readonly status?: number;
  readonly type?: string;
  readonly limit?: number;
}

function fromLibrary(error: LibraryError): HttpError | undefined {
  const status = error.status;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (error.type !== undefined) {
    // body-parser: the body could not be taken.
    if (error.type === 'entity.too.large') {
      return new HttpError('body_too_large', `The request body is larger than the ${error.limit} byte limit.`, { limit: error.limit });
    }
    if (status === 415) return new HttpError('unsupported_media_type', error.message);
    return new HttpError('malformed_request', error.message);
  }
  // send: a failed If-Match or If-Unmodified-Since (RFC 9110 §13.1.1, §13.1.4), or a Range it
  // cannot serve. Any other refusal of send (a file of the manifest missing) is our fault: a 500.
  if (status === 412) return new HttpError('precondition_failed', 'The condition in If-Match or If-Unmodified-Since does not hold for this file.');
  if (status === 416) return new HttpError('range_not_satisfiable', 'No range of the Range header lies within the file.');
  return undefined;
}

/**
 * The errors of the `Engine` contract (src/query/engine.ts) and the query-shape check: a query
 * too complex to run, out of time, out of workers, a client over its share, a trap, a worker
 * lost, a stop.
 */
function fromEngine(error: unknown): HttpError | undefined {
  if (error instanceof QueryTooComplexError) {
    return new HttpError('query_too_complex', error.message, { limit: error.limit, max: error.max, found: error.found });
  }
  if (error instanceof DeadlineError) return new HttpError('query_timeout', error.message, { deadlineMs: error.deadlineMs });
  if (error instanceof BusyError) return new HttpError('busy', error.message, {}, { 'Retry-After': String(error.retryAfterSeconds) });
  if (error instanceof ClientLimitError) {
    return new HttpError('too_many_requests', error.message, { limit: error.limit }, { 'Retry-After': String(error.retryAfterSeconds) });
  }
  if (error instanceof EngineTrapError) {
    return error.reason === 'panic'
      ? new HttpError('query_failed', error.message)
      : new HttpError('query_too_complex', error.message, { limit: 'engine-stack' });
  }
  if (error instanceof WorkerCrashError) return new HttpError('engine_failure', error.message);
  if (error instanceof EngineUnavailableError) {
    return new HttpError('engine_unavailable', error.message, {}, { 'Retry-After': String(error.retryAfterSeconds) });
  }
  if (error instanceof ShutdownError) return new HttpError('shutting_down', error.message, {}, { 'Retry-After': '1' });
  return undefined;
}

/** Any error as the HttpError to answer it with; undefined for a fault of ours (a 500). */
export function httpErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof ParameterError) return new HttpError('invalid_parameter', error.message, error.fields());
  return fromEngine(error) ?? (error instanceof Error ? fromLibrary(error as LibraryError) : undefined);
}

/**
 * The one error handler: every error a route raises — HttpError, the domain's ParameterError,
 * the engine's errors, express's libraries' — is written here as JSON (or a page for browsers);
 * anything else is logged and becomes a 500. Routes do not translate errors themselves.
 */
/** `root`: the path links on the error page start with (sitePath of the site config). */
export function errorHandler(log: (message: string) => void, root = '/'): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let http = httpErrorOf(error);
    if (!http) {
      log(`segraph: internal error on ${req.method} ${req.originalUrl}: ${(error as Error)?.stack ?? String(error)}`);
      http = new HttpError('internal_error', 'The server failed on this request.');
    }
    res.removeHeader('ETag');
    res.status(http.status).set(http.headers).set('Cache-Control', 'no-store').vary('Accept');
    const body = { status: http.status, code: http.code, message: http.message, ...http.details };
    if (prefersHtml(req)) res.type('text/html; charset=utf-8').send(errorPage(body, root));
    else res.type('application/json').send(JSON.stringify({ error: body }, null, 2) + '\n');
  };
}

/**
 * Whether the client prefers HTML to JSON: a browser (`Accept: text/html,…,*\/*;q=0.8`) gets a
 * page; clients that ask for JSON, for anything (`*\/*`) or for nothing get the JSON body.
 */
function prefersHtml(req: Request): boolean {
  const accept = req.get('accept');
  if (!accept || !/text\/html|application\/xhtml\+xml/i.test(accept)) return false;
  // (Negotiator directly: negotiate.ts raises HttpErrors, so importing it here would be a cycle.)
  const preferred = new Negotiator({ headers: { accept } }).mediaType(['application/json', 'text/html', 'application/xhtml+xml']);
  return preferred === 'text/html' || preferred === 'application/xhtml+xml';
}

/** The error as a page for people: what happened, its code, and where to go on. */
function errorPage(error: { status: number; code: ErrorCode; message: string } & Record<string, unknown>, root: string): string {
  const title = error.status === 404 ? 'Not found' : `${error.status} ${error.code.replaceAll('_', ' ')}`;
  const details = Object.entries(error).filter(([k]) => !['status', 'code', 'message'].includes(k));
  return page({
    title: `${title} · segraph`,
    body: html`<h1>${title}</h1>
<p>${error.message}</p>
<p class="muted">Error <code>${error.code}</code> (HTTP ${String(error.status)}): ${ERROR_CODES[error.code].meaning}</p>
${details.length > 0 ? html`<table><tbody>${details.map(([k, v]) => html`<tr><th scope="row">${k}</th><td><code>${typeof v === 'string' ? v : JSON.stringify(v)}</code></td></tr>\n`)}</tbody></table>\n` : ''}<p><a href="${root}">Home</a> · <a href="${root}sparql">SPARQL endpoint</a> · <a href="${root}catalog">Catalogue</a> · <a href="${root}dumps/">Dumps</a></p>`,
    footer: html`Ask for <code>application/json</code> to get this error as <code>{"error": {…}}</code>.`,
  });
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError('not_found', `Nothing is published at ${req.path}.`));
};
