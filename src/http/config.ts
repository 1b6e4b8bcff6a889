/**
 * The server's configuration: one object, built once at start-up — by `segraph serve` from its
 * flags and environment (src/cli/serve-command.ts), by tests with `serverConfig` — and given to
 * the engine (its limits, its share of the cache) and to `createApp` (everything else). Nothing
 * in it is read from a request, and nothing changes it while the server runs.
 */
import { DEFAULT_QUERY_SHAPE_LIMITS, type QueryShapeLimits } from '../query/query-shape.js';
import type { SiteConfig } from './site-config.js';

/** `*`: any origin may read (the data is public); a list of origins (`https://host[:port]`); `none`: no CORS. */
export type CorsOrigin = '*' | 'none' | readonly string[];

/** What one request may ask of the server; each is a `segraph serve` flag (README, "Limits"). */
export interface Limits {
  /** A query running longer (queueing included) is stopped: 503 query_timeout. */
  readonly deadlineMs: number;
  /** Result rows returned at most; more are cut and flagged. */
  readonly maxRows: number;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** The request line and header fields together, in bytes. */
  readonly maxHeaderBytes: number;
  /** The nesting and length of a query sent to /sparql. */
  readonly query: QueryShapeLimits;
}

export const DEFAULT_LIMITS: Limits = {
  deadlineMs: 10_000,
  maxRows: 10_000,
  maxBodyBytes: 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  query: DEFAULT_QUERY_SHAPE_LIMITS,
};

/**
 * The memory the server keeps answers in: one budget (`--cache-size`), shared out among the three
 * caches, each an LRU bounded by bytes. 0 turns all three off.
 */
export interface CacheBudget {
  readonly totalBytes: number;
  /** Query results as the engine returned them (serialized), keyed by graph version and request: half. */
  readonly resultBytes: number;
  /** Those answers and API bodies compressed (br, gzip), so a repeat is not compressed again: three eighths. */
  readonly compressedBytes: number;
  /** Resource documents framed as JSON-LD (framing costs milliseconds): one eighth. */
  readonly framedBytes: number;
}

export const DEFAULT_CACHE_BYTES = 128 * 1024 * 1024;

/** The budget of `totalBytes`, shared out. */
export function cacheBudget(totalBytes: number): CacheBudget {
  const eighth = Math.floor(totalBytes / 8);
  return { totalBytes, resultBytes: totalBytes - 4 * eighth, compressedBytes: 3 * eighth, framedBytes: eighth };
}

export interface ServerConfig {
  /** The base IRI the data mints under and the URL clients reach this server at. */
  readonly site: SiteConfig;
  readonly limits: Limits;
  readonly cache: CacheBudget;
  /** Trust X-Forwarded-* from a reverse proxy (for the client address and the scheme and host of the request). */
  readonly trustProxy: boolean;
  /** Which browser origins may read our answers (CORS). */
  readonly corsOrigin: CorsOrigin;
}

export interface ServerConfigOptions {
  readonly limits?: Partial<Limits>;
  readonly cacheBytes?: number;
  readonly trustProxy?: boolean;
  readonly corsOrigin?: CorsOrigin;
}

/** A configuration with the defaults for everything `options` does not give. */
export function serverConfig(site: SiteConfig, options: ServerConfigOptions = {}): ServerConfig {
  return {
    site,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    cache: cacheBudget(options.cacheBytes ?? DEFAULT_CACHE_BYTES),
    trustProxy: options.trustProxy ?? false,
    corsOrigin: options.corsOrigin ?? '*',
  };
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => (bytes % MIB === 0 ? `${bytes / MIB}` : (bytes / MIB).toFixed(1));

/** One line for the start banner: `caches 128 MiB (results 64, compressed 48, JSON-LD documents 16)`. */
export function describeCache(cache: CacheBudget): string {
  if (cache.totalBytes === 0) return 'caches off';
  return `caches ${mib(cache.totalBytes)} MiB (results ${mib(cache.resultBytes)}, compressed answers ${mib(cache.compressedBytes)}, JSON-LD documents ${mib(cache.framedBytes)})`;
}
