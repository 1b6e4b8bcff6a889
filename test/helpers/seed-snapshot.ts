/**
 * The seed graph's snapshot, built once per vitest run by test/helpers/global-setup.ts.
 * Read-only: a test that needs to change or rebuild it builds its own copy.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildProject } from '../../src/graph/build.js';
import type { Manifest, SnapshotPaths } from '../../src/graph/snapshot.js';
import { ROOT } from './project.js';

export interface SeedSnapshot {
  readonly manifest: Manifest;
  readonly paths: SnapshotPaths;
  /** The build directory holding it (current.json, snapshots/): `segraph serve --root ROOT --build-dir` it serves it as is. */
  readonly buildDir: string;
}

let fallback: Promise<SeedSnapshot> | undefined;

/** The shared seed snapshot; built here (once per file) only when no globalSetup provided one. */
export function seedSnapshot(): Promise<SeedSnapshot> {
  const provided = inject('seedSnapshot');
  if (provided) return Promise.resolve(provided);
  fallback ??= mkdtemp(join(tmpdir(), 'segraph-seed-')).then(async (buildDir) => ({ buildDir, ...(await buildProject({ root: ROOT, buildDir })) }));
  return fallback;
}

/**
 * Copies the shared seed build (current.json and the snapshot) into `buildDir`, e.g. a project
 * copy's build/: `segraph serve` then finds it up to date with the copy's unchanged sources and
 * serves it without building, and the test may change or rebuild beside it freely.
 */
export async function copySeedBuild(buildDir: string): Promise<void> {
  await cp((await seedSnapshot()).buildDir, buildDir, { recursive: true });
}
