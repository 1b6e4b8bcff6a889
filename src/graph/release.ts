/**
 * Releases: named, dated versions of the graph, kept in the repository under `releases/<VERSION>/`
 * (not in build/, which is not committed) so that a fresh clone serves them. Each holds
 * `release.json` (./release-record.ts), the release's canonical N-Quads gzipped (`graph.nq.gz`,
 * the same bytes for the same graph), the quads added and removed since the previous release
 * (`added.nq`, `removed.nq`; the first release has neither) and `NOTES.md`, the change log
 * (./release-notes.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';
import { diffGraphs, notesMarkdown } from './release-notes.js';
import {
  compareReleases, RELEASE_FILES, validVersion, type Release, type ReleaseFile, type ReleaseRecord, type ReleaseSource,
} from './release-record.js';

export * from './release-record.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A release segraph will not make: the version exists, is not valid, or nothing changed (exit 1 with this message). */
export class ReleaseRefused extends Error {}

const today = () => new Date().toISOString().slice(0, 10);
const DATE = /^\d{4}-\d\d-\d\d$/;
const isDate = (text: string) => DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/**
 * The releases in `dir`, oldest first (by date, then by version, numbers compared as numbers).
 * A directory without `release.json`, or whose name is not a version, is not a release; a
 * `release.json` that does not name its own directory is an error.
 */
export async function readReleases(dir: string): Promise<Release[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const releases: Release[] = [];
  for (const name of names.filter(validVersion)) {
    let text: string;
    try {
      text = await readFile(join(dir, name, 'release.json'), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw error;
    }
    const record = JSON.parse(text) as ReleaseRecord;
    if (record.version !== name) throw new Error(`${join(dir, name, 'release.json')} is of version '${record.version}', not '${name}'`);
    releases.push({ record, dir: join(dir, name) });
  }
  return releases.sort((a, b) => compareReleases(a.record, b.record));
}

/** The canonical N-Quads of a release (its graph.nq.gz, unzipped). */
export async function releaseNQuads(release: Release): Promise<string> {
  return (await gunzipAsync(await readFile(join(release.dir, 'graph.nq.gz')))).toString('utf8');
}

const sorted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
const lines = (nquads: string) => nquads.split('\n').filter((line) => line.length > 0);
const sha = (algorithm: 'sha256' | 'sha1', bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

/**
 * Records `source` (a built snapshot: its canonical N-Quads and counts) as release `version` in
 * `releasesDir`, and returns what was written. Refuses (ReleaseRefused) a version that is not
 * valid or exists, a date that is not a date or is before the previous release's, and a graph
 * equal to the previous release's. Written into a temporary directory, renamed into place.
 *
 * @example
 *   await createRelease({ releasesDir: 'releases', version: '1.1.0', source, notes: 'Corrections of issue 15.' });
 */
export async function createRelease(options: {
  readonly releasesDir: string; readonly version: string; readonly source: ReleaseSource;
  readonly date?: string; readonly notes?: string;
}): Promise<Release> {
  const { releasesDir, version, source } = options;
  const date = options.date ?? today();
  if (!validVersion(version)) {
    throw new ReleaseRefused(`'${version}' is not a valid release version: letters, digits, '.', '+' and '-', starting with a letter or digit, at most 64 characters (e.g. 1.1.0)`);
  }
  if (!isDate(date)) throw new ReleaseRefused(`--date '${date}' is not a date YYYY-MM-DD`);
  const releases = await readReleases(releasesDir);
  const existing = releases.find((r) => r.record.version === version);
  if (existing) throw new ReleaseRefused(`release ${version} exists already (${existing.record.date}); choose another version`);
  await stat(join(releasesDir, version)).then(
    () => { throw new ReleaseRefused(`${join(releasesDir, version)} exists already`); },
    (error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error; },
  );
  const previous = releases.at(-1);
  if (previous && previous.record.graph.version === source.version) {
    throw new ReleaseRefused(`nothing changed since release ${previous.record.version}: its graph is version ${source.version} too`);
  }
  if (previous && date < previous.record.date) {
    throw new ReleaseRefused(`--date ${date} is before the previous release ${previous.record.version} (${previous.record.date})`);
  }
  const now = lines(source.nquads);
  const before = previous ? lines(await releaseNQuads(previous)) : undefined;
  const diff = diffGraphs(before, now);
  const notes = options.notes?.trim() ? options.notes.trim() : undefined;
  const base = {
    version, date, ...(notes ? { notes } : {}),
    graph: { version: source.version, sha256: source.sha256, quads: source.quads, graphs: sorted(source.graphs), classes: sorted(source.classes) },
    previous: previous?.record.version ?? null,
    changes: diff.changes,
    ...(diff.resources ? { resources: diff.resources } : {}),
  };
  // Node writes a zero mtime and no file name in the gzip header: the same graph, the same bytes.
  // The first release has no changes to list: no added.nq or removed.nq (its graph is all there is).
  const contents = new Map<string, Buffer>([
    ['graph.nq.gz', await gzipAsync(Buffer.from(source.nquads, 'utf8'), { level: constants.Z_BEST_COMPRESSION })],
    ...(previous ? [
      ['added.nq', Buffer.from(diff.added.map((l) => `${l}\n`).join(''), 'utf8')],
      ['removed.nq', Buffer.from(diff.removed.map((l) => `${l}\n`).join(''), 'utf8')],
    ] as const : []),
  ]);
  contents.set('NOTES.md', Buffer.from(notesMarkdown({ ...base, files: [] }, diff), 'utf8'));
  const files: ReleaseFile[] = RELEASE_FILES.filter((spec) => contents.has(spec.file)).map((spec) => {
    const bytes = contents.get(spec.file)!;
    return { ...spec, bytes: bytes.length, sha256: sha('sha256', bytes), sha1: sha('sha1', bytes) };
  });
  const record: ReleaseRecord = { ...base, files };
  await mkdir(releasesDir, { recursive: true });
  const tmp = join(releasesDir, `.tmp-${version}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  try {
    for (const [file, bytes] of contents) await writeFile(join(tmp, file), bytes);
    await writeFile(join(tmp, 'release.json'), JSON.stringify(record, null, 2) + '\n');
    await rename(tmp, join(releasesDir, version));
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  return { record, dir: join(releasesDir, version) };
}
