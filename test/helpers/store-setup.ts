/**
 * vitest globalSetup of the `store` project: a real Virtuoso with the seed graph published to it by
 * `segraph publish`'s own code, so that the HTTP suite runs over the scale tier exactly as it runs
 * over the embedded engine (vitest.config.ts lists the files; test/helpers/server.ts serves them
 * from the store). The store is the one `.ci/run` started (SEGRAPH_TEST_STORE, …_ISQL, …_LOAD_DIR),
 * or else a throw-away one started here and stopped at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildProject } from '../../src/graph/build.js';
import { publish } from '../../src/store/publish.js';
import { startVirtuoso, type VirtuosoInstance } from '../../src/store/virtuoso-instance.js';
import { ROOT } from './project.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The store the `store` project serves from: its SPARQL endpoint and the seed version published there. */
    testStore: { readonly endpoint: string; readonly version: string; readonly isqlPort: number; readonly loadDir: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let instance: VirtuosoInstance | undefined;
  let dir: string | undefined;
  let endpoint = process.env.SEGRAPH_TEST_STORE;
  let isqlPort = Number(process.env.SEGRAPH_TEST_STORE_ISQL ?? 1111);
  let loadDir = process.env.SEGRAPH_TEST_STORE_LOAD_DIR ?? '';
  if (!endpoint) {
    dir = await mkdtemp(join(tmpdir(), 'segraph-test-virtuoso-'));
    instance = await startVirtuoso({ dir, buffers: 50_000 });
    ({ endpoint, isqlPort, loadDir } = instance);
  }
  const buildDir = await mkdtemp(join(tmpdir(), 'segraph-store-seed-'));
  const { manifest, paths } = await buildProject({ root: ROOT, buildDir });
  await publish({
    snapshot: { manifest, nquads: paths.nquads }, to: endpoint,
    credentials: { user: 'dba', password: 'dba' }, isqlPort, ...(loadDir ? { bulkDir: loadDir } : {}),
  });
  project.provide('testStore', { endpoint, version: manifest.version, isqlPort, loadDir });
  return async () => {
    await rm(buildDir, { recursive: true, force: true });
    await instance?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
