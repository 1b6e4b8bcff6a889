/**
 * `npm run bench`: measures, in one run on this machine, raw Oxigraph in-process (the floor),
 * the segraph server over HTTP, and Comunica over an n3 Store, on the seed graph and on a
 * synthetic graph of about a million triples; then the scale tier (bench/scale.ts): those graphs
 * and a larger one (about 10 M triples) published into a throw-away Virtuoso and queried
 * straight there and through `segraph serve --engine sparql`, beside the embedded engine; and
 * writes docs/benchmarks.md.
 *
 *   npm run bench -- [--triples 1000000] [--seed 20240611] [--comunica-budget 30] [--out docs/benchmarks.md]
 *                    [--store-triples 10000000 | 0] [--virtuoso-buffers N] [--no-store | --store-only]
 *
 * `--no-store` skips the scale tier; `--store-only` runs only it (on the seed graph and the
 * `--store-triples` graph, the embedded column measured there too) and replaces only its section
 * of the page, saying it came from a run of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readCurrentSnapshot } from '../src/graph/snapshot.js';
import { runEngine } from './engines.js';
import { describeMachine } from './machine.js';
import { benchQueries } from './queries.js';
import { renderReport } from './report.js';
import type { BenchResults } from './results.js';
import { poolHop } from './pool-hop.js';
import { runawayPhase } from './runaway.js';
import { serverPhase, transportFloor } from './server-phase.js';
import type { RunPolicy } from './stats.js';
import { practiceIri, practicesForTriples, SAMPLE_PRACTICE, writeSynthetic } from './synthetic.js';
import { withSection } from './load-section.js';
import { renderScale } from './scale-report.js';
import { scalePhase, sizeLabel, type GivenGraph, type ScaleResults } from './scale.js';
import type { BenchSnapshot } from './store-snapshot.js';
import { syntheticSnapshot } from './store-snapshot.js';
import { IDS, SKOS } from './vocab.js';

const policy = (warmup: number, runs: number, minRuns: number, budgetMs: number): RunPolicy => ({ warmup, runs, minRuns, budgetMs });
/** Seed graph: every query is a few milliseconds, so 50 timed runs each. */
const SEED_RAW = policy(10, 50, 50, 30_000);
const SEED_HTTP = { uncached: policy(10, 50, 50, 30_000), cached: policy(10, 50, 50, 30_000) };
/** 1 M triples: up to 20 runs, fewer when a query is slow (about 8 s per query and mode). */
const BIG_RAW = policy(2, 20, 5, 8_000);
const BIG_HTTP = { uncached: policy(2, 20, 5, 8_000), cached: policy(10, 50, 50, 10_000) };
/** The scale tier's larger graph: up to 20 runs, at least 3, about 8 s per query and column. */
const STORE_BIG = policy(1, 20, 3, 8_000);

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      triples: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '20240611' },
      'comunica-budget': { type: 'string', default: '30' },
      out: { type: 'string', default: join('docs', 'benchmarks.md') },
      'store-triples': { type: 'string', default: '10000000' },
      'virtuoso-buffers': { type: 'string' },
      'no-store': { type: 'boolean', default: false },
      'store-only': { type: 'boolean', default: false },
    },
  });
  const triples = Number(values.triples);
  const seed = Number(values.seed);
  const comunicaBudgetMs = Number(values['comunica-budget']) * 1000;
  const storeTriples = Number(values['store-triples']);
  // 8 GB of buffer pool for the 10 M graph; Virtuoso touches only the pages it uses.
  const buffers = Number(values['virtuoso-buffers'] ?? (storeTriples >= 5_000_000 ? 1_000_000 : 340_000));
  if (![triples, seed, comunicaBudgetMs, buffers].every((n) => Number.isInteger(n) && n > 0) || !(Number.isInteger(storeTriples) && storeTriples >= 0)) {
    throw new Error('--triples, --seed, --comunica-budget and --virtuoso-buffers take positive integers, --store-triples 0 or more');
  }
  if (values['no-store'] && values['store-only']) throw new Error('--no-store and --store-only contradict each other');
  const store = !values['no-store'];
  const root = process.cwd();
  const started = performance.now();
  const machine = describeMachine(root);
  const extra = process.argv.slice(2).join(' ');
  const command = `npm run bench${extra ? ` -- ${extra}` : ''}`;
  const tmp = mkdtempSync(join(tmpdir(), 'segraph-bench-'));
  try {
    log('seed graph: building the snapshot');
    const buildStarted = performance.now();
    const build = spawnSync(process.execPath, [join('dist', 'cli', 'bin.js'), 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`segraph build failed:\n${build.stdout}${build.stderr}`);
    const buildMs = performance.now() - buildStarted;
    const snapshot = await readCurrentSnapshot(join(root, 'build'));
    if (!snapshot) throw new Error('no snapshot after segraph build');
    const seedQueries = benchQueries({ subject: IDS.practice('cus-drobin') });
    const plain = (queries: typeof seedQueries) => queries.map(({ id, sparql }) => ({ id, sparql }));
    const seedSnapshot: BenchSnapshot = { manifest: snapshot.manifest, nquads: snapshot.paths.nquads, manifestPath: snapshot.paths.manifest };
    const bigQueries = benchQueries({ subject: practiceIri(SAMPLE_PRACTICE) });
    const scaleOptions = { root, tmp, storeTriples, seed, bigQueries, bigPolicy: STORE_BIG, store, buffers, log };

    if (values['store-only']) {
      const scale = await scalePhase({ ...scaleOptions, graphs: [{ label: 'seed graph', snapshot: seedSnapshot, queries: seedQueries, policy: SEED_HTTP.uncached, graphArgs: [] }] });
      const out = resolve(root, values.out);
      const header = `Measured by \`${command}\` on ${machine.date.slice(0, 10)} (${machine.date}, segraph commit ${machine.commit}), a run of its own taking ${(scale.durationMs / 60_000).toFixed(1)} minutes ` +
        'that replaced only this section: the embedded column was measured in it too, and the rest of the page comes from another run.';
      const queries = { 'seed graph': seedQueries, ...(scale.big ? { [scale.big.label]: bigQueries } : {}) };
      writeFileSync(join(tmpdir(), `segraph-bench-store-${machine.date.replace(/[:.]/g, '-')}.json`), JSON.stringify({ machine, command, scale }));
      writeFileSync(out, withSection(existsSync(out) ? readFileSync(out, 'utf8') : '', 'scale', renderScale(scale, queries, header)));
      log(`wrote the scale section of ${values.out} (${((performance.now() - started) / 60_000).toFixed(1)} min)`);
      return;
    }

    log('seed graph: raw Oxigraph');
    const seedRaw = await runEngine({ engine: 'oxigraph', file: snapshot.paths.nquads, queries: plain(seedQueries), policy: SEED_RAW, queryBudgetMs: 120_000, log });
    log('seed graph: server');
    const seedServer = await serverPhase({ root, graphArgs: [], queries: seedQueries, starts: 3, readyTimeoutMs: 120_000, http: SEED_HTTP, log });

    log('transport floor: bare node:http server, same client');
    const floor = await transportFloor(root, seedQueries[0]!.sparql, SEED_HTTP).catch((error: unknown) => {
      log(`  failed: ${(error as Error).message}`);
      return undefined;
    });

    log('seed graph: the worker pool in-process');
    const hop = await poolHop(root, snapshot.paths.nquads, plain(seedQueries)).catch((error: unknown) => {
      log(`  failed: ${(error as Error).message}`);
      return undefined;
    });

    log('seed graph: a runaway query against its deadline');
    const runaway = await runawayPhase(root).catch((error: unknown) => {
      log(`  failed: ${(error as Error).message}`);
      return undefined;
    });

    log('baseline: server holding one triple');
    const tiny = join(tmp, 'one-triple.nt');
    writeFileSync(tiny, `<${IDS.practice('bench-baseline')}> <${SKOS.prefLabel}> "baseline" .\n`);
    const baseline = await serverPhase({ root, graphArgs: ['--no-seed', '--load', tiny], queries: [], starts: 3, readyTimeoutMs: 60_000, log });

    log(`synthetic graph: generating about ${triples.toLocaleString('en')} triples (seed ${seed})`);
    const file = join(tmp, 'synthetic.nq');
    const generateStarted = performance.now();
    const generated = writeSynthetic(file, { seed, practices: practicesForTriples(triples) });
    const generateMs = performance.now() - generateStarted;
    const { bytes, sha256, graphs: _, ...counts } = generated;
    log(`  ${counts.quads.toLocaleString('en')} quads, ${(bytes / 1024 ** 2).toFixed(0)} MB in ${(generateMs / 1000).toFixed(1)} s`);

    log('synthetic graph: raw Oxigraph');
    const bigRaw = await runEngine({ engine: 'oxigraph', file, queries: plain(bigQueries), policy: BIG_RAW, queryBudgetMs: 120_000, log });
    log('synthetic graph: server');
    const bigServer = await serverPhase({ root, graphArgs: ['--no-seed', '--load', file], queries: bigQueries, starts: 1, readyTimeoutMs: 180_000, http: BIG_HTTP, log });
    log(`synthetic graph: Comunica over an n3 Store (budget ${comunicaBudgetMs / 1000} s per query)`);
    const comunica = await runEngine({
      engine: 'comunica', file, queries: plain(bigQueries), queryBudgetMs: comunicaBudgetMs, maxOldSpaceMb: 12_288, log,
      policy: policy(0, 3, 1, comunicaBudgetMs),
    });

    const mainMs = performance.now() - started;
    const graphs: GivenGraph[] = [
      { label: 'seed graph', snapshot: seedSnapshot, queries: seedQueries, policy: SEED_HTTP.uncached, graphArgs: [], embedded: { http: seedServer.http, from: 'the uncached HTTP figures of section 1' } },
      {
        label: sizeLabel(triples), snapshot: syntheticSnapshot(file, generated, tmp), queries: bigQueries, policy: BIG_HTTP.uncached,
        graphArgs: ['--no-seed', '--load', file], embedded: { http: bigServer.http, from: 'the uncached HTTP figures of section 2' }, httpPublish: true,
      },
    ];
    const scale: ScaleResults = await scalePhase({ ...scaleOptions, graphs });

    const results: BenchResults = {
      machine, command, options: { triples, seed, comunicaBudgetMs, storeTriples }, queries: seedQueries, bigQueries, scale, mainMs,
      seedGraph: { quads: snapshot.manifest.quads, version: snapshot.manifest.version, buildMs, raw: seedRaw, server: seedServer },
      baseline,
      transportFloor: floor,
      runaway,
      poolHop: hop,
      synthetic: { quads: counts.quads, counts, bytes, sha256, generateMs, raw: bigRaw, server: bigServer, comunica },
      durationMs: performance.now() - started,
      loadAverageAfter: loadavg(),
    };
    // Kept outside the run's directory: the figures survive a report that fails to render.
    writeFileSync(join(tmpdir(), `segraph-bench-${machine.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(results));
    const out = resolve(root, values.out);
    writeFileSync(out, renderReport(results, existsSync(out) ? readFileSync(out, 'utf8') : ''));
    log(`wrote ${values.out} (${((performance.now() - started) / 60_000).toFixed(1)} min)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`bench: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
