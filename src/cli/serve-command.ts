/** `segraph serve` on the command line: options and environment, then run until a signal. */
import { DEFAULT_QUERY_SHAPE_LIMITS as QUERY_LIMITS } from '../query/query-shape.js';
import type { Io } from './output.js';
import { startServer, UsageError, type ServeOptions } from './serve.js';

export interface ServeArgs {
  readonly root: string;
  readonly buildDir: string;
  readonly values: {
    readonly host?: string | undefined;
    readonly port?: string | undefined;
    readonly load?: string[] | undefined;
    readonly 'no-seed'?: boolean | undefined;
    readonly workers?: string | undefined;
    readonly deadline?: string | undefined;
    readonly 'max-rows'?: string | undefined;
    readonly 'max-body'?: string | undefined;
    readonly 'max-query-depth'?: string | undefined;
    readonly 'max-query-sequence'?: string | undefined;
    readonly 'max-query-eval-depth'?: string | undefined;
    readonly 'trust-proxy'?: boolean | undefined;
  };
}

const env = process.env;

function number(name: string, text: string | undefined, fallback: number, check: (n: number) => boolean): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`${name}: '${text}' is not a valid value`);
  return n;
}

const positiveInteger = (n: number) => Number.isInteger(n) && n >= 1;

/** `1mb`, `512kb`, `65536` → bytes. */
export function parseSize(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${name}: '${text}' is not a size (e.g. 1mb, 512kb, 65536)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1;
  return Math.round(Number(m[1]) * factor);
}

export function serveOptions(args: ServeArgs): ServeOptions {
  const v = args.values;
  const seed = !v['no-seed'];
  const loads = v.load ?? [];
  if (!seed && loads.length === 0) throw new UsageError('--no-seed needs at least one --load FILE');
  return {
    root: args.root,
    buildDir: args.buildDir,
    host: v.host ?? env['HOST'] ?? '127.0.0.1',
    port: number('--port', v.port ?? env['PORT'], 3000, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
    seed,
    loads,
    workers: number('--workers', v.workers ?? env['SEGRAPH_WORKERS'], 2, (n) => Number.isInteger(n) && n >= 1 && n <= 64),
    deadlineMs: Math.round(1000 * number('--deadline', v.deadline ?? env['SEGRAPH_DEADLINE'], 10, (n) => n > 0)),
    maxRows: number('--max-rows', v['max-rows'] ?? env['SEGRAPH_MAX_ROWS'], 10_000, (n) => Number.isInteger(n) && n >= 1),
    maxBodyBytes: parseSize('--max-body', v['max-body'] ?? env['SEGRAPH_MAX_BODY'], 1024 * 1024),
    queryLimits: {
      maxDepth: number('--max-query-depth', v['max-query-depth'] ?? env['SEGRAPH_MAX_QUERY_DEPTH'], QUERY_LIMITS.maxDepth, positiveInteger),
      maxSequence: number('--max-query-sequence', v['max-query-sequence'] ?? env['SEGRAPH_MAX_QUERY_SEQUENCE'], QUERY_LIMITS.maxSequence, positiveInteger),
      maxEvalDepth: number('--max-query-eval-depth', v['max-query-eval-depth'] ?? env['SEGRAPH_MAX_QUERY_EVAL_DEPTH'], QUERY_LIMITS.maxEvalDepth, positiveInteger),
    },
    trustProxy: v['trust-proxy'] === true || env['SEGRAPH_TRUST_PROXY'] === '1',
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
      return 1;
    }
    throw error;
  }
  const { stop } = running;
  return new Promise<number>((resolveExit) => {
    const shutdown = (signal: string) => {
      io.err(`serve: ${signal}, stopping`);
      void stop().then(() => resolveExit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
