/**
 * Publishing a snapshot into the benchmark's Virtuoso: the one place that chooses how. Until
 * segraph's own `publish()` (src/store/publish.ts) is on this branch, the benchmark's stand-in
 * bulk load (bench/store-load.ts), which writes the same layout.
 */
import type { VirtuosoInstance } from '../src/store/virtuoso-instance.js';
import { benchPublish, type PublishFigures } from './store-load.js';
import type { BenchSnapshot } from './store-snapshot.js';

export type { PublishFigures };

export function publishSnapshot(snapshot: BenchSnapshot, v: VirtuosoInstance): Promise<PublishFigures> {
  return benchPublish(snapshot, v.isqlPort, v.loadDir);
}
