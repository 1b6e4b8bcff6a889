/**
 * `GET /healthz`: whether this instance should get traffic, for load balancers and operators.
 * 200 while it can answer: `ready`, or `degraded` (fewer query workers than configured);
 * 503 with `Retry-After` otherwise: `starting`, `unavailable` (no worker runs and starting one
 * fails), `stopping`. Never cached; it runs no query, so it answers at once even when every
 * worker is busy.
 */
import { Router, type Request, type Response } from 'express';
import type { CacheUse, Engine } from '../query/engine.js';
import { methodNotAllowed } from './errors.js';

/** What the server's life cycle tells the app: set `stopping` when a stop begins. */
export interface Lifecycle {
  stopping: boolean;
  /** Requests being answered now. */
  inFlight: number;
}

/** The cache budget and how full each of its caches is (src/http/config.ts). */
export interface CacheReport {
  readonly budgetBytes: number;
  readonly results?: CacheUse;
  readonly compressed: CacheUse;
  readonly jsonld: CacheUse;
}

/** `caches`: the cache report, given the engine's result cache (from the health already read). */
export function healthRouter(engine: Engine, lifecycle: Lifecycle, caches?: (results: CacheUse | undefined) => CacheReport): Router {
  const router = Router();
  const started = Date.now();
  router.route('/healthz')
    .get((_req: Request, res: Response) => {
      const health = engine.health();
      const status = lifecycle.stopping ? 'stopping' : health.status;
      const answering = status === 'ready' || status === 'degraded';
      const memory = process.memoryUsage();
      res.status(answering ? 200 : 503).set('Cache-Control', 'no-store');
      if (!answering) res.set('Retry-After', String(status === 'stopping' ? 1 : health.retryAfterSeconds ?? 1));
      res.type('application/json').send(JSON.stringify({
        status,
        graph: { version: engine.version, quads: engine.stats.quads, graphs: engine.stats.graphs.length },
        engine: engine.description,
        ...(health.workers ? { workers: health.workers } : {}),
        ...(health.store ? { store: health.store } : {}),
        requestsInFlight: lifecycle.inFlight,
        ...(caches ? { caches: caches(health.resultCache) } : {}),
        memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, ...(health.workers?.bytesPerWorker ? { bytesPerWorker: health.workers.bytesPerWorker } : {}) },
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
      }, null, 2) + '\n');
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}

/** Counts requests in flight (for a graceful stop) and asks clients to close kept-alive connections once stopping. */
export function lifecycleMiddleware(lifecycle: Lifecycle) {
  return (_req: Request, res: Response, next: () => void) => {
    lifecycle.inFlight++;
    if (lifecycle.stopping) res.set('Connection', 'close');
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      lifecycle.inFlight--;
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };
}
