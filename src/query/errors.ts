/**
 * The errors of the `Engine` contract: what any engine (the embedded worker pool, the remote
 * store of remote-engine.ts) raises when it refuses or loses a query. The HTTP layer maps each to
 * one coded error.
 */

/** The query ran past its deadline (queueing included) and was stopped. */
export class DeadlineError extends Error {
  constructor(readonly deadlineMs: number, readonly queued: boolean) {
    super(`The query ran past the ${deadlineMs / 1000} s deadline and was stopped.`);
  }
}

/** Every worker is busy and the shared queue is full. */
export class BusyError extends Error {
  constructor(message = 'All query workers are busy and the queue is full; try again shortly.', readonly retryAfterSeconds = 1) {
    super(message);
  }
}

/** One client has more queries waiting than the per-client limit allows. */
export class ClientLimitError extends Error {
  constructor(readonly limit: number, readonly retryAfterSeconds = 1) {
    super(`You have ${limit} queries waiting for a worker already, the most one client may; wait for some to be answered.`);
  }
}

/** A worker stopped while running the query (killed, or out of memory). */
export class WorkerCrashError extends Error {}

/**
 * No query worker is alive and starting new ones keeps failing (or, for a remote engine, the
 * store cannot be reached): the query was not run. `reason` says so for the client (not the
 * fault's detail, which is the operator's: logged, and in the health report);
 * `retryAfterSeconds` is when the engine tries again.
 */
export class EngineUnavailableError extends Error {
  constructor(readonly reason: string, readonly retryAfterSeconds = 1) {
    super(`The query engine is unavailable: ${reason}. Try again in ${retryAfterSeconds} s.`);
  }
}

/**
 * The engine trapped while evaluating the query: a WebAssembly trap (Oxigraph's stack ran into
 * its heap: "memory access out of bounds"), a JavaScript stack overflow, or a panic
 * ("unreachable"). The worker that ran it is never reused. `reason` tells which: `stack` and
 * `trap` come from the shape of the query (too deep or too long); `panic` is an engine fault the
 * query happened to trigger.
 */
export class EngineTrapError extends Error {
  constructor(readonly reason: 'stack' | 'trap' | 'panic', readonly detail: string) {
    super(reason === 'panic'
      ? `The query engine failed on this query (${detail}); the worker that ran it was replaced.`
      : `The query is too complex for the engine: evaluating it ran out of stack (${detail}). Nest less deeply or split long sequences; the worker that ran it was replaced.`);
  }
}

/** The server is stopping: the query was not run, or was cut at the end of the grace period. */
export class ShutdownError extends Error {
  constructor() {
    super('The server is shutting down; send the query again in a moment (to this or another instance).');
  }
}

/** A source file could not be loaded. */
export class LoadError extends Error {
  constructor(readonly path: string, readonly detail: string) {
    super(`${path}: ${detail}`);
  }
}

/**
 * Whether an error thrown inside a worker leaves its Oxigraph instance unusable, and why.
 * A WebAssembly RuntimeError means Rust code was cut off mid-way (its stack pointer, locks and
 * allocator may be left in any state); a RangeError for the call stack can fire inside Wasm as
 * well. Either way the instance is not trusted again.
 */
export function trapOf(error: unknown): { reason: 'stack' | 'trap' | 'panic'; detail: string } | undefined {
  if (error instanceof WebAssembly.RuntimeError) {
    const detail = error.message;
    return { reason: /unreachable|panic/i.test(detail) ? 'panic' : 'trap', detail: `WebAssembly: ${detail}` };
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) return { reason: 'stack', detail: error.message };
  return undefined;
}
