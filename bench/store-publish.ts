/**
 * Publishing a snapshot into the benchmark's Virtuoso with segraph's own `publish()`
 * (src/store/publish.ts, what `segraph publish --to URL` runs), so that the throughput and the
 * switch time are those of the real path: the bulk loader (isql `ld_dir` + `rdf_loader_run`
 * from Virtuoso's load directory), or the HTTP loader (Graph Store POSTs with Digest auth).
 * (The benchmark's stand-in bulk load before publish() existed is in the history: bench/store-load.ts.)
 */
import { publish, type LoaderName, type PublishResult } from '../src/store/publish.js';
import type { VirtuosoInstance } from '../src/store/virtuoso-instance.js';
import type { BenchSnapshot } from './store-snapshot.js';

/** What a publish took. */
export interface PublishFigures {
  readonly loader: LoaderName;
  readonly version: string;
  /** Quads of the snapshot (the throughput counts these, not their copies in the union graph). */
  readonly quads: number;
  /** `publish()`'s own figures: the version loaded, counted and marked complete; the one switching update. */
  readonly loadMs: number;
  readonly switchMs: number;
  /** The whole call, old versions' removal included. */
  readonly totalMs: number;
  /** Switched to a version kept in the store, without loading (a roll-back). */
  readonly reused: boolean;
  readonly removed: readonly string[];
}

/**
 * Publishes `snapshot` (under `version` if given: the same quads as another version) with `loader`.
 *
 * @example
 *   const figures = await publishSnapshot(snapshot, virtuoso, 'bulk');
 */
export async function publishSnapshot(
  snapshot: BenchSnapshot, v: VirtuosoInstance, loader: LoaderName, version?: string, log?: (line: string) => void,
): Promise<PublishFigures> {
  const manifest = version ? { ...snapshot.manifest, version } : snapshot.manifest;
  const started = performance.now();
  const r: PublishResult = await publish({
    snapshot: { manifest, nquads: snapshot.nquads }, to: v.endpoint, loader, isqlPort: v.isqlPort, bulkDir: v.loadDir,
    ...(log ? { log } : {}),
  });
  if (r.outcome !== 'published') throw new Error(`publish of ${manifest.version}: ${r.outcome}`);
  return {
    loader: r.loader, version: r.version, quads: r.quads, loadMs: r.loadMs, switchMs: r.switchMs,
    totalMs: performance.now() - started, reused: r.reused === true, removed: r.removed,
  };
}
