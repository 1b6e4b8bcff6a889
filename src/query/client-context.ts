/**
 * Which client a piece of work is for, carried along the request's asynchronous calls so that
 * the engine can share its workers fairly between clients without every caller passing the
 * address down (documents, questions and facets reach the engine through several layers).
 * The HTTP layer sets it once per request; a query run outside any request belongs to the
 * server itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it starts) on behalf of `client`. */
export function asClient<T>(client: string, fn: () => T): T {
  return context.run(client, fn);
}

/** The client the current work is for, if any. */
export function currentClient(): string | undefined {
  return context.getStore();
}
