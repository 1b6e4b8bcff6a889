#!/usr/bin/env node
// Builds the explorer's static assets into dist-web/ (served at /assets/ by src/http/assets.ts):
// runs every web/build-*.mjs step in name order, each given the output directory. `npm start` and
// `npm test` run it; nothing here downloads anything (every input is an installed npm package or
// a file in web/).
//
// A step may return its manifest entries, logical name → file under dist-web/ (`{ 'explorer.js':
// 'explorer.3f2a9c1b0d4e.js' }`); they are written together to dist-web/manifest.json, which the
// server reads to link a hashed file by its logical name (assetPath in src/http/assets.ts).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = fileURLToPath(new URL('../dist-web/', import.meta.url));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const steps = readdirSync(here).filter((f) => /^build-.+\.mjs$/.test(f)).sort();
const manifest = {};
for (const step of steps) {
  const started = Date.now();
  const module = await import(pathToFileURL(join(here, step)).href);
  const entries = await module.build(out);
  for (const [name, file] of Object.entries(entries ?? {})) {
    if (name in manifest) throw new Error(`build:web: ${step} names ${name}, which an earlier step named too`);
    manifest[name] = file;
  }
  if (process.env.SEGRAPH_BUILD_WEB_VERBOSE) process.stderr.write(`build:web ${step} ${Date.now() - started} ms\n`);
}
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
