/**
 * vitest globalSetup: builds the seed graph once per run, into a temporary directory, and
 * `provide`s where it is; test/helpers/seed-snapshot.ts `inject`s it. Runs for a single-file run
 * too. Tests treat the snapshot as read-only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildProject } from '../../src/graph/build.js';
import type { Manifest, SnapshotPaths } from '../../src/graph/snapshot.js';
import { ROOT } from './project.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The seed graph built once for the run: its snapshot paths and manifest, and the build
     * directory holding it (current.json and snapshots/), which `segraph serve --root ROOT
     * --build-dir DIR` finds up to date and serves without building.
     */
    seedSnapshot: { readonly manifest: Manifest; readonly paths: SnapshotPaths; readonly buildDir: string };
  }
}

interface Shared { readonly built: Promise<{ buildDir: string; manifest: Manifest; paths: SnapshotPaths }>; users: number }

/**
 * One build for every project of the run that sets this file up (vitest loads this module once per
 * project, all in its main process: hence a global), removed when the last project is done.
 */
const KEY = Symbol.for('segraph.test.seedSnapshot');
const registry = globalThis as { [KEY]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (registry[KEY] ??= {
    built: mkdtemp(join(tmpdir(), 'segraph-seed-once-')).then(async (buildDir) => ({ buildDir, ...(await buildProject({ root: ROOT, buildDir })) })),
    users: 0,
  });
  shared.users++;
  const { buildDir, manifest, paths } = await shared.built;
  project.provide('seedSnapshot', { manifest, paths, buildDir });
  return async () => {
    if (--shared.users > 0) return;
    delete registry[KEY];
    await rm(buildDir, { recursive: true, force: true });
  };
}
