/**
 * Security headers on every answer, errors included. Our pages need their own one `<style>`
 * element (no style attribute, no image from elsewhere, no frame), and the explorer's scripts,
 * served from our own origin (`/assets/…`, module scripts, never inline) and fetching from it only.
 * So the Content Security Policy allows exactly that stylesheet by its hash — not 'unsafe-inline'
 * — scripts from 'self' (no inline script, no eval: no 'unsafe-inline', no 'unsafe-eval'),
 * fetches to 'self', and forms posting to our own origin; everything else is refused. Since the
 * same policy suits every other answer (JSON, RDF, dumps: a browser has nothing to load from
 * them), it is sent on all.
 */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { PAGE_STYLE } from './html.js';

const styleHash = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${styleHash}`,
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy of one page only, the query editor (`GET /sparql` for a browser, sparql-editor.ts):
 * the site's policy plus what YASGUI needs, all from our own origin —
 * - `script-src 'self'`: YASGUI's script and our bootstrap, from /assets/ (no inline script, no eval);
 * - `connect-src 'self'`: the queries it sends to /sparql and the questions' SPARQL it reads from
 *   /api/queries (a query to any other endpoint is refused by the browser);
 * - `style-src 'self'` beside the page style's hash: YASGUI's stylesheet and ours, from /assets/;
 *   and `yasguiStyleHashes`, the hash of the one `<style>` text YASGUI's script adds (its table's
 *   column resizer; web/build-yasgui.mjs finds it in the package) — that text only, not 'unsafe-inline'.
 * YASGUI sets other styles from script through the CSSOM (`element.style`), which the policy does
 * not govern (test/browser/yasgui.test.ts listens for violations).
 */
export function editorPolicy(yasguiStyleHashes: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    ['style-src', "'self'", styleHash, ...yasguiStyleHashes].join(' '),
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  // Our URLs carry queries; no other site needs them.
  'Referrer-Policy': 'no-referrer',
};

/** First in the app, so that every answer has them, whoever writes it. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set(SECURITY_HEADERS);
  next();
};
