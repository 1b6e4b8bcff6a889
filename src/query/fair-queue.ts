/**
 * The waiting room of the worker pool: which job starts next, so that no client can hold the
 * workers for itself. Jobs wait in two lanes — `server` (queries the server builds itself:
 * documents, questions, facets, labels) and `client` (clients' own `/sparql` queries). The
 * server lane goes first, but after FAST_BURST of its jobs in a row a waiting client query goes.
 * Within a lane each client (its address; the server's own start-up work is the client '') has
 * its own queue, and clients are taken in turn. A client runs at most `perClient` jobs at once
 * and has at most `perClientQueue` waiting, both lanes together. A client whose own query ran
 * long is *heavy* for `heavyForMs`: it runs one query at a time, and heavy clients' queries
 * together hold at most `heavyCapacity` workers.
 */

export type Lane = 'client' | 'server';

/** What the queue needs to know of a job. */
export interface Queued {
  readonly client: string;
  readonly lane: Lane;
}

/** Server-lane jobs taken in a row while client queries wait, before one of those goes. */
const FAST_BURST = 4;

export interface FairQueueOptions {
  readonly perClient: number;
  readonly perClientQueue: number;
  readonly heavyForMs: number;
  /** Workers heavy clients' queries and long jobs may hold together. */
  readonly heavyCapacity: number;
}

interface ClientState<T> {
  readonly queues: Record<Lane, T[]>;
  running: number;
  heavyUntil: number;
}

export class FairQueue<T extends Queued> {
  private readonly clients = new Map<string, ClientState<T>>();
  /** Per lane, the clients with jobs waiting in it, in turn. */
  private readonly rotation: Record<Lane, string[]> = { client: [], server: [] };
  /** Server-lane jobs started in a row while client queries waited. */
  private fastStreak = 0;
  /** Jobs waiting, all clients together. */
  size = 0;

  constructor(private readonly options: FairQueueOptions) {}

  /** Whether `client` may queue one more job (the server itself always may). */
  admits(client: string): boolean {
    const state = this.clients.get(client);
    return client === '' || !state || state.queues.client.length + state.queues.server.length < this.options.perClientQueue;
  }

  push(job: T): void {
    let state = this.clients.get(job.client);
    if (!state) {
      state = { queues: { client: [], server: [] }, running: 0, heavyUntil: 0 };
      this.clients.set(job.client, state);
    }
    const queue = state.queues[job.lane];
    if (queue.length === 0) this.rotation[job.lane].push(job.client);
    queue.push(job);
    this.size++;
  }

  /**
   * The next job allowed to start, counted as running from now; `heavyRunning` is how many
   * workers long jobs and heavy clients' queries hold now.
   */
  next(heavyRunning: () => number): T | undefined {
    const now = Date.now();
    const order: Lane[] = this.fastStreak >= FAST_BURST ? ['client', 'server'] : ['server', 'client'];
    for (const lane of order) {
      const job = this.take(lane, now, heavyRunning);
      if (!job) continue;
      this.fastStreak = lane === 'server' && this.rotation.client.length > 0 ? this.fastStreak + 1 : 0;
      this.size--;
      this.clients.get(job.client)!.running++;
      return job;
    }
    return undefined;
  }

  private take(lane: Lane, now: number, heavyRunning: () => number): T | undefined {
    const rotation = this.rotation[lane];
    for (let tries = rotation.length; tries > 0; tries--) {
      const client = rotation.shift()!;
      rotation.push(client);
      const state = this.clients.get(client)!;
      const heavy = lane === 'client' && state.heavyUntil > now;
      if (client !== '' && state.running >= (heavy ? 1 : this.options.perClient)) continue;
      if (heavy && heavyRunning() >= this.options.heavyCapacity) continue;
      const queue = state.queues[lane];
      const job = queue.shift()!;
      if (queue.length === 0) rotation.splice(rotation.lastIndexOf(client), 1);
      return job;
    }
    return undefined;
  }

  /** A started job is over; `ranLong` when it passed the long-query time. */
  done(job: T, ranLong: boolean): void {
    if (ranLong) this.markHeavy(job);
    const state = this.clients.get(job.client);
    if (!state) return;
    state.running--;
    this.forget(job.client, state);
  }

  /** A client's own query has run long: the client is heavy from now on, for `heavyForMs`. */
  markHeavy(job: T): void {
    const state = job.lane === 'client' && job.client !== '' ? this.clients.get(job.client) : undefined;
    if (state) state.heavyUntil = Date.now() + this.options.heavyForMs;
  }

  /** Whether `job` is a heavy client's own query. */
  isHeavy(job: T, now = Date.now()): boolean {
    return job.lane === 'client' && (this.clients.get(job.client)?.heavyUntil ?? 0) > now;
  }

  /** Takes a job that never started out of its queue; false if it was not waiting. */
  remove(job: T): boolean {
    const state = this.clients.get(job.client);
    const queue = state?.queues[job.lane];
    const at = queue?.indexOf(job) ?? -1;
    if (!state || !queue || at < 0) return false;
    queue.splice(at, 1);
    this.size--;
    if (queue.length === 0) {
      const rotation = this.rotation[job.lane];
      rotation.splice(rotation.indexOf(job.client), 1);
    }
    this.forget(job.client, state);
    return true;
  }

  /** Every job waiting, taken out. */
  drain(): T[] {
    const waiting = [...this.clients.values()].flatMap((c) => [...c.queues.server.splice(0), ...c.queues.client.splice(0)]);
    this.rotation.client = [];
    this.rotation.server = [];
    this.size = 0;
    for (const [client, state] of [...this.clients]) this.forget(client, state);
    return waiting;
  }

  /** Clients with something running or waiting (or still heavy), and how many of them are heavy. */
  clientCounts(): { clients: number; heavy: number } {
    const now = Date.now();
    let heavy = 0;
    for (const state of this.clients.values()) if (state.heavyUntil > now) heavy++;
    return { clients: this.clients.size, heavy };
  }

  /** Drops a client's state once it has nothing running or waiting and is not heavy. */
  private forget(client: string, state: ClientState<T>): void {
    if (state.running === 0 && state.queues.client.length === 0 && state.queues.server.length === 0 && state.heavyUntil <= Date.now()) {
      this.clients.delete(client);
    }
  }
}
