/**
 * HTTP errors with a stable code and one JSON body shape, and the one error handler that writes
 * them. Every error a client can cause is a 4xx with a code from ERROR_CODES (documented in the
 * README); a 5xx means the server failed, never the request.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import Negotiator from 'negotiator';
import { html, page } from './html.js';
import { BusyError, ClientLimitError, DeadlineError, EngineTrapError, ShutdownError, WorkerCrashError } from '../query/errors.js';
import { QueryTooComplexError } from '../query/query-shape.js';

export const ERROR_CODES = {
  malformed_query: 'The query is not valid SPARQL 1.1; `line` and `column` give the position.',
  query_failed: 'The query is valid but could not be evaluated (e.g. an unsupported SERVICE call).',
  query_too_complex: 'The query is nested too deeply or too long to run safely; `limit` names the limit passed (depth, sequence or evalDepth, with `max` its value and `found` the query\'s; or engine-stack when the engine itself ran out of stack and the worker was replaced).',
  missing_query: 'A POST without a `query` parameter.',
  multiple_queries: 'More than one `query` parameter.',
  invalid_parameter: 'A parameter has a value we cannot use (`parameter` names it).',
  invalid_encoding: 'The request body, or a percent-encoded part of the URL or of a form, is not valid UTF-8.',
  read_only: 'An update (SPARQL Update or a Graph Store write): the published graph changes only through a build.',
  not_found: 'No such resource.',
  unknown_graph: 'No graph with that name in the dataset.',
  method_not_allowed: 'The method is not allowed here; the `Allow` header lists those that are.',
  not_acceptable: 'None of the types in `Accept` (or `format`) can be produced; `available` lists those that can.',
  body_too_large: 'The request body is larger than the limit (`limit`, in bytes).',
  unsupported_media_type: 'A POST body without a Content-Type, of a type we do not take, or with a charset other than UTF-8.',
  uri_too_long: 'The URL is longer than the limit on the request head (`limit`, in bytes); send a long query in a POST body.',
  request_header_too_large: 'The request line and header fields are larger than the limit (`limit`, in bytes).',
  malformed_request: 'The request is not valid HTTP/1.1.',
  request_timeout: 'The request was not received in time.',
  range_not_satisfiable: 'No range of the `Range` header lies within the file; `Content-Range: bytes */<size>` gives its size.',
  query_timeout: 'The query ran past the deadline (`deadlineMs`) and was stopped.',
  busy: 'Every query worker is busy and the queue is full; retry after the `Retry-After` seconds.',
  too_many_requests: 'You (your address) have as many queries waiting as one client may (`limit`); retry after the `Retry-After` seconds.',
  engine_failure: 'A query worker failed while running the query (for instance it ran out of memory).',
  shutting_down: 'The server is stopping; the request was not answered in its grace period. Retry (after `Retry-After` seconds).',
  not_ready: 'The server is starting or stopping (`/healthz`).',
  internal_error: 'A fault in the server; please report it.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * An error to send as `{ "error": { "status", "code", "message", ...details } }`.
 *
 * @example
 *   throw new HttpError(400, 'invalid_parameter', 'default-graph-uri must be an absolute IRI', { parameter: 'default-graph-uri' });
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** 405 with the Allow header. */
export function methodNotAllowed(allow: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}.`, { allow }, { Allow: allow.join(', ') }));
  };
}

/** Errors raised by express's body parsers (they carry `type` and a 4xx `status`). */
interface BodyParserError extends Error {
  readonly status?: number;
  readonly type?: string;
  readonly limit?: number;
}

function fromBodyParser(error: BodyParserError): HttpError | undefined {
  if (error.type === 'entity.too.large') {
    return new HttpError(413, 'body_too_large', `The request body is larger than the ${error.limit} byte limit.`, { limit: error.limit });
  }
  if (error.status && error.status >= 400 && error.status < 500) {
    return new HttpError(error.status === 415 ? 415 : 400, error.status === 415 ? 'unsupported_media_type' : 'invalid_parameter', error.message);
  }
  return undefined;
}

/** The engine's refusals: a query too complex to run, out of time, out of workers, a client over its share, a trap, or a worker lost. */
function fromEngine(error: unknown): HttpError | undefined {
  if (error instanceof QueryTooComplexError) {
    return new HttpError(400, 'query_too_complex', error.message, { limit: error.limit, max: error.max, found: error.found });
  }
  if (error instanceof DeadlineError) return new HttpError(503, 'query_timeout', error.message, { deadlineMs: error.deadlineMs });
  if (error instanceof BusyError) return new HttpError(503, 'busy', error.message, {}, { 'Retry-After': String(error.retryAfterSeconds) });
  if (error instanceof ClientLimitError) {
    return new HttpError(429, 'too_many_requests', error.message, { limit: error.limit }, { 'Retry-After': String(error.retryAfterSeconds) });
  }
  if (error instanceof EngineTrapError) {
    return error.reason === 'panic'
      ? new HttpError(400, 'query_failed', error.message)
      : new HttpError(400, 'query_too_complex', error.message, { limit: 'engine-stack' });
  }
  if (error instanceof WorkerCrashError) return new HttpError(503, 'engine_failure', error.message);
  if (error instanceof ShutdownError) return new HttpError(503, 'shutting_down', error.message, {}, { 'Retry-After': '1' });
  return undefined;
}

/** The one error handler: writes an HttpError as JSON; anything else is logged and becomes a 500. */
export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let http = error instanceof HttpError ? error : fromEngine(error) ?? fromBodyParser(error as BodyParserError);
    if (!http) {
      log(`segraph: internal error on ${req.method} ${req.originalUrl}: ${(error as Error)?.stack ?? String(error)}`);
      http = new HttpError(500, 'internal_error', 'The server failed on this request.');
    }
    res.removeHeader('ETag');
    res.status(http.status).set(http.headers).set('Cache-Control', 'no-store').vary('Accept');
    const body = { status: http.status, code: http.code, message: http.message, ...http.details };
    if (wantsHtml(req)) res.type('text/html; charset=utf-8').send(errorPage(body));
    else res.type('application/json').send(JSON.stringify({ error: body }, null, 2) + '\n');
  };
}

/**
 * Whether the client prefers HTML to JSON: a browser (`Accept: text/html,…,*\/*;q=0.8`) gets a
 * page; clients that ask for JSON, for anything (`*\/*`) or for nothing get the JSON body.
 */
function wantsHtml(req: Request): boolean {
  const accept = req.get('accept');
  if (!accept || !/text\/html|application\/xhtml\+xml/i.test(accept)) return false;
  const preferred = new Negotiator({ headers: { accept } }).mediaType(['application/json', 'text/html', 'application/xhtml+xml']);
  return preferred === 'text/html' || preferred === 'application/xhtml+xml';
}

/** The error as a page for people: what happened, its code, and where to go on. */
function errorPage(error: { status: number; code: ErrorCode; message: string } & Record<string, unknown>): string {
  const title = error.status === 404 ? 'Not found' : `${error.status} ${error.code.replaceAll('_', ' ')}`;
  const details = Object.entries(error).filter(([k]) => !['status', 'code', 'message'].includes(k));
  return page({
    title: `${title} · segraph`,
    body: html`<h1>${title}</h1>
<p>${error.message}</p>
<p class="muted">Error <code>${error.code}</code> (HTTP ${String(error.status)}): ${ERROR_CODES[error.code]}</p>
${details.length > 0 ? html`<table><tbody>${details.map(([k, v]) => html`<tr><th scope="row">${k}</th><td><code>${typeof v === 'string' ? v : JSON.stringify(v)}</code></td></tr>\n`)}</tbody></table>\n` : ''}<p><a href="/">Home</a> · <a href="/sparql">SPARQL endpoint</a> · <a href="/catalog">Catalogue</a> · <a href="/dumps/">Dumps</a></p>`,
    footer: html`Ask for <code>application/json</code> to get this error as <code>{"error": {…}}</code>.`,
  });
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `Nothing is published at ${req.path}.`));
};
