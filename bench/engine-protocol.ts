/**
 * Messages between the benchmark and an engine child process (bench/engine-child.ts). Each
 * engine runs in its own process so that its memory is measured alone and a runaway query can
 * be stopped by killing the process.
 */
import type { ProcMemory } from './machine.js';
import type { RunPolicy } from './stats.js';

export type EngineName = 'oxigraph' | 'comunica';

export interface EngineJob {
  readonly engine: EngineName;
  /** An N-Quads file. */
  readonly file: string;
  readonly queries: ReadonlyArray<{ readonly id: string; readonly sparql: string }>;
  readonly policy: RunPolicy;
}

export type EngineMessage =
  | { type: 'loaded'; ms: number; quads: number; memory: ProcMemory | undefined; heapMb: number }
  | { type: 'start'; id: string }
  /** One timed run (warm-ups are not reported). */
  | { type: 'run'; id: string; ms: number; rows: number }
  | { type: 'error'; id: string; message: string }
  | { type: 'done'; memory: ProcMemory | undefined };
