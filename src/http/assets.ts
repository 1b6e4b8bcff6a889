/**
 * The explorer's static assets at `/assets/…`: what `npm run build:web` builds from `web/` into
 * `dist-web/` (scripts, styles, map geometry, the query editor). Served from our own origin only;
 * a file whose name carries its content hash (`name.0123abcd.js`) is cached for a year, any other
 * for an hour. A missing file falls through to the one not-found answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** Where `npm run build:web` writes (web/build.mjs). */
export const WEB_ASSETS_DIR = fileURLToPath(new URL('../../dist-web/', import.meta.url));

const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/;

/** Whether the web assets were built (`npm start` and `npm test` build them; a bare `node dist/…` may not have). */
export const webAssetsBuilt = (dir = WEB_ASSETS_DIR) => existsSync(dir);

/** Each asset directory's manifest (logical name → file path under it, no `..`), read once. */
const manifests = new Map<string, ReadonlyMap<string, string>>();

/** The manifest `npm run build:web` writes (`dist-web/manifest.json`); empty when the assets were not built. */
function manifestOf(dir: string): ReadonlyMap<string, string> {
  let manifest = manifests.get(dir);
  if (!manifest) {
    const file = join(dir, 'manifest.json');
    const entries = existsSync(file) ? Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : [];
    manifest = new Map(entries.filter((e): e is [string, string] => typeof e[1] === 'string' && /^[\w-][\w.-]*(\/[\w-][\w.-]*)*$/.test(e[1])));
    manifests.set(dir, manifest);
  }
  return manifest;
}

/**
 * The URL path of a built asset by its logical name (`explorer.js`), under the site's path
 * (`root`, sitePath): the hashed file the manifest names, e.g. `/assets/explorer.3f2a9c1b0d4e.js`.
 * Undefined when the assets were not built: a page then simply goes without (it works without
 * script). The manifest is read once per process.
 *
 * @example
 *   assetPath('explorer.js', '/')          // '/assets/explorer.3f2a9c1b0d4e.js'
 *   assetPath('explorer.js', '/segraph/')  // '/segraph/assets/explorer.3f2a9c1b0d4e.js'
 */
export function assetPath(name: string, root: string, dir = WEB_ASSETS_DIR): string | undefined {
  const file = manifestOf(dir).get(name);
  return file === undefined ? undefined : `${root}assets/${file}`;
}

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
