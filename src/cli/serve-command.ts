/** `segraph serve` on the command line: options and environment, then run until a signal. */
import { DEFAULT_CACHE_BYTES, DEFAULT_LIMITS, type CorsOrigin } from '../http/config.js';
import { siteIriProblem } from '../http/site-config.js';
import { helpPointer, SERVE_FLAGS, type Values } from './args.js';
import type { Io } from './output.js';
import { DEFAULT_BASE } from '../vocab/namespace.js';
import { ConfigError, parseLoad, startServer, UsageError, type ServeOptions } from './serve.js';

export interface ServeArgs {
  readonly root: string;
  readonly buildDir: string;
  /** Where the releases are (`--releases-dir`, default ROOT/releases): served under /releases/ and in the catalogue. */
  readonly releasesDir?: string;
  /** The parsed options of `segraph serve` (args.ts), by flag name. */
  readonly values: Values<typeof SERVE_FLAGS>;
}

const env = process.env;

/** The environment variable of a serve option, as declared in args.ts. */
type WithEnv = { [K in keyof typeof SERVE_FLAGS]: (typeof SERVE_FLAGS)[K] extends { env: string } ? K : never }[keyof typeof SERVE_FLAGS];
const fromEnv = (name: WithEnv): string | undefined => env[SERVE_FLAGS[name].env];

function number(name: string, text: string | undefined, fallback: number, check: (n: number) => boolean): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) throw new ConfigError(`${name}: '${text}' is not a valid value`);
  return n;
}

const positiveInteger = (n: number) => Number.isInteger(n) && n >= 1;

/** `1mb`, `512kb`, `2gb`, `65536` → bytes. */
export function parseSize(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(text.trim());
  if (!m) throw new ConfigError(`${name}: '${text}' is not a size (e.g. 1mb, 512kb, 65536)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1;
  return Math.round(Number(m[1]) * factor);
}

/** `--max-header-size`: 1 KiB at least (a request head must fit), Node's 16 KiB by default. */
function maxHeaderSize(name: string, text: string | undefined): number {
  const n = parseSize(name, text, DEFAULT_LIMITS.maxHeaderBytes);
  if (!Number.isInteger(n) || n < 1024 || n > 2 ** 31 - 1) throw new ConfigError(`${name}: '${text}' is not a size from 1kb up`);
  return n;
}

/** `--cache-size`: the one cache budget in bytes (0 turns caching off). */
function cacheSize(name: string, text: string | undefined): number {
  const n = parseSize(name, text, DEFAULT_CACHE_BYTES);
  if (!Number.isSafeInteger(n)) throw new ConfigError(`${name}: '${text}' is not a size`);
  return n;
}

/**
 * `--cors-origin`: `*` (the default: any origin may read), `none`, or a comma-separated list of
 * origins, each `http(s)://host[:port]` (normalised as browsers send them in `Origin`).
 */
export function parseCorsOrigin(text: string | undefined, name = '--cors-origin'): CorsOrigin {
  const value = (text ?? '').trim();
  if (value === '' || value === '*') return '*';
  if (value.toLowerCase() === 'none') return 'none';
  const origins = value.split(',').map((o) => o.trim()).filter((o) => o !== '');
  return origins.map((o) => {
    const url = /^https?:\/\/[^/?#@\s]+\/?$/i.test(o) ? URL.parse(o) : null;
    if (!url) throw new ConfigError(`${name}: '${o}' is not an origin such as https://app.example.org (scheme, host and port only), '*' or 'none'`);
    return url.origin;
  });
}

/** `--base`, `--public-url`: an absolute http(s) IRI ending in `/` (src/http/site-config.ts). */
function siteIri(name: string, text: string): string {
  const problem = siteIriProblem(text);
  if (problem) throw new ConfigError(`${name}: '${text}' ${problem}; give an absolute http(s) IRI ending in /, e.g. https://data.example.org/segraph/`);
  return text;
}

/**
 * `--engine` and `--endpoint`: the embedded engine (the default), or a SPARQL store, which needs
 * its endpoint, an http(s) URL. With a store there are no local files to load and no query
 * workers, so --load, --no-seed, --workers and --max-workers are refused rather than ignored.
 */
function engineChoice(v: ServeArgs['values'], label: (name: WithEnv) => string): Pick<ServeOptions, 'engine' | 'endpoint'> {
  const name = v.engine ?? fromEnv('engine') ?? '';
  const endpoint = v.endpoint ?? fromEnv('endpoint') ?? '';
  if (name === '' || name === 'embedded') {
    if (v.endpoint !== undefined) throw new ConfigError('--endpoint needs --engine sparql');
    return { engine: 'embedded' };
  }
  if (name !== 'sparql') throw new ConfigError(`${label('engine')}: '${name}' is not an engine; give embedded or sparql`);
  if (endpoint === '') throw new ConfigError(`${label('engine')} sparql needs --endpoint URL (or SEGRAPH_ENDPOINT), the SPARQL endpoint of the store`);
  const url = URL.parse(endpoint);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new ConfigError(`${label('endpoint')}: '${endpoint}' is not an http(s) URL such as http://127.0.0.1:8890/sparql`);
  }
  for (const flag of ['load', 'no-seed', 'workers', 'max-workers'] as const) {
    if (v[flag] !== undefined) throw new ConfigError(`--${flag} makes no sense with --engine sparql: the store holds the data and runs the queries`);
  }
  return { engine: 'sparql', endpoint: url.href };
}

/** Reads the options and environment of `segraph serve`; throws a ConfigError naming the first bad one. */
export function serveOptions(args: ServeArgs): ServeOptions {
  const v = args.values;
  /** How a message names the value: by its flag, or by its variable when that set it. */
  const label = (name: WithEnv): string => (v[name] !== undefined ? `--${name}` : `${SERVE_FLAGS[name].env} (--${name})`);
  /** The flag's value, else its variable's. */
  const text = (name: Exclude<WithEnv, 'trust-proxy'>): string | undefined => v[name] ?? fromEnv(name);
  const engine = engineChoice(v, label);
  const workers = number(label('workers'), text('workers'), 2, (n) => Number.isInteger(n) && n >= 1 && n <= 64);
  const maxWorkersText = text('max-workers');
  const maxWorkers = maxWorkersText === undefined || maxWorkersText === '' || maxWorkersText === 'auto'
    ? 'auto' as const
    : number(label('max-workers'), maxWorkersText, workers, (n) => Number.isInteger(n) && n >= workers && n <= 64);
  const clientConcurrency = text('client-concurrency');
  const seed = !v['no-seed'];
  const loads = v.load ?? [];
  if (!seed && loads.length === 0 && engine.engine === 'embedded') throw new ConfigError('--no-seed needs at least one --load FILE');
  for (const load of loads) parseLoad(load, process.cwd()); // an unknown file type is a usage error too
  const publicUrl = text('public-url');
  return {
    root: args.root,
    buildDir: args.buildDir,
    ...(args.releasesDir !== undefined ? { releasesDir: args.releasesDir } : {}),
    ...engine,
    host: text('host') ?? '127.0.0.1',
    port: number(label('port'), text('port'), 3000, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
    seed,
    loads,
    workers,
    maxWorkers,
    clientQueue: number(label('client-queue'), text('client-queue'), 16, (n) => Number.isInteger(n) && n >= 0),
    ...(clientConcurrency !== undefined && clientConcurrency !== ''
      ? { clientConcurrency: number(label('client-concurrency'), clientConcurrency, workers, (n) => Number.isInteger(n) && n >= 1) }
      : {}),
    longQueryMs: Math.round(1000 * number(label('long-query'), text('long-query'), 1, (n) => n > 0)),
    graceMs: Math.round(1000 * number(label('grace'), text('grace'), 10, (n) => n >= 0)),
    limits: {
      deadlineMs: Math.round(1000 * number(label('deadline'), text('deadline'), DEFAULT_LIMITS.deadlineMs / 1000, (n) => n > 0)),
      maxRows: number(label('max-rows'), text('max-rows'), DEFAULT_LIMITS.maxRows, positiveInteger),
      maxBodyBytes: parseSize(label('max-body'), text('max-body'), DEFAULT_LIMITS.maxBodyBytes),
      maxHeaderBytes: maxHeaderSize(label('max-header-size'), text('max-header-size')),
      query: {
        maxDepth: number(label('max-query-depth'), text('max-query-depth'), DEFAULT_LIMITS.query.maxDepth, positiveInteger),
        maxSequence: number(label('max-query-sequence'), text('max-query-sequence'), DEFAULT_LIMITS.query.maxSequence, positiveInteger),
        maxEvalDepth: number(label('max-query-eval-depth'), text('max-query-eval-depth'), DEFAULT_LIMITS.query.maxEvalDepth, positiveInteger),
      },
    },
    cacheBytes: cacheSize(label('cache-size'), text('cache-size')),
    trustProxy: v['trust-proxy'] === true || fromEnv('trust-proxy') === '1',
    corsOrigin: parseCorsOrigin(text('cors-origin'), label('cors-origin')),
    base: siteIri(label('base'), v.base ?? (fromEnv('base') || DEFAULT_BASE)),
    ...(publicUrl !== undefined && publicUrl !== '' ? { publicUrl: siteIri(label('public-url'), publicUrl) } : {}),
  };
}

/** Runs the server until SIGINT or SIGTERM; resolves to the exit code. */
export async function serveCommand(args: ServeArgs, io: Io): Promise<number> {
  let running;
  try {
    running = await startServer(serveOptions(args), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`serve: ${error.message}`);
      if (!(error instanceof ConfigError)) return 1; // cannot load or listen
      io.err(helpPointer('serve')); // a usage error: a bad flag or environment value
      return 2;
    }
    throw error;
  }
  const { stop, lifecycle } = running;
  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) {
        io.err(`serve: ${signal} again, stopping now`);
        void stop(0).then(() => resolveExit(0));
        return;
      }
      stopping = true;
      const n = lifecycle.inFlight;
      io.err(`serve: ${signal}, stopping${n > 0 ? `; letting ${n} request(s) in flight finish` : ''}`);
      void stop().then(() => {
        io.err('serve: stopped');
        resolveExit(0);
      });
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}
