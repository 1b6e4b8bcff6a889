/**
 * The seed graph's snapshot, built once per vitest run by test/helpers/global-setup.ts.
 * Read-only: a test that needs to change or rebuild it builds its own copy.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildProject } from '../../src/graph/build.js';
import type { Manifest, SnapshotPaths } from '../../src/graph/snapshot.js';
import { ROOT } from './project.js';

export interface SeedSnapshot { readonly manifest: Manifest; readonly paths: SnapshotPaths }

let fallback: Promise<SeedSnapshot> | undefined;

/** The shared seed snapshot; built here (once per file) only when no globalSetup provided one. */
export function seedSnapshot(): Promise<SeedSnapshot> {
  const provided = inject('seedSnapshot');
  if (provided) return Promise.resolve(provided);
  fallback ??= mkdtemp(join(tmpdir(), 'segraph-seed-')).then((buildDir) => buildProject({ root: ROOT, buildDir }));
  return fallback;
}
