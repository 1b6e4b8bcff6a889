/**
 * `segraph release VERSION` and `segraph build --release VERSION`, in a copy of the project: the
 * files a release writes (their sizes and checksums as release.json says, the graph inside
 * graph.nq.gz the snapshot's, byte for byte), the same bytes when released again, the refusals
 * (a version that exists, one that is not valid, a graph that did not change), and the notes of a
 * small change to one practice: the resource changed, with its triples, its hash-IRI nodes under
 * it, inferred triples counted only.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createRelease, readReleases, type ReleaseRecord } from '../../src/graph/release.js';
import { readCurrentSnapshot } from '../../src/graph/snapshot.js';
import { copyProject, type ProjectCopy } from '../helpers/project.js';
import { copySeedBuild } from '../helpers/seed-snapshot.js';

let project: ProjectCopy;
let releases: string;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (line) => (out += line + '\n'), err: (line) => (err += line + '\n') });
  return { code, out, err };
}
const inProject = (...args: string[]) => cli(...args, '--root', project.root);
const record = async (version: string) => JSON.parse(await readFile(join(releases, version, 'release.json'), 'utf8')) as ReleaseRecord;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  project = await copyProject();
  releases = join(project.root, 'releases');
  await copySeedBuild(join(project.root, 'build')); // up to date with the copy: no build needed
}, 120_000);
afterAll(async () => {
  await project?.remove();
});

describe('segraph release', () => {
  it('writes releases/VERSION/: release.json, graph.nq.gz (the snapshot\'s N-Quads) and NOTES.md', async () => {
    const result = await inProject('release', '1.0.0', '--date', '2026-12-01', '--notes', 'The graph as published through issue 14.');
    expect(result.code, result.err).toBe(0);
    expect(result.err).not.toContain('building');
    expect(result.out).toMatch(/^release: 1\.0\.0 \(2026-12-01\): graph version [0-9a-f]{16}/);
    expect((await readdir(join(releases, '1.0.0'))).sort()).toEqual(['NOTES.md', 'graph.nq.gz', 'release.json']);
    const current = (await readCurrentSnapshot(join(project.root, 'build')))!;
    const r = await record('1.0.0');
    expect(r).toMatchObject({
      version: '1.0.0', date: '2026-12-01', notes: 'The graph as published through issue 14.', previous: null, changes: null,
      graph: { version: current.manifest.version, sha256: current.manifest.sha256, quads: current.manifest.quads, graphs: current.manifest.graphs },
    });
    for (const file of r.files) {
      const bytes = await readFile(join(releases, '1.0.0', file.file));
      expect([file.file, bytes.length, sha256(bytes)]).toEqual([file.file, file.bytes, file.sha256]);
    }
    const gz = await readFile(join(releases, '1.0.0', 'graph.nq.gz'));
    expect(gz.subarray(4, 8).readUInt32LE()).toBe(0); // no mtime in the gzip header
    expect(gz[3]! & 0x08).toBe(0); // no file name
    expect(gunzipSync(gz).equals(await readFile(current.paths.nquads))).toBe(true);
    const notes = await readFile(join(releases, '1.0.0', 'NOTES.md'), 'utf8');
    expect(notes).toMatch(/^# segraph 1\.0\.0\n\nReleased 2026-12-01\. .*\n\nThe graph as published through issue 14\.\n\nThe first release: /);
    expect(notes).toContain('| graph:secon-report | ');
    expect(notes).toMatch(/\| sg:Practice \| \d+ \|/);
  });

  it('gives the same bytes when the same graph is released again', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'segraph-release-again-'));
    try {
      const current = (await readCurrentSnapshot(join(project.root, 'build')))!;
      await createRelease({
        releasesDir: elsewhere, version: '1.0.0', date: '2026-12-01', notes: 'The graph as published through issue 14.',
        source: { ...current.manifest, nquads: await readFile(current.paths.nquads, 'utf8') },
      });
      for (const file of ['graph.nq.gz', 'NOTES.md', 'release.json']) {
        expect((await readFile(join(elsewhere, '1.0.0', file))).equals(await readFile(join(releases, '1.0.0', file))), file).toBe(true);
      }
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it.each([
    [['1.0.0'], /^release: refused: release 1\.0\.0 exists already \(2026-12-01\); choose another version$/],
    [['1.0.1'], /^release: refused: nothing changed since release 1\.0\.0: its graph is version [0-9a-f]{16} too$/],
    [['1.0/1'], /^release: refused: '1\.0\/1' is not a valid release version: /],
    [['..'], /^release: refused: '\.\.' is not a valid release version: /],
    [['.hidden'], /^release: refused: '\.hidden' is not a valid release version: /],
    [['2.0.0', '--date', '2026-02-30'], /^release: refused: --date '2026-02-30' is not a date YYYY-MM-DD$/],
  ])('refuses %j (exit 1, one line)', async (args, reason) => {
    const result = await inProject('release', ...args);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err.trimEnd()).toMatch(reason);
    expect((await readReleases(releases)).map((r) => r.record.version)).toEqual(['1.0.0']);
  });

  it('after one practice is edited: builds, and the notes list the resource changed with its triples', async () => {
    await project.edit('data/practices/people-made.trig', 'orgn:city-of-vilvoorde, orgn:oostrem,', 'orgn:city-of-vilvoorde,');
    await project.edit('data/practices/people-made.trig', '"2021"^^xsd:gYear', '"2020"^^xsd:gYear');
    await project.edit('data/practices/people-made.trig', ':funding-2021 a sg:Funding ;', ':funding-2021 a sg:Funding ;\n    skos:altLabel "Funding for 2021 ``` & <more>"@en ;');
    const result = await inProject('release', '1.1.0', '--date', '2026-12-06', '--notes', 'One practice corrected.');
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain('release: the sources changed since the last build; building…');
    const r = await record('1.1.0');
    expect(r.previous).toBe('1.0.0');
    expect(r.changes).toMatchObject({ resourcesAdded: 0, resourcesRemoved: 0, resourcesChanged: 1, triplesAdded: 2, triplesRemoved: 2 });
    expect(r.resources).toEqual({ added: [], removed: [], changed: ['https://w3id.org/segraph/id/practice/people-made'] });
    const added = await readFile(join(releases, '1.1.0', 'added.nq'), 'utf8');
    const removed = await readFile(join(releases, '1.1.0', 'removed.nq'), 'utf8');
    expect(removed).toContain('<https://w3id.org/segraph/id/practice/people-made> <https://w3id.org/segraph/ontology#implementedBy> <https://w3id.org/segraph/id/organisation/oostrem> <https://w3id.org/segraph/graph/secon-report> .\n');
    expect(added.split('\n').filter(Boolean)).toHaveLength(r.changes!.triplesAdded + r.changes!.inferredAdded);
    const notes = await readFile(join(releases, '1.1.0', 'NOTES.md'), 'utf8');
    expect(notes).toMatch(/^# segraph 1\.1\.0\n\nReleased 2026-12-06\. .*; previous release 1\.0\.0\.\n\nOne practice corrected\.\n\nSince release 1\.0\.0: 0 resources added, 0 removed and 1 changed; 2 triples added and 2 removed/);
    expect(notes).toContain('## Resources changed (1)\n\n### sgid:practice/people-made\n');
    expect(notes).not.toContain('### sgid:practice/people-made#');
    expect(notes).toContain('# in graph:secon-report\n');
    expect(notes).toContain('- sgid:practice/people-made sg:implementedBy sgid:organisation/oostrem .\n');
    expect(notes).toContain('+ sgid:practice/people-made schema:startDate "2020"^^xsd:gYear .\n');
    expect(notes).toContain('- sgid:practice/people-made schema:startDate "2021"^^xsd:gYear .\n');
    expect(notes).toContain('+ sgid:practice/people-made#funding-2021 skos:altLabel "Funding for 2021 ``` & <more>"@en .\n');
    expect(notes).toContain('\n````\n'); // a fence longer than any run of backticks inside
    expect(notes).toContain('@prefix sgid: <https://w3id.org/segraph/id/> .');
    expect(notes).not.toContain('# in graph:inferred');
    expect(notes).toMatch(/Inferred \(graph:inferred\): \d+ added, \d+ removed\./);
  });

  it('segraph build --release VERSION builds and releases; --date without --release is a usage error', async () => {
    await project.edit('data/practices/people-made.trig', '"Funding for 2021 ``` & <more>"@en', '"Funding for the year 2021"@en');
    const result = await inProject('build', '--release', '1.2.0', '--notes', 'A label.');
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/^build: ok: /);
    expect(result.out).toMatch(/^release: 1\.2\.0 \(\d{4}-\d\d-\d\d\): /m);
    expect((await record('1.2.0')).changes).toMatchObject({ resourcesChanged: 1, triplesAdded: 1, triplesRemoved: 1 });
    expect((await readReleases(releases)).map((r) => r.record.version)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    const again = await inProject('build', '--release', '1.2.1');
    expect(again.code).toBe(1);
    expect(again.err.trimEnd()).toMatch(/^release: refused: nothing changed since release 1\.2\.0: /);
    const usage = await inProject('build', '--date', '2026-12-07');
    expect([usage.code, usage.err.split('\n')[0]]).toEqual([2, 'build: --date and --notes go with --release VERSION']);
  });
});
