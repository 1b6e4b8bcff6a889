/**
 * Child of bench/fit.ts: grows one Oxigraph store the way a query worker fills its own
 * (src/query/load-store.ts: the named graphs, and the default graph as their merge), a step of
 * N-Quads lines at a time, and prints one JSON line per step — quads in the named graphs so far,
 * the process's RSS — until the file ends (then the store's size) or
 * the store cannot grow. Oxigraph runs as 32-bit WebAssembly, so a store can never pass 4 GiB
 * of linear memory whatever the machine has; where that happens is what this finds.
 *
 *   node dist-bench/bench/fit-child.js FILE STEP_QUADS
 */
import { closeSync, openSync, readSync } from 'node:fs';
import '../src/v8-flags.js'; // before oxigraph: see there
import * as oxigraph from 'oxigraph';
import { procMemory } from './machine.js';

export type FitLine =
  | { type: 'step'; quads: number; rssMb: number; ms: number }
  | { type: 'done'; quads: number; storeSize: number; rssMb: number; peakMb: number; ms: number }
  | { type: 'error'; quads: number; message: string; rssMb: number; peakMb: number };

/** The file's lines, `step` at a time (the synthetic graph writes one statement per line). */
function* linesInSteps(path: string, step: number): Generator<string[]> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
  let rest = '';
  let lines: string[] = [];
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const text = rest + buffer.toString('utf8', 0, n);
      const parts = text.split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        if (line === '') continue;
        lines.push(line);
        if (lines.length === step) {
          yield lines;
          lines = [];
        }
      }
    }
    if (rest !== '') lines.push(rest);
    if (lines.length > 0) yield lines;
  } finally {
    closeSync(fd);
  }
}

function main(): void {
  const [file, stepText] = process.argv.slice(2);
  const step = Number(stepText);
  if (!file || !(step > 0)) throw new Error('usage: fit-child FILE STEP_QUADS');
  const print = (line: FitLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const memory = () => procMemory('self') ?? { rssMb: Number.NaN, peakMb: Number.NaN };
  const store = new oxigraph.Store();
  const started = performance.now();
  let quads = 0;
  try {
    for (const lines of linesInSteps(file, step)) {
      store.load(lines.join('\n'), { format: 'application/n-quads', no_transaction: true });
      // The same statements as triples of the default graph: what mergeDefaultGraph's `ADD … TO
      // DEFAULT` leaves there (a set), without re-adding every earlier step's graphs each time.
      const triples = lines.map((line) => `${line.slice(0, line.lastIndexOf('<'))}.`).join('\n');
      store.load(triples, { format: 'application/n-triples', no_transaction: true });
      quads += lines.length;
      // (Not store.size: it counts every entry, seconds per step on a large store.)
      print({ type: 'step', quads, rssMb: memory().rssMb, ms: performance.now() - started });
    }
    print({ type: 'done', quads, storeSize: store.size, ...memory(), ms: performance.now() - started });
  } catch (error) {
    print({ type: 'error', quads, message: String((error as Error).message ?? error).slice(0, 300), ...memory() });
    process.exitCode = 1;
  }
}

main();
