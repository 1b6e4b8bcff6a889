/**
 * What `releases/<VERSION>/release.json` records of a release (./release.ts writes it), and the
 * rules every reader shares: which versions are valid, how releases are ordered, which files a
 * release has, and the one-paragraph summary of its changes.
 */
import type { Manifest } from './snapshot.js';

/** A release version: letters, digits, `.`, `+`, `-`, starting with a letter or digit (semver recommended). */
export const RELEASE_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;
export const validVersion = (version: string): boolean => RELEASE_VERSION.test(version);

/** What a release is made from: a built snapshot's canonical N-Quads and its manifest's counts. */
export interface ReleaseSource extends Pick<Manifest, 'version' | 'sha256' | 'quads' | 'graphs' | 'classes'> {
  readonly nquads: string;
}

/** Counts of what changed since the previous release; inferred quads (graph/inferred) apart. */
export interface ReleaseChanges {
  readonly resourcesAdded: number;
  readonly resourcesRemoved: number;
  readonly resourcesChanged: number;
  /** Quads added and removed outside graph/inferred. */
  readonly triplesAdded: number;
  readonly triplesRemoved: number;
  /** Quads of graph/inferred added and removed. */
  readonly inferredAdded: number;
  readonly inferredRemoved: number;
}

/** One file of a release directory; only these are served under /releases/<VERSION>/. */
export interface ReleaseFile {
  readonly file: string;
  /** The media type of the content (of what is inside, for a gzipped file). */
  readonly mediaType: string;
  readonly compression?: 'gzip';
  readonly bytes: number;
  readonly sha256: string;
  /** For the DCAT-AP 2.1.1 view of the catalogue, which admits SHA-1 only. */
  readonly sha1: string;
}

export interface ReleaseRecord {
  readonly version: string;
  /** The release date, YYYY-MM-DD. */
  readonly date: string;
  /** What the person releasing wrote (`--notes`). */
  readonly notes?: string;
  /** The graph released: the snapshot's content version and SHA-256 of its canonical N-Quads, and its counts. */
  readonly graph: Pick<Manifest, 'version' | 'sha256' | 'quads' | 'graphs' | 'classes'>;
  /** The release before this one, or null for the first. */
  readonly previous: string | null;
  /** What changed since `previous`; null for the first release. */
  readonly changes: ReleaseChanges | null;
  /** The resources (IRIs of documents: a hash IRI counts as its document) added, removed and changed. */
  readonly resources?: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
  readonly files: readonly ReleaseFile[];
}

/** A release on disk. */
export interface Release {
  readonly record: ReleaseRecord;
  /** Its directory, `releases/<VERSION>`. */
  readonly dir: string;
}

export const RELEASE_FILES: ReadonlyArray<Pick<ReleaseFile, 'file' | 'mediaType' | 'compression'>> = [
  { file: 'graph.nq.gz', mediaType: 'application/n-quads', compression: 'gzip' },
  { file: 'added.nq', mediaType: 'application/n-quads' },
  { file: 'removed.nq', mediaType: 'application/n-quads' },
  { file: 'NOTES.md', mediaType: 'text/markdown' },
];

/** Version strings compared part by part, digits as numbers: 1.9.0 < 1.10.0. */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/(\d+)/).filter((p) => p !== '');
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const c = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}

/** Oldest first: by date, then by version. */
export const compareReleases = (a: ReleaseRecord, b: ReleaseRecord): number =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : compareVersions(a.version, b.version);

const n = (x: number) => x.toLocaleString('en');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

/** The changes in one sentence: "3 resources added, 1 removed and 5 changed; 120 triples added and 30 removed (and 40 inferred …)". */
export function changeSentence(record: ReleaseRecord): string {
  const c = record.changes;
  if (!c) {
    return `The first release: ${plural(record.graph.quads, 'quad')} in ${plural(Object.keys(record.graph.graphs).length, 'named graph')}.`;
  }
  const inferred = c.inferredAdded + c.inferredRemoved > 0 ? ` (and ${plural(c.inferredAdded, 'inferred triple')} added, ${n(c.inferredRemoved)} removed)` : '';
  return `Since release ${record.previous}: ${plural(c.resourcesAdded, 'resource')} added, ${n(c.resourcesRemoved)} removed and ${n(c.resourcesChanged)} changed; `
    + `${plural(c.triplesAdded, 'triple')} added and ${n(c.triplesRemoved)} removed${inferred}.`;
}

/** One paragraph (adms:versionNotes): the change counts, then the notes given at release. */
export function releaseSummary(record: ReleaseRecord): string {
  const notes = record.notes ? ` ${record.notes.replace(/\s+/g, ' ').trim()}` : '';
  return `${changeSentence(record)}${notes}`;
}
