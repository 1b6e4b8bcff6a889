/**
 * A SPARQL store (Virtuoso) for the publish tests, never a mock: the one named by
 * SEGRAPH_TEST_STORE (its query endpoint), SEGRAPH_TEST_STORE_ISQL (its SQL port) and
 * SEGRAPH_TEST_STORE_LOAD_DIR (a directory of its DirsAllowed this process can write) if set; else
 * a throw-away Virtuoso for the test file when `virtuoso-t` is on PATH (stopped after it). With
 * neither, the tests fail when CI is set and are skipped, saying why, otherwise.
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
  if (process.env.SEGRAPH_TEST_STORE) return undefined;
  const found = spawnSync('sh', ['-c', 'command -v virtuoso-t'], { encoding: 'utf8' });
  if (found.status === 0) return undefined;
  const reason = 'no SPARQL store: set SEGRAPH_TEST_STORE (+ _ISQL, _LOAD_DIR) or install virtuoso-opensource-7 (virtuoso-t)';
  if (process.env.CI) throw new Error(`CI is set but ${reason}`);
  return reason;
}

/** The store the tests publish to. */
export async function publishStore(): Promise<TestStore> {
  const env = process.env;
  if (env.SEGRAPH_TEST_STORE) {
    return {
      endpoint: env.SEGRAPH_TEST_STORE,
      isqlPort: Number(env.SEGRAPH_TEST_STORE_ISQL ?? 1111),
      loadDir: env.SEGRAPH_TEST_STORE_LOAD_DIR ?? '',
      stop: () => Promise.resolve(),
    };
  }
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
