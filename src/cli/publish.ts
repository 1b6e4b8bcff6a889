/** `segraph publish`: the current snapshot into a SPARQL store, atomically (src/store/publish.ts). */
import { UsageProblem, type PUBLISH_FLAGS, type Values } from './args.js';
import type { Io } from './output.js';
import { readCurrentSnapshot } from '../graph/snapshot.js';
import { progressReporter, type ProgressSink } from '../store/progress.js';
import { publish, PublishError, type PublishOptions } from '../store/publish.js';

export interface PublishArgs {
  readonly buildDir: string;
  readonly values: Values<typeof PUBLISH_FLAGS>;
  /** Where the progress goes (default stderr: a bar on a terminal, lines otherwise). */
  readonly progress?: ProgressSink;
}

const integer = (name: string, text: string | undefined, min: number): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageProblem(`--${name}: '${text}' is not an integer from ${min} up`, 'publish');
  return value;
};

export async function publishCommand(args: PublishArgs, io: Io): Promise<number> {
  const v = args.values;
  const fail = (message: string) => {
    io.err(`publish: failed: ${message}`);
    return 1;
  };
  // Usage errors (exit 2) before anything is read or asked.
  if (!v.to) throw new UsageProblem('--to URL is required: the store\'s SPARQL endpoint, e.g. --to http://127.0.0.1:8890/sparql', 'publish');
  if (v.loader !== undefined && !['auto', 'bulk', 'http'].includes(v.loader)) throw new UsageProblem(`--loader: '${v.loader}' is not one of auto, bulk, http`, 'publish');
  const keep = integer('keep', v.keep, 1);
  const isqlPort = integer('isql-port', v['isql-port'], 1);
  const piece = integer('piece (SEGRAPH_PUBLISH_PIECE)', process.env.SEGRAPH_PUBLISH_PIECE || undefined, 1);
  // Publishing puts a version before the users of the store: it must be one somebody built (and
  // looked at), so a missing snapshot is an error, not a reason to build one here.
  const snapshot = await readCurrentSnapshot(args.buildDir);
  if (!snapshot) return fail(`no snapshot in ${args.buildDir}: run 'segraph build' first`);
  const env = process.env;
  const user = env.SEGRAPH_STORE_USER;
  const password = env.SEGRAPH_STORE_PASSWORD;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const progress = progressReporter(args.progress ?? process.stderr);
  try {
    const options: PublishOptions = {
      snapshot: { manifest: snapshot.manifest, nquads: snapshot.paths.nquads },
      to: v.to,
      ...(v['update-endpoint'] ? { updateEndpoint: v['update-endpoint'] } : {}),
      ...(v['graph-store'] ? { graphStore: v['graph-store'] } : {}),
      ...(user !== undefined || password !== undefined ? { credentials: { user: user ?? 'dba', password: password ?? '' } } : {}),
      ...(keep !== undefined ? { keep } : {}),
      loader: (v.loader ?? 'auto') as 'auto' | 'bulk' | 'http',
      ...(isqlPort !== undefined ? { isqlPort } : {}),
      ...(v['bulk-dir'] ? { bulkDir: v['bulk-dir'] } : {}),
      // Quads per piece: a tuning and test knob, not an option users need.
      ...(piece !== undefined ? { pieceTriples: piece } : {}),
      progress: progress.report,
      log: (m) => io.err(`publish: ${m}`),
      signal: controller.signal,
    };
    io.err(`publish: version ${snapshot.manifest.version} (${snapshot.manifest.quads.toLocaleString('en')} quads) to ${v.to}`);
    const r = await publish(options);
    progress.end();
    if (r.outcome === 'unchanged') {
      io.out(`publish: version ${r.version} is already published: nothing to do`);
      return 0;
    }
    const seconds = r.loadMs / 1000;
    if (r.reused) io.out(`publish: ok: version ${r.version} was in the store already, complete: switched to it (switch ${r.switchMs.toFixed(0)} ms)`);
    else io.out(`publish: ok: version ${r.version} published with the ${r.loader} loader: ${r.quads.toLocaleString('en')} quads in ${seconds.toFixed(1)} s (${Math.round(r.quads / Math.max(seconds, 0.001)).toLocaleString('en')} quads/s), switch ${r.switchMs.toFixed(0)} ms`);
    io.out(`  previous: ${r.previous ?? 'none'}; removed: ${r.removed.length > 0 ? r.removed.join(', ') : 'none'}`);
    return 0;
  } catch (error) {
    progress.end();
    if (error instanceof PublishError) return fail(error.message);
    if (controller.signal.aborted) return fail('interrupted before loading: nothing was changed in the store');
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
