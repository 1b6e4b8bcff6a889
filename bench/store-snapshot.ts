/**
 * A synthetic graph as the snapshot `segraph publish` takes (src/graph/snapshot.ts): its N-Quads
 * file and a manifest built from what the generator counted while writing it (version = the
 * first 16 hex digits of the SHA-256 of the bytes, as `segraph build` names versions; quads per
 * named graph). Nothing is inferred or dumped: the generator writes the inferred triples itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../src/graph/snapshot.js';
import type { WrittenSynthetic } from './synthetic.js';

export interface BenchSnapshot {
  readonly manifest: Manifest;
  /** The N-Quads file. */
  readonly nquads: string;
  /** Where the manifest was written (beside nothing else: the bench needs no dumps). */
  readonly manifestPath: string;
}

/** The manifest of a synthetic file, written to `dir/manifest-{version}.json`. */
export function syntheticSnapshot(nquads: string, written: WrittenSynthetic, dir: string): BenchSnapshot {
  const manifest: Manifest = {
    version: written.sha256.slice(0, 16),
    sha256: written.sha256,
    builtAt: new Date().toISOString(),
    quads: written.quads,
    graphs: written.graphs,
    classes: {},
    files: [],
    inference: { rounds: 0, perRule: {} },
  };
  const manifestPath = join(dir, `manifest-${manifest.version}.json`);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { manifest, nquads, manifestPath };
}
