/**
 * A stand-in for node:worker_threads' Worker, for unit tests of the pool (test/unit/pool.test.ts
 * mocks the module with this one): no thread, no engine; the test answers each job itself.
 */
import { EventEmitter } from 'node:events';
import type { WorkerInit, WorkerJob, WorkerMessage } from '../../src/query/protocol.js';

export class Worker extends EventEmitter {
  /** Every worker made since the last `reset()`, in order. */
  static readonly made: Worker[] = [];
  /** How a new worker finishes loading: by default it says it is ready (with stats if asked for). */
  static onLoad: (worker: Worker) => void = (worker) => worker.ready();

  readonly init: WorkerInit;
  readonly jobs: WorkerJob[] = [];
  terminated = false;

  constructor(_script: URL, options: { workerData: WorkerInit }) {
    super();
    this.init = options.workerData;
    Worker.made.push(this);
    setImmediate(() => Worker.onLoad(this));
  }

  static reset(): void {
    Worker.made.length = 0;
    Worker.onLoad = (worker) => worker.ready();
  }

  postMessage(job: WorkerJob): void {
    this.jobs.push(job);
  }

  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }

  send(message: WorkerMessage): void {
    this.emit('message', message);
  }

  ready(): void {
    const stats = { quads: 3, defaultGraphQuads: 0, defaultGraphTriples: 3, graphs: [{ iri: 'urn:g', quads: 3 }] };
    this.send({ type: 'ready', loadMs: 1, quads: 3, ...(this.init.stats ? { stats } : {}) });
  }

  /** Answers the job it was last given with a result. */
  answer(body = '{}'): void {
    const job = this.jobs.at(-1)!;
    this.send({ type: 'result', id: job.id, body, rows: 0, truncated: false, ms: 1 });
  }
}
