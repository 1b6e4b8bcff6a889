/**
 * Imported, for its effect, before `oxigraph` by every module that loads it (and first by the
 * CLI). Node < 24 (V8 < 13) aborts the whole process ("Fatal error … unreachable code" in
 * Deoptimizer::DoComputeBuiltinContinuation) when TurboFan code that inlined a JS-to-Wasm call
 * returning `externref` is deoptimized during that call: V8 11–12 cannot rebuild an `externref`
 * return value. Oxigraph's Quad.subject/predicate/object/graph getters are such calls, and the
 * query workers hit it under load (5 crashes in 15 full test runs without this, 0 in 15 with it).
 * Not inlining JS-to-Wasm calls avoids it at no measurable cost. V8 flags are per process, so
 * setting it here reaches the worker threads too; NODE_OPTIONS refuses this flag.
 */
import v8 from 'node:v8';

if (Number(process.versions.node.split('.')[0]) < 24) v8.setFlagsFromString('--no-turbo-inline-js-wasm-calls');
