#!/usr/bin/env node
// Builds the explorer's static assets into dist-web/ (served at /assets/ by src/http/assets.ts):
// runs every web/build-*.mjs step in name order, each given the output directory. `npm start` and
// `npm test` run it; nothing here downloads anything (every input is an installed npm package or
// a file in web/).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = fileURLToPath(new URL('../dist-web/', import.meta.url));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const steps = readdirSync(here).filter((f) => /^build-.+\.mjs$/.test(f)).sort();
for (const step of steps) {
  const started = Date.now();
  const module = await import(pathToFileURL(join(here, step)).href);
  await module.build(out);
  if (process.env.SEGRAPH_BUILD_WEB_VERBOSE) process.stderr.write(`build:web ${step} ${Date.now() - started} ms\n`);
}
