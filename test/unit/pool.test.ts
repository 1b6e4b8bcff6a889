/**
 * Unit: the query worker pool (src/query/pool.ts) over stub workers (test/helpers/fake-worker.ts
 * in place of node:worker_threads): dispatch, queueing, deadlines, traps, crashes, replacement,
 * overload and shutdown, with no engine and no threads.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BusyError, DeadlineError, EngineTrapError, LoadError, ShutdownError, WorkerCrashError } from '../../src/query/errors.js';
import { WorkerPool, type JobInput } from '../../src/query/pool.js';
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
