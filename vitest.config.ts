import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/helpers/sequencer.js';

/**
 * Node 20 and 22 (V8 11.3 and 12.4) abort the whole process ("Fatal error in , line 0 /
 * unreachable code" under Deoptimizer::DoComputeBuiltinContinuation) when TurboFan code that
 * inlined a call to a Wasm function returning `externref` is deoptimized during that call.
 * Oxigraph's Quad.subject/predicate/object/graph getters are such calls; writeTurtle in a query
 * worker was the victim every time. V8 13 (Node 24) handles it. Turning that one inlining off
 * avoids the crash; V8 flags are per process, so the query worker threads get it too.
 */
const nodeMajor = Number(process.versions.node.split('.')[0]);
const v8Workaround = nodeMajor < 24 ? ['--no-turbo-inline-js-wasm-calls'] : [];

/**
 * Tests that time queries against deadlines and each other, or (the fuzz test) send 1 MB bodies
 * that the server drains for only 2 s after answering: run alone, after the rest.
 */
const TIMING = ['test/query/pool-faults.test.ts', 'test/http/limits.test.ts', 'test/http/fuzz.test.ts'];

/**
 * The HTTP suite that runs a second time, over the scale tier: the same files, served from a real
 * Virtuoso where the seed graph was published (test/helpers/store-setup.ts; startTestServer serves
 * from the store in this project). Protocol, formats, dereferencing, catalogue, questions, facets,
 * search, pages and the clients we did not write. A file that loads other data beside the seed
 * (`loads`) cannot run here: the store holds the published seed version only.
 */
const OVER_THE_STORE = [
  'test/conformance/sparql-protocol.test.ts',
  'test/conformance/dcat-ap.test.ts',
  'test/http/negotiation.test.ts',
  'test/http/formats.test.ts',
  'test/http/resources.test.ts',
  'test/http/html.test.ts',
  'test/http/practice-page.test.ts',
  'test/http/regions.test.ts',
  'test/http/site.test.ts',
  'test/http/downloads.test.ts',
  'test/http/map.test.ts',
  'test/http/service-description.test.ts',
  'test/http/dumps.test.ts',
  'test/http/releases.test.ts',
  'test/http/search.test.ts',
  'test/http/explorer.test.ts',
  'test/api/api.test.ts',
  'test/api/facets.test.ts',
  'test/api/questions-a.test.ts',
  'test/api/questions-b.test.ts',
  'test/interop/python.test.ts',
  'test/interop/rdflib-js.test.ts',
  'test/interop/comunica.test.ts',
  'test/interop/jsonld-js.test.ts',
  'test/interop/raptor.test.ts',
  'test/interop/xmllint.test.ts',
];

/**
 * Whether a Virtuoso can be had: the one `.ci/run` started, or `virtuoso-t` to start one. CI must
 * have it (the store project is part of what CI proves); elsewhere it is skipped, and said so.
 */
function storeAvailable(): boolean {
  if (process.env.SEGRAPH_TEST_STORE) return true;
  const found = process.env.PATH?.split(delimiter).some((dir) => existsSync(join(dir, 'virtuoso-t'))) ?? false;
  if (!found && process.env.CI) throw new Error('CI needs Virtuoso (virtuoso-t, Debian package virtuoso-opensource-7) for the store project: .ci/run installs it');
  if (!found) console.warn('vitest: no virtuoso-t on PATH: the store project (the HTTP suite over Virtuoso) is skipped');
  return found;
}

export default defineConfig({
  test: {
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Two test files at a time even on 2 cores (vitest's default there is 1): much of a file's
    // time is spent waiting on worker threads loading, child processes and deadlines.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    execArgv: v8Workaround,
    sequence: { sequencer: SlowestFirst },
    projects: [
      // The pure core: no server, no engine, no seed graph (`npx vitest run --project unit`).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', ...TIMING],
          isolate: false,
          // The seed graph is built once per run (parse, SHACL, inference: a few seconds on 2
          // cores) and shared read-only with every test file: test/helpers/global-setup.ts,
          // seed-snapshot.ts.
          globalSetup: ['./test/helpers/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'timing',
          include: TIMING,
          globalSetup: ['./test/helpers/global-setup.ts'],
          maxWorkers: 1,
          // One after another in one process, which imports the code once.
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      ...(storeAvailable() ? [{
        extends: true as const,
        test: {
          name: 'store',
          include: OVER_THE_STORE,
          isolate: false,
          // The seed built (global-setup), then published to the store (store-setup); each file's
          // startTestServer() then serves from the store (test/helpers/server.ts).
          globalSetup: ['./test/helpers/global-setup.ts', './test/helpers/store-setup.ts'],
        },
      }] : []),
    ],
  },
});
