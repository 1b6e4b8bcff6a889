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
    /** The seed graph built once for the run: its snapshot paths and manifest. */
    seedSnapshot: { readonly manifest: Manifest; readonly paths: SnapshotPaths };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const buildDir = await mkdtemp(join(tmpdir(), 'segraph-seed-once-'));
  const { manifest, paths } = await buildProject({ root: ROOT, buildDir });
  project.provide('seedSnapshot', { manifest, paths });
  return () => rm(buildDir, { recursive: true, force: true });
}
