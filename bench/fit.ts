/**
 * Does the embedded engine hold a graph this size? One query worker's store, grown step by step
 * in a child process (bench/fit-child.ts) until the file ends or the store cannot grow; the
 * steps say how its memory grows and where it stops.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FitLine } from './fit-child.js';

export interface FitResult {
  /** Quads of the file. */
  readonly quads: number;
  readonly steps: Array<Extract<FitLine, { type: 'step' }>>;
  /** The whole file loaded (named graphs and the merged default graph). */
  readonly done?: Extract<FitLine, { type: 'done' }>;
  /** The store could not grow: after how many quads, and what Oxigraph said. */
  readonly failed?: { readonly quads: number; readonly message: string; readonly rssMb: number | undefined };
  readonly ms: number;
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'fit-child.js');

export function fitProbe(file: string, quads: number, stepQuads: number, timeoutMs: number, log: (line: string) => void): Promise<FitResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file, String(stepQuads)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const steps: FitResult['steps'] = [];
    let done: FitResult['done'];
    let failed: FitResult['failed'];
    let rest = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      for (const text of lines) {
        const line = JSON.parse(text) as FitLine;
        if (line.type === 'step') {
          steps.push(line);
          log(`  embedded fit: ${line.quads.toLocaleString('en')} quads, RSS ${Math.round(line.rssMb)} MB`);
        } else if (line.type === 'done') done = line;
        else failed = { quads: line.quads, message: line.message, rssMb: line.rssMb };
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = steps.at(-1);
      // A crash without a last word (the WebAssembly instance aborting): after the last step.
      if (!done && !failed) {
        failed = {
          quads: last?.quads ?? 0, rssMb: last?.rssMb,
          message: signal === 'SIGKILL' ? `stopped after ${timeoutMs / 1000} s` : `exit ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300)}`,
        };
      }
      resolve({ quads, steps, ms: performance.now() - started, ...(done ? { done } : {}), ...(failed ? { failed } : {}) });
    });
  });
}
