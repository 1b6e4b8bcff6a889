/**
 * Sending negotiated answers: ETags derived from the graph version and the request (so a
 * conditional request is answered with 304 before any work), cache headers, and RDF documents the
 * server builds itself (service description, VoID) in every graph format, or as HTML for people.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Quad } from '@rdfjs/types';
import { GRAPH_FORMATS, contentTypeOf, type ResultFormat } from '../query/formats.js';
import { serializeGraph } from '../query/serialize.js';
import { formatOf } from './api-request.js';
import { HttpError } from './errors.js';
import { chooseFormat, negotiate } from './negotiate.js';

/** A weak validator: the same graph version and request always give the same one. */
export function etagOf(version: string, ...parts: readonly string[]): string {
  const hash = createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 22);
  return `W/"${version}-${hash}"`;
}

/**
 * Sets ETag and cache headers; true when the client's copy is current (a 304 was sent).
 * Data changes only with a new build, so clients may keep answers but must revalidate them.
 */
export function notModified(req: Request, res: Response, etag: string): boolean {
  res.set('ETag', etag);
  res.set('Cache-Control', 'public, no-cache');
  res.vary('Accept');
  if ((req.method === 'GET' || req.method === 'HEAD') && matches(req.get('if-none-match'), etag)) {
    res.status(304).end();
    return true;
  }
  return false;
}

/**
 * If-None-Match by weak comparison (RFC 9110 §13.1.2). Not express's `req.fresh`: that is a
 * cache's rule and says "stale" whenever the request carries Cache-Control: no-cache, which
 * fetch() adds to conditional requests; an origin server answers 304 all the same.
 */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

export interface RdfDocument {
  readonly quads: () => Quad[];
  /** An HTML rendering, offered only when the client prefers text/html to every RDF type. */
  readonly html?: () => string;
  /** Graph version plus whatever else the content depends on. */
  readonly version: string;
  readonly etagParts: readonly string[];
}

/**
 * Sends an RDF document in the format asked for by `?format=` or Accept (Turtle by default).
 */
export async function sendRdf(req: Request, res: Response, doc: RdfDocument): Promise<void> {
  const formatParam = formatOf(req);
  let body: string;
  let type: string;
  if (doc.html && wantsHtml(req.get('accept'), formatParam)) {
    type = 'text/html; charset=utf-8';
    if (notModified(req, res, etagOf(doc.version, ...doc.etagParts, 'html'))) return;
    body = doc.html();
  } else {
    const chosen = chooseFormat(GRAPH_FORMATS, req.get('accept'), formatParam === 'html' ? undefined : formatParam);
    type = chosen.contentType;
    if (notModified(req, res, etagOf(doc.version, ...doc.etagParts, chosen.format.id))) return;
    body = await serializeGraph(doc.quads(), chosen.format.id);
  }
  res.setHeader('Content-Type', type);
  res.send(Buffer.from(body));
}

/**
 * Whether the client wants HTML rather than any type of `formats`: by name (`format=html`), or by
 * an `Accept` that ranks `text/html` above them (a browser's does; `*\/*` alone gets the first of
 * `formats`). Undefined when `Accept` names none of them nor HTML.
 */
export function htmlPreferred(accept: string | undefined, formatParam: string | undefined, formats: readonly ResultFormat[]): boolean | undefined {
  if (formatParam !== undefined) return formatParam.trim().toLowerCase() === 'html';
  const best = negotiate(accept, [...formats.flatMap((f) => f.mediaTypes), 'text/html']);
  return best === undefined && accept ? undefined : best === 'text/html';
}

/** For an RDF document: HTML when asked by name, or when the client prefers it to every RDF type we offer; 406 when it accepts neither. */
export function wantsHtml(accept: string | undefined, formatParam: string | undefined): boolean {
  const html = htmlPreferred(accept, formatParam, GRAPH_FORMATS);
  if (html === undefined) {
    throw new HttpError('not_acceptable', `Cannot produce any of: ${accept}.`, {
      available: [...GRAPH_FORMATS.map((f) => contentTypeOf(f).split(';')[0]!), 'text/html'],
    });
  }
  return html;
}
