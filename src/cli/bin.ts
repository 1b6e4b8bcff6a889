#!/usr/bin/env node
// The `segraph` executable: runs the CLI and maps its result to the process exit code.
import v8 from 'node:v8';

// Node < 24 (V8 < 13) can abort the whole process ("Fatal error … unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) when TurboFan code that inlined a call into
// Oxigraph's WebAssembly is deoptimized during that call; it hit the query workers in our tests.
// Not inlining JS-to-Wasm calls avoids it. Set before anything is compiled; worker threads
// share the process's V8 flags. See vitest.config.ts for the tests.
if (Number(process.versions.node.split('.')[0]) < 24) v8.setFlagsFromString('--no-turbo-inline-js-wasm-calls');

const { main } = await import('./main.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`segraph: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
