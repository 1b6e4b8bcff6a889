/**
 * The explorer's static assets at `/assets/…`: what `npm run build:web` builds from `web/` into
 * `dist-web/` (scripts, styles, map geometry, the query editor). Served from our own origin only;
 * a file whose name carries its content hash (`name.0123abcd.js`) is cached for a year, any other
 * for an hour. A missing file falls through to the one not-found answer.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** Where `npm run build:web` writes (web/build.mjs). */
export const WEB_ASSETS_DIR = fileURLToPath(new URL('../../dist-web/', import.meta.url));

const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/;

/** Whether the web assets were built (`npm start` and `npm test` build them; a bare `node dist/…` may not have). */
export const webAssetsBuilt = (dir = WEB_ASSETS_DIR) => existsSync(dir);

export function assetsRouter(dir = WEB_ASSETS_DIR): Router {
  const router = Router();
  router.use('/assets', express.static(dir, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    etag: true,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
    },
  }));
  return router;
}
