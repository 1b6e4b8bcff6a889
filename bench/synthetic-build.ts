/**
 * `npm run synthetic -- --triples 1000000 --build-dir DIR`: a synthetic graph of the benchmark's
 * (bench/synthetic.ts) written as a build directory, as `segraph build` writes one
 * (DIR/current.json → DIR/snapshots/<version>/graph.nq and manifest.json), so that a maintainer can
 * try the scale tier on a graph of any size with the commands they use on the real one:
 *
 *   npx segraph publish --build-dir DIR --to http://127.0.0.1:8890/sparql
 *   npx segraph serve --engine sparql --endpoint http://127.0.0.1:8890/sparql --build-dir DIR
 *
 * (or `npx segraph serve --no-seed --load DIR/snapshots/<version>/graph.nq` on the embedded engine).
 * The snapshot has no dumps and no search index: /dumps/ and /api/search are left out.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { practicesForTriples, writeSynthetic } from './synthetic.js';
import { syntheticSnapshot } from './store-snapshot.js';

const { values } = parseArgs({
  options: {
    triples: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20240611' },
    'build-dir': { type: 'string' },
  },
});
const triples = Number(values.triples);
const seed = Number(values.seed);
if (!values['build-dir'] || !Number.isInteger(triples) || triples <= 0 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run synthetic -- --build-dir DIR [--triples 1000000] [--seed 20240611]\n');
  process.exit(2);
}
const buildDir = resolve(values['build-dir']);
const snapshots = join(buildDir, 'snapshots');
const staging = join(snapshots, `.writing-${process.pid}`);
mkdirSync(staging, { recursive: true });
const started = performance.now();
const written = writeSynthetic(join(staging, 'graph.nq'), { seed, practices: practicesForTriples(triples) });
const { manifest, manifestPath } = syntheticSnapshot(join(staging, 'graph.nq'), written, staging);
renameSync(manifestPath, join(staging, 'manifest.json'));
const dir = join(snapshots, manifest.version);
if (existsSync(dir)) rmSync(staging, { recursive: true, force: true }); // the same graph: already there
else renameSync(staging, dir);
writeFileSync(join(buildDir, 'current.json'), `${JSON.stringify({ version: manifest.version, path: `snapshots/${manifest.version}` }, null, 2)}\n`);
process.stderr.write(`synthetic: version ${manifest.version}: ${manifest.quads.toLocaleString('en')} quads in ${Object.keys(manifest.graphs).length} graphs, `
  + `${(written.bytes / 1024 ** 2).toFixed(0)} MB, in ${((performance.now() - started) / 1000).toFixed(1)} s → ${dir}\n`);
