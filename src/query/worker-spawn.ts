/**
 * Starting one query worker: a thread that loads the sources into its own Oxigraph store and says
 * when it is ready. Used by the worker pool (pool.ts), which owns the worker from then on.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LoadError } from './errors.js';
import type { DatasetStats, WorkerInit, WorkerMessage } from './protocol.js';

/**
 * The compiled worker script. Tests import the TypeScript sources, which Node 20 cannot run in a
 * worker, so from `src/` the compiled copy in `dist/` is used (`npm test` compiles first).
 */
export function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/query/worker.js', import.meta.url);
}

/** A worker that has loaded the sources. It has no listeners left: the caller adds its own at once. */
export interface StartedWorker {
  readonly worker: Worker;
  /** The worker's thread id in the operating system, when known (Linux). */
  readonly tid: number | undefined;
  /** The dataset's statistics, when `init.stats` asked for them. */
  readonly stats?: DatasetStats;
  readonly loadMs: number;
}

/**
 * Starts a worker and resolves once it has loaded the sources. Rejects with LoadError when a
 * source cannot be loaded, with the error or exit that ended the thread while it loaded (its
 * script failed to load, it ran out of memory, it was killed), or when it has not loaded within
 * `loadTimeoutMs`; the worker is terminated then.
 */
export function spawnWorker(init: WorkerInit, loadTimeoutMs: number, script: URL = workerScript()): Promise<StartedWorker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: init });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`a query worker did not finish loading within ${loadTimeoutMs / 1000} s`)), loadTimeoutMs);
    timer.unref();
    const onEarlyExit = (code: number) => fail(new Error(`a query worker exited with code ${code} while loading`));
    const onReady = (message: WorkerMessage) => {
      if (message.type === 'load-failed') {
        fail(new LoadError(message.path, message.message));
        return;
      }
      if (message.type !== 'ready' || settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onReady);
      worker.off('error', fail);
      worker.off('exit', onEarlyExit);
      resolve({ worker, tid: message.tid, loadMs: message.loadMs, ...(message.stats ? { stats: message.stats } : {}) });
    };
    worker.on('message', onReady);
    // `on`, not `once`: a worker may report an error and then exit, and neither may go unheard.
    worker.on('error', fail);
    worker.once('exit', onEarlyExit);
  });
}
