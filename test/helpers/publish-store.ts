/**
 * A SPARQL store (Virtuoso) for the publish tests, never a mock: a throw-away Virtuoso for the
 * test file when `virtuoso-t` is on PATH (stopped after it). Always its own, never the store CI
 * starts for the `store` project (SEGRAPH_TEST_STORE): these tests publish other versions, remove
 * them and break counts on purpose, which the HTTP suite served from that store must not see.
 * Without Virtuoso the tests fail when CI is set and are skipped, saying why, otherwise.
 *
 * Named publish-store.ts, not store.ts: the remote engine's tests have a helper of that name.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtuoso, type VirtuosoInstance } from '../../src/store/virtuoso-instance.js';

export interface TestStore {
  readonly endpoint: string;
  readonly isqlPort: number;
  readonly loadDir: string;
  stop(): Promise<void>;
}

/** Why there is no store here, or undefined when there is one. */
export function noStoreReason(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v virtuoso-t'], { encoding: 'utf8' });
  if (found.status === 0) return undefined;
  const reason = 'no SPARQL store: install virtuoso-opensource-7 (virtuoso-t)';
  if (process.env.CI) throw new Error(`CI is set but ${reason}`);
  return reason;
}

/** The store the tests publish to. */
export async function publishStore(): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), 'segraph-virtuoso-'));
  let instance: VirtuosoInstance;
  try {
    instance = await startVirtuoso({ dir, buffers: 20_000 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: instance.endpoint,
    isqlPort: instance.isqlPort,
    loadDir: instance.loadDir,
    async stop() {
      await instance.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
