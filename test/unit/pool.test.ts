/**
 * Unit: the query worker pool (src/query/pool.ts) over stub workers (test/helpers/fake-worker.ts
 * in place of node:worker_threads): dispatch, queueing, deadlines, traps, crashes, replacement
 * (with backoff when starting fails), overload and shutdown, with no engine and no threads; and
 * the engine's health over such a pool.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmbeddedEngine } from '../../src/query/engine.js';
import { BusyError, DeadlineError, EngineTrapError, EngineUnavailableError, LoadError, ShutdownError, WorkerCrashError } from '../../src/query/errors.js';
import { WorkerPool, type JobInput } from '../../src/query/pool.js';
import { Restarts } from '../../src/query/worker-restarts.js';
import { Worker } from '../helpers/fake-worker.js';

vi.mock('node:worker_threads', () => import('../helpers/fake-worker.js'));

const JOB: JobInput = { type: 'query', query: 'ASK {}', form: 'ask', baseIri: 'urn:base', format: 'json', maxRows: 10 };
const SOURCES = [{ path: 'data.nq', format: 'application/n-quads' as const, trusted: true }];
const settle = () => new Promise((r) => setImmediate(r));

let pool: WorkerPool | undefined;
const start = async (size: number, more: Partial<Parameters<typeof WorkerPool.start>[0]> = {}) => {
  const started = await WorkerPool.start({ size, maxWorkers: size, sources: SOURCES, ...more });
  pool = started.pool;
  return started;
};
beforeEach(() => Worker.reset());
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('starting', () => {
  it('resolves when the first worker has loaded, with its dataset stats; the others load one after another', async () => {
    const { pool, stats } = await start(3);
    expect(stats.quads).toBe(3);
    expect(Worker.made[0]!.init).toMatchObject({ sources: SOURCES, stats: true });
    expect(Worker.made.length).toBeLessThan(3);
    await pool.allReady;
    expect(Worker.made).toHaveLength(3);
    expect(Worker.made.slice(1).map((w) => w.init.stats)).toEqual([false, false]);
    expect(pool.health()).toMatchObject({ size: 3, alive: 3, busy: 0, starting: 0, replaced: 0 });
  });

  it('rejects with LoadError when the first worker cannot load its sources', async () => {
    Worker.onLoad = (w) => w.send({ type: 'load-failed', path: 'data.nq', message: 'bad line 3' });
    await expect(start(2)).rejects.toBeInstanceOf(LoadError);
    expect(Worker.made[0]!.terminated).toBe(true);
  });
});

describe('running jobs', () => {
  it('gives each job an id and a free worker, and resolves with its answer (a query error too)', async () => {
    const { pool } = await start(2);
    await pool.allReady;
    const [a, b] = Worker.made as [Worker, Worker];
    const first = pool.run(JOB, 1000);
    const second = pool.run({ ...JOB, query: 'SELECT * {}' }, 1000);
    expect(a.jobs).toHaveLength(1);
    expect(b.jobs).toHaveLength(1);
    expect(a.jobs[0]!.id).not.toBe(b.jobs[0]!.id);
    a.answer('{"boolean":true}');
    b.send({ type: 'query-error', id: b.jobs[0]!.id, kind: 'syntax', message: 'bad' });
    await expect(first).resolves.toMatchObject({ type: 'result', body: '{"boolean":true}' });
    await expect(second).resolves.toMatchObject({ type: 'query-error', kind: 'syntax' });
  });

  it('queues a job while every worker is busy, and starts it when one is free', async () => {
    const { pool } = await start(1);
    const w = Worker.made[0]!;
    const first = pool.run(JOB, 1000);
    const second = pool.run(JOB, 1000);
    expect(w.jobs).toHaveLength(1);
    expect(pool.health()).toMatchObject({ busy: 1, queued: 1 });
    w.answer();
    await first;
    expect(w.jobs).toHaveLength(2);
    w.answer();
    await expect(second).resolves.toMatchObject({ type: 'result' });
  });

  it('ignores an answer for a job the worker is not running', async () => {
    const { pool } = await start(1);
    const w = Worker.made[0]!;
    const job = pool.run(JOB, 1000);
    w.send({ type: 'result', id: w.jobs[0]!.id + 100, body: 'stale', rows: 0, truncated: false, ms: 1 });
    w.answer('fresh');
    await expect(job).resolves.toMatchObject({ body: 'fresh' });
  });

  it('refuses a job with BusyError when the queue is full', async () => {
    const { pool } = await start(1, { maxQueue: 1 });
    const running = pool.run(JOB, 1000);
    const queued = pool.run(JOB, 1000);
    await expect(pool.run(JOB, 1000)).rejects.toBeInstanceOf(BusyError);
    Worker.made[0]!.answer();
    await running;
    Worker.made[0]!.answer();
    await queued;
  });
});

describe('faults', () => {
  it('a job past its deadline: DeadlineError, its worker terminated and replaced', async () => {
    const { pool } = await start(1);
    const w = Worker.made[0]!;
    const error = await pool.run(JOB, 30).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toMatchObject({ deadlineMs: 30, queued: false });
    expect(w.terminated).toBe(true);
    expect(pool.health().replaced).toBe(1);
    await settle();
    expect(Worker.made).toHaveLength(2);
    expect(pool.size).toBe(1);
    const next = pool.run(JOB, 1000);
    Worker.made[1]!.answer();
    await expect(next).resolves.toMatchObject({ type: 'result' });
  });

  it('a job that waited past its deadline in the queue: DeadlineError (queued), no worker lost', async () => {
    const { pool } = await start(1);
    const running = pool.run(JOB, 1000);
    const error = await pool.run(JOB, 20).catch((e: unknown) => e);
    expect(error).toMatchObject({ deadlineMs: 20, queued: true });
    expect(Worker.made[0]!.terminated).toBe(false);
    Worker.made[0]!.answer();
    await running;
    expect(pool.health().replaced).toBe(0);
  });

  it('an engine trap: EngineTrapError, the worker replaced', async () => {
    const { pool } = await start(1);
    const w = Worker.made[0]!;
    const job = pool.run(JOB, 1000);
    w.send({ type: 'trapped', id: w.jobs[0]!.id, reason: 'stack', message: 'too deep' });
    await expect(job).rejects.toBeInstanceOf(EngineTrapError);
    expect(w.terminated).toBe(true);
    expect(pool.health().replaced).toBe(1);
  });

  it('a worker that exits mid-job: WorkerCrashError, a replacement started', async () => {
    const { pool } = await start(1);
    const w = Worker.made[0]!;
    const job = pool.run(JOB, 1000);
    w.emit('exit', 134);
    await expect(job).rejects.toBeInstanceOf(WorkerCrashError);
    await settle();
    expect(Worker.made).toHaveLength(2);
    expect(pool.health()).toMatchObject({ alive: 1, replaced: 1 });
  });
});

describe('closing', () => {
  it('rejects running and queued jobs with ShutdownError, terminates every worker, and refuses new jobs', async () => {
    const { pool } = await start(1);
    const running = pool.run(JOB, 1000);
    const queued = pool.run(JOB, 1000);
    await pool.close();
    await expect(running).rejects.toBeInstanceOf(ShutdownError);
    await expect(queued).rejects.toBeInstanceOf(ShutdownError);
    expect(Worker.made.every((w) => w.terminated)).toBe(true);
    await expect(pool.run(JOB, 1000)).rejects.toBeInstanceOf(ShutdownError);
  });
});

/** Loading fails (the source is gone) until `working()` is called. */
const failing = () => {
  Worker.onLoad = (w) => w.send({ type: 'load-failed', path: 'data.nq', message: 'no such file' });
};
const working = () => {
  Worker.onLoad = (w) => w.ready();
};
/** Waits (real time, polling) until `ok()` holds, or fails after `ms`. */
async function until(ok: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
const FAST = { initialMs: 10, maxMs: 40 };

describe('workers that fail to start', () => {
  it('are started again after a wait that doubles up to a bound; each failure and the recovery are logged', async () => {
    const log: string[] = [];
    const { pool } = await start(2, { restart: FAST, log: (m) => log.push(m) });
    failing();
    await until(() => pool.health().failedStarts >= 4);
    const health = pool.health();
    expect(health).toMatchObject({ size: 2, alive: 1, lastFailure: { reason: 'data.nq: no such file' } });
    expect(Date.parse(health.lastFailure!.at)).toBeGreaterThan(Date.now() - 5000);
    expect(log[0]).toMatch(/^segraph: a query worker failed to start \(1 in a row\): data\.nq: no such file; 1 of 2 workers running; trying again in 0\.0 s$/);
    expect(log.slice(0, 4).map((m) => /\((\d+) in a row\)/.exec(m)?.[1])).toEqual(['1', '2', '3', '4']);
    // Queries go on with the worker that runs.
    const job = pool.run(JOB, 1000);
    Worker.made[0]!.answer();
    await expect(job).resolves.toMatchObject({ type: 'result' });

    working();
    await pool.allReady;
    expect(pool.health()).toMatchObject({ alive: 2, failedStarts: 0, lastFailure: { reason: 'data.nq: no such file' } });
    expect(pool.health().nextStartAt).toBeUndefined();
    expect(log.at(-1)).toMatch(/^segraph: a query worker started again after \d+ failed attempts; 2 of 2 workers running$/);
  });

  it('the waits: 0.5 s doubling to 30 s by default', () => {
    const log: string[] = [];
    const restarts = new Restarts({}, (m) => log.push(m));
    try {
      for (let i = 0; i < 9; i++) restarts.failed('boom', { alive: 0, size: 1 }, () => undefined);
      expect(log.map((m) => /trying again in (.+)$/.exec(m)?.[1])).toEqual(['0.5 s', '1.0 s', '2.0 s', '4.0 s', '8.0 s', '16 s', '30 s', '30 s', '30 s']);
      expect(log[0]).toContain('no query worker is running: queries are answered 503 engine_unavailable until one starts');
      expect(restarts.retryAfterSeconds()).toBe(30);
    } finally {
      restarts.stop();
    }
  });

  it('with none running: queries fail at once with EngineUnavailableError, queued ones too; recovery to full size', async () => {
    const log: string[] = [];
    const { pool } = await start(1, { restart: { initialMs: 50, maxMs: 50 }, log: (m) => log.push(m) });
    const running = pool.run(JOB, 10_000);
    const queued = pool.run(JOB, 10_000).catch((e: unknown) => e);
    failing();
    Worker.made[0]!.emit('exit', 137); // killed mid-job: replaced at once, and that start fails
    await expect(running).rejects.toBeInstanceOf(WorkerCrashError);
    await until(() => pool.health().failedStarts === 1);
    const started = Date.now();
    expect(await queued).toBeInstanceOf(EngineUnavailableError);
    const error = await pool.run(JOB, 10_000).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineUnavailableError).retryAfterSeconds).toBe(1);
    expect((error as EngineUnavailableError).message).toMatch(/no query worker is running, and starting one has failed once/);
    expect(pool.health()).toMatchObject({ alive: 0, queued: 0, clients: 0 });
    expect(log.some((m) => m.includes('stopped: worker exited with code 137; 0 of 1 workers running; starting another'))).toBe(true);

    working();
    await until(() => pool.health().alive === 1);
    const job = pool.run(JOB, 1000);
    Worker.made.at(-1)!.answer();
    await expect(job).resolves.toMatchObject({ type: 'result' });
  });

  it('a worker that dies idle soon after starting counts as a failed start: its replacement waits', async () => {
    const log: string[] = [];
    const { pool } = await start(1, { restart: { initialMs: 100, maxMs: 100 }, log: (m) => log.push(m) });
    Worker.made[0]!.emit('exit', 1);
    expect(pool.health()).toMatchObject({ alive: 0, failedStarts: 1, lastFailure: { reason: expect.stringMatching(/^a worker stopped \d\.\d s after it started: worker exited with code 1$/) } });
    expect(pool.health().nextStartAt).toBeDefined();
    await expect(pool.run(JOB, 10_000)).rejects.toBeInstanceOf(EngineUnavailableError);
    await settle();
    expect(Worker.made).toHaveLength(1); // not yet: waiting 100 ms
    await until(() => pool.health().alive === 1);
    expect(Worker.made).toHaveLength(2);
    expect(log.at(-1)).toMatch(/started again after 1 failed attempt; 1 of 1 workers running$/);
  });

  it('a worker whose script fails to load (an error, then an exit) is one failure, retried', async () => {
    const log: string[] = [];
    const { pool } = await start(2, { restart: FAST, log: (m) => log.push(m) });
    Worker.onLoad = (w) => {
      w.emit('error', new Error('Cannot find module worker.js'));
      w.emit('exit', 1);
    };
    await until(() => pool.health().failedStarts >= 2);
    expect(pool.health().lastFailure?.reason).toBe('Cannot find module worker.js');
    working();
    await pool.allReady;
    expect(pool.health().alive).toBe(2);
  });

  it('a worker that never finishes loading counts as failed after the load timeout, and is retried', async () => {
    const log: string[] = [];
    const { pool } = await start(2, { restart: FAST, loadTimeoutMs: 30, log: (m) => log.push(m) });
    Worker.onLoad = () => undefined; // hangs
    await until(() => pool.health().failedStarts >= 2);
    expect(pool.health()).toMatchObject({ alive: 1, lastFailure: { reason: 'a query worker did not finish loading within 0.03 s' } });
    expect(Worker.made.slice(1).every((w) => w.terminated)).toBe(true);
    working();
    await pool.allReady;
    expect(pool.health()).toMatchObject({ alive: 2, failedStarts: 0 });
  });
});

describe('the engine\'s health over the pool', () => {
  let engine: EmbeddedEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });
  const ask = (query: string) => ({ query, form: 'ask' as const, baseIri: 'urn:b', format: 'json' as const });
  const startEngine = async (workers: number, deadlineMs = 10_000) => {
    engine = await EmbeddedEngine.start({ sources: SOURCES, version: 'v1', workers, maxWorkers: workers, limits: { deadlineMs, maxRows: 10 }, restart: { initialMs: 2000, maxMs: 2000 }, log: () => undefined });
    await engine.allReady;
    return engine;
  };

  it('ready at full strength; degraded (still answering) with fewer workers; unavailable with none, and queries refused at once', async () => {
    const engine = await startEngine(2);
    expect(engine.health()).toMatchObject({ status: 'ready', ready: true, workers: { size: 2, alive: 2, failedStarts: 0, lastFailure: null } });
    failing();
    Worker.made[0]!.emit('exit', 1);
    await settle();
    expect(engine.health()).toMatchObject({ status: 'degraded', ready: true, workers: { alive: 1, failedStarts: 1 } });
    const answered = engine.execute(ask('ASK {}'));
    Worker.made[1]!.answer('{"boolean":true}');
    await expect(answered).resolves.toMatchObject({ ok: true, body: '{"boolean":true}' });

    Worker.made[1]!.emit('exit', 1);
    const health = engine.health();
    expect(health).toMatchObject({ status: 'unavailable', ready: false, workers: { alive: 0, failedStarts: 2 } });
    expect(health.retryAfterSeconds).toBe(2);
    await expect(engine.execute(ask('ASK { ?s ?p ?o }'))).rejects.toBeInstanceOf(EngineUnavailableError);
  });

  it('starting while the only worker is replaced after a deadline (nothing failed): queries wait for it', async () => {
    const engine = await startEngine(1, 30);
    Worker.onLoad = () => undefined; // the replacement is still loading
    await expect(engine.execute(ask('ASK {}'))).rejects.toBeInstanceOf(DeadlineError);
    expect(engine.health()).toMatchObject({ status: 'starting', ready: false, retryAfterSeconds: 1, workers: { alive: 0, starting: 1, failedStarts: 0 } });
    const waiting = engine.execute({ ...ask('ASK { ?s ?p ?o }'), client: 'c' });
    Worker.made[1]!.ready();
    await settle();
    Worker.made[1]!.answer('{"boolean":false}');
    await expect(waiting).resolves.toMatchObject({ ok: true, body: '{"boolean":false}' });
    expect(engine.health().status).toBe('ready');
  });
});
