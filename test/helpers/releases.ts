/**
 * A releases directory for tests, in a temporary directory: release 0.9.0 (2026-01-15), the seed
 * graph without one practice (people-made, with its hash-IRI funding nodes and citations), and
 * release 1.0.0 (2026-02-01), the seed graph itself, whose notes therefore list that practice as
 * added, with its triples. A server of the seed snapshot serves 1.0.0.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { createRelease, type Release } from '../../src/graph/release.js';
import { countQuads } from '../../src/graph/snapshot.js';
import { seedSnapshot } from './seed-snapshot.js';

export const REMOVED_PRACTICE = 'https://w3id.org/segraph/id/practice/people-made';

export interface ReleasesFixture {
  readonly dir: string;
  readonly older: Release;
  readonly newer: Release;
  /** The seed graph's canonical N-Quads (what 1.0.0's graph.nq.gz holds). */
  readonly nquads: string;
}

/** A ReleaseSource of canonical N-Quads text. */
export function sourceOf(nquads: string) {
  const sha256 = createHash('sha256').update(nquads).digest('hex');
  const quads = new N3.Parser({ format: 'application/n-quads' }).parse(nquads);
  return { version: sha256.slice(0, 16), sha256, ...countQuads(quads), nquads };
}

let made: Promise<ReleasesFixture> | undefined;

/** The fixture, made once per test file. Read-only. */
export function releasesFixture(): Promise<ReleasesFixture> {
  made ??= (async () => {
    const seed = await seedSnapshot();
    const nquads = await readFile(seed.paths.nquads, 'utf8');
    const without = nquads.split('\n').filter((l) => l !== '' && !l.startsWith(`<${REMOVED_PRACTICE}>`) && !l.startsWith(`<${REMOVED_PRACTICE}#`)).join('\n') + '\n';
    const dir = await mkdtemp(join(tmpdir(), 'segraph-releases-'));
    const older = await createRelease({ releasesDir: dir, version: '0.9.0', date: '2026-01-15', source: sourceOf(without), notes: 'Before <People Made> & co.' });
    const newer = await createRelease({
      releasesDir: dir, version: '1.0.0', date: '2026-02-01', notes: 'The seed graph.',
      source: { ...seed.manifest, nquads },
    });
    return { dir, older, newer, nquads };
  })();
  return made;
}
