/**
 * The catalogue's dct:modified changes only when the data does: a rebuild of unchanged data keeps
 * the snapshot's `dataSince`, so the catalogue (its dates and its ETag) stays the same; a change
 * of the data changes both; and a served graph that is a release is dated by its release.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/graph/build.js';
import { createRelease } from '../../src/graph/release.js';
import type { Manifest, SnapshotPaths } from '../../src/graph/snapshot.js';
import { copyProject, type ProjectCopy } from '../helpers/project.js';
import { startTestServer } from '../helpers/server.js';

const DATASET = 'https://w3id.org/segraph/id/dataset/segraph';
const MODIFIED = 'http://purl.org/dc/terms/modified';

let project: ProjectCopy;
let buildDir: string;
let releasesDir: string;
type Built = { manifest: Manifest; paths: SnapshotPaths };
let first: Built;
let again: Built;
let changed: Built;

/** The dataset's dct:modified (value and datatype) and the catalogue's ETag, as served from `snapshot`. */
async function catalogueOf(snapshot: Built, releases?: string): Promise<{ modified: string[]; etag: string | null }> {
  const server = await startTestServer({ workers: 1, snapshot, ...(releases ? { releasesDir: releases } : {}) });
  try {
    const res = await fetch(`${server.url}catalog`, { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(200);
    const quads = new N3.Parser({ format: 'text/turtle' }).parse(await res.text());
    const modified = quads.filter((q) => q.subject.value === DATASET && q.predicate.value === MODIFIED)
      .map((q) => `${q.object.value} ${(q.object as N3.Literal).datatype.value}`);
    return { modified, etag: res.headers.get('etag') };
  } finally {
    await server.close();
  }
}

beforeAll(async () => {
  project = await copyProject();
  buildDir = await mkdtemp(join(tmpdir(), 'segraph-modified-'));
  releasesDir = join(buildDir, 'releases');
  first = await buildProject({ root: project.root, buildDir });
  await new Promise((r) => setTimeout(r, 20));
  again = await buildProject({ root: project.root, buildDir });
  await project.edit('data/practices/people-made.trig', '"2021"^^xsd:gYear', '"2020"^^xsd:gYear');
  changed = await buildProject({ root: project.root, buildDir });
}, 120_000);
afterAll(async () => {
  await project?.remove();
  await rm(buildDir, { recursive: true, force: true });
});

describe('dct:modified changes only when the data does', () => {
  it('a rebuild of unchanged data keeps dataSince (builtAt moves on); a change of the data starts it anew', () => {
    expect(again.manifest.version).toBe(first.manifest.version);
    expect(again.manifest.builtAt).not.toBe(first.manifest.builtAt);
    expect(first.manifest.dataSince).toBe(first.manifest.builtAt);
    expect(again.manifest.dataSince).toBe(first.manifest.dataSince);
    expect(changed.manifest.version).not.toBe(first.manifest.version);
    expect(changed.manifest.dataSince).toBe(changed.manifest.builtAt);
  });

  it('the catalogue of a rebuild of unchanged data is the same (dct:modified and ETag); of changed data, not', async () => {
    const [a, b, c] = [await catalogueOf(first), await catalogueOf(again), await catalogueOf(changed)];
    expect(a.modified).toEqual([`${first.manifest.dataSince!.replace(/\.?0+Z$/, 'Z')} http://www.w3.org/2001/XMLSchema#dateTime`]);
    expect(b).toEqual(a);
    expect(c.modified).not.toEqual(a.modified);
    expect(c.etag).not.toBe(a.etag);
  });

  it('a served graph that is a release is modified on the release date', async () => {
    const source = { ...changed.manifest, nquads: await readFile(changed.paths.nquads, 'utf8') };
    await createRelease({ releasesDir, version: '2.0.0', date: '2026-03-03', source });
    const served = await catalogueOf(changed, releasesDir);
    expect(served.modified).toEqual(['2026-03-03 http://www.w3.org/2001/XMLSchema#date']);
    // The release of another graph does not date this one.
    expect((await catalogueOf(first, releasesDir)).modified).toEqual((await catalogueOf(first)).modified);
  });
});
