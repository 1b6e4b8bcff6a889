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
