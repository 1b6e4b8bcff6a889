/**
 * Runs an engine in a child process (bench/engine-child.ts) and collects its load time, memory
 * and query times. A query whose timed runs pass `queryBudgetMs` has its process killed; it is
 * reported as over budget (if not even one run finished) and a fresh process, loading the file
 * again, takes the remaining queries.
 */
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineJob, EngineMessage, EngineName } from './engine-protocol.js';
import { procMemory, type ProcMemory } from './machine.js';
import type { RunPolicy } from './stats.js';

export interface QueryTimes {
  readonly times: number[];
  rows?: number;
  /** No run finished within the budget. */
  overBudget?: boolean;
  error?: string;
}

export interface EngineRun {
  readonly engine: EngineName;
  load?: { ms: number; quads: number; memory: ProcMemory | undefined; heapMb: number };
  /** Every load, the first included (a restart after a kill loads again). */
  readonly loadTimes: number[];
  readonly queries: Record<string, QueryTimes>;
  /** Highest VmHWM over the engine's processes, MB. */
  peakMb: number;
  restarts: number;
}

export interface EngineOptions {
  readonly engine: EngineName;
  readonly file: string;
  readonly queries: EngineJob['queries'];
  readonly policy: RunPolicy;
  /** Kill the process when one query's runs take longer than this. */
  readonly queryBudgetMs: number;
  /** V8 heap limit of the child (Comunica holds the whole graph as JS objects). */
  readonly maxOldSpaceMb?: number;
  readonly log: (line: string) => void;
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'engine-child.js');

/** Runs one process over `queries`; resolves to the queries it did not get to. */
function runProcess(options: EngineOptions, queries: EngineJob['queries'], out: EngineRun) {
  return new Promise<EngineJob['queries']>((resolve) => {
    const child = fork(CHILD, [], {
      execArgv: options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const log = (line: string) => options.log(`  ${options.engine}: ${line}`);
    const finished = new Set<string>();
    let current: string | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    let loaded = false;
    let killed = false;
    const notePeak = (memory = child.pid ? procMemory(child.pid) : undefined) => {
      if (memory) out.peakMb = Math.max(out.peakMb, memory.peakMb);
    };
    const finish = () => {
      clearTimeout(watchdog);
      if (current !== undefined) finished.add(current);
      current = undefined;
    };
    child.on('message', (message: EngineMessage) => {
      switch (message.type) {
        case 'loaded':
          loaded = true;
          out.load ??= { ms: message.ms, quads: message.quads, memory: message.memory, heapMb: message.heapMb };
          out.loadTimes.push(message.ms);
          log(`loaded ${message.quads.toLocaleString('en')} quads in ${(message.ms / 1000).toFixed(1)} s`);
          break;
        case 'start':
          finish();
          current = message.id;
          out.queries[message.id] = { times: [] };
          watchdog = setTimeout(() => {
            log(`${message.id} passed its ${options.queryBudgetMs / 1000} s budget; killing the process`);
            notePeak();
            killed = true;
            child.kill('SIGKILL');
          }, options.queryBudgetMs);
          break;
        case 'run':
          out.queries[message.id]!.times.push(message.ms);
          out.queries[message.id]!.rows ??= message.rows;
          if (message.ms > 1_000) log(`${message.id} ${(message.ms / 1000).toFixed(1)} s, ${message.rows} rows`); // slow runs only
          break;
        case 'error':
          out.queries[message.id]!.error = message.message;
          log(`${message.id} failed: ${message.message}`);
          break;
        case 'done':
          finish();
          notePeak(message.memory);
          break;
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (!loaded) {
        // Could not even load: retrying would fail the same way.
        for (const q of queries) out.queries[q.id] = { times: [], error: `load failed (${signal ?? `exit code ${code}`})` };
        resolve([]);
        return;
      }
      if (current !== undefined) {
        const q = out.queries[current]!;
        if (q.times.length === 0 && !q.error) {
          if (killed) q.overBudget = true;
          else q.error = `process ended (${signal ?? `exit code ${code}`})`;
        }
        finish();
      }
      resolve(queries.filter((q) => !finished.has(q.id)));
    });
    child.send({ engine: options.engine, file: options.file, queries, policy: options.policy } satisfies EngineJob);
  });
}

/** Runs `options.queries` on the engine, restarting it after a query is killed. */
export async function runEngine(options: EngineOptions): Promise<EngineRun> {
  const out: EngineRun = { engine: options.engine, loadTimes: [], queries: {}, peakMb: 0, restarts: 0 };
  let remaining = options.queries;
  for (;;) {
    remaining = await runProcess(options, remaining, out);
    if (remaining.length === 0) return out;
    out.restarts++;
  }
}
