/**
 * Writes a versioned graph snapshot: `build/snapshots/<version>/graph.nq`, the dumps in
 * `dumps/` (src/graph/dumps.ts), the search index `search-index.json` (src/graph/search-index.ts)
 * and `manifest.json`, then points `build/current.json` at it.
 * Every write goes to a temporary directory first, which is renamed into place, so a build that
 * fails (or is killed) leaves the last good snapshot published.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Quad } from '@rdfjs/types';
import { writeSearchIndex, type SearchIndexFile } from './search-index.js';
import { RDF } from '../vocab/namespace.js';
import { DUMPS_DIR, writeDumps, type DumpFile } from './dumps.js';
import { toNQuads } from './store.js';

export interface Manifest {
  /** Content hash of the N-Quads (first 16 hex digits of SHA-256): the graph version. */
  readonly version: string;
  readonly sha256: string;
  /** When this snapshot's files were written. */
  readonly builtAt: string;
  /**
   * Since when the data has had this content: the `dataSince` (else `builtAt`) of the snapshot
   * that was current when this one was built, if that one had the same version; else `builtAt`.
   * A rebuild of unchanged data keeps it (the catalogue's dct:modified); absent in older snapshots.
   */
  readonly dataSince?: string;
  readonly quads: number;
  /** Quads per named graph. */
  readonly graphs: Record<string, number>;
  /** Distinct instances per class (asserted and inferred types), over the union of graphs. */
  readonly classes: Record<string, number>;
  /** The source files and their SHA-256, so a snapshot can be traced back to its inputs. */
  readonly files: ReadonlyArray<{ path: string; sha256: string }>;
  readonly inference: { rounds: number; perRule: Record<string, number> };
  /**
   * The dumps in `dumps/`: file name, media type, bytes and SHA-256 of each (absent in snapshots
   * built before dumps existed). Only these files are served under /dumps/.
   */
  readonly dumps?: readonly DumpFile[];
  /**
   * The full-text search index in the snapshot directory (absent in snapshots built before it
   * existed): served by GET /api/search.
   */
  readonly search?: SearchIndexFile;
}

export interface SnapshotPaths {
  readonly dir: string;
  readonly nquads: string;
  readonly manifest: string;
  /** The directory holding the dumps. */
  readonly dumps: string;
}

export const snapshotsDir = (buildDir: string) => join(buildDir, 'snapshots');
export const currentPointer = (buildDir: string) => join(buildDir, 'current.json');

const pathsOf = (dir: string): SnapshotPaths => ({
  dir, nquads: join(dir, 'graph.nq'), manifest: join(dir, 'manifest.json'), dumps: join(dir, DUMPS_DIR),
});

/** Sorted, de-duplicated N-Quads lines: the same graph always serializes to the same bytes. */
export function canonicalNQuads(quads: Iterable<Quad>): string {
  const lines = new Set(toNQuads(quads).split('\n').filter((line) => line.length > 0));
  return [...lines].sort().join('\n') + '\n';
}

/** Counts per graph and per class for the manifest. */
export function countQuads(quads: readonly Quad[]): Pick<Manifest, 'graphs' | 'classes' | 'quads'> {
  const graphs: Record<string, number> = {};
  const instances = new Map<string, Set<string>>();
  for (const q of quads) {
    graphs[q.graph.value] = (graphs[q.graph.value] ?? 0) + 1;
    if (q.predicate.value === RDF.type && q.object.termType === 'NamedNode') {
      let set = instances.get(q.object.value);
      if (!set) instances.set(q.object.value, (set = new Set()));
      set.add(q.subject.value);
    }
  }
  const classes = Object.fromEntries([...instances].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, s]) => [c, s.size]));
  return { quads: quads.length, graphs, classes };
}

/**
 * Writes a snapshot atomically and makes it current.
 *
 * @example
 *   const { manifest } = await writeSnapshot('build', quads, { files, inference });
 *   console.log(manifest.version); // e.g. '3f9a0c1d2b4e5f60'
 */
export async function writeSnapshot(
  buildDir: string,
  quads: readonly Quad[],
  meta: Pick<Manifest, 'files' | 'inference'>,
): Promise<{ manifest: Manifest; paths: SnapshotPaths }> {
  const body = canonicalNQuads(quads);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const version = sha256.slice(0, 16);
  const root = snapshotsDir(buildDir);
  const finalDir = join(root, version);
  const tmpDir = join(root, `.tmp-${version}-${randomBytes(4).toString('hex')}`);
  const before = await readCurrentSnapshot(buildDir).catch(() => undefined);
  const builtAt = new Date().toISOString();
  const dataSince = before?.manifest.version === version ? before.manifest.dataSince ?? before.manifest.builtAt : builtAt;
  await mkdir(tmpDir, { recursive: true });
  let manifest: Manifest;
  try {
    await writeFile(join(tmpDir, 'graph.nq'), body);
    const dumps = await writeDumps(tmpDir, quads, body);
    const search = await writeSearchIndex(tmpDir, quads);
    manifest = { version, sha256, builtAt, dataSince, ...countQuads(quads), ...meta, dumps, search };
    await writeFile(join(tmpDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    await rm(finalDir, { recursive: true, force: true });
    await rename(tmpDir, finalDir);
  } catch (error) {
    await rm(tmpDir, { recursive: true, force: true });
    throw error;
  }
  const pointer = currentPointer(buildDir);
  const tmpPointer = `${pointer}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmpPointer, JSON.stringify({ version, path: `snapshots/${version}` }, null, 2) + '\n');
  await rename(tmpPointer, pointer);
  return { manifest, paths: pathsOf(finalDir) };
}

/** The snapshot of `version` in `buildDir/snapshots/`, or undefined if there is none (e.g. one published from another machine). */
export async function readSnapshotOf(buildDir: string, version: string): Promise<{ manifest: Manifest; paths: SnapshotPaths } | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(version) || version.startsWith('.')) return undefined;
  const paths = pathsOf(join(snapshotsDir(buildDir), version));
  try {
    const manifest = JSON.parse(await readFile(paths.manifest, 'utf8')) as Manifest;
    return manifest.version === version ? { manifest, paths } : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The snapshot `build/current.json` points at, or undefined if none was built. */
export async function readCurrentSnapshot(buildDir: string): Promise<{ manifest: Manifest; paths: SnapshotPaths } | undefined> {
  let pointer: { path: string };
  try {
    pointer = JSON.parse(await readFile(currentPointer(buildDir), 'utf8')) as { path: string };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const paths = pathsOf(join(buildDir, pointer.path));
  await stat(paths.nquads);
  const manifest = JSON.parse(await readFile(paths.manifest, 'utf8')) as Manifest;
  return { manifest, paths };
}
