import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../src/graph/build.js';
import { ProblemsError } from '../../src/graph/problem.js';
import { readCurrentSnapshot } from '../../src/graph/snapshot.js';
import { SEARCH_INDEX_FILE } from '../../src/graph/search-index.js';
import { GRAPHS } from '../../src/vocab/graphs.js';
import { copyProject, type ProjectCopy } from '../helpers/project.js';

describe('segraph build', () => {
  let project: ProjectCopy;
  let buildDir: string;
  beforeAll(async () => {
    project = await copyProject();
    buildDir = await mkdtemp(join(tmpdir(), 'segraph-build-'));
  });
  afterAll(async () => {
    await project.remove();
    await rm(buildDir, { recursive: true, force: true });
  });

  it('writes N-Quads and a manifest with a content hash, counts per graph and class, and the build time', async () => {
    const { manifest, paths } = await buildProject({ root: project.root, buildDir });
    const nquads = await readFile(paths.nquads, 'utf8');
    expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.sha256.startsWith(manifest.version)).toBe(true);
    expect(nquads.trim().split('\n')).toHaveLength(manifest.quads);
    expect(Object.values(manifest.graphs).reduce((a, b) => a + b, 0)).toBe(manifest.quads);
    expect(manifest.graphs[GRAPHS.inferred]).toBeGreaterThan(0);
    expect(manifest.graphs[GRAPHS.curation]).toBeGreaterThan(0);
    expect(manifest.classes['https://w3id.org/segraph/ontology#Practice']).toBe(18);
    expect(Date.parse(manifest.builtAt)).not.toBeNaN();
    expect((await readCurrentSnapshot(buildDir))?.manifest.version).toBe(manifest.version);
  });

  // The one rebuild of the suite: the dump and search-index determinism checks live here too.
  it('gives the same version, dump bytes and search index for the same input', async () => {
    const first = (await readCurrentSnapshot(buildDir))!.manifest;
    const { manifest, paths } = await buildProject({ root: project.root, buildDir });
    expect(manifest.version).toBe(first.version);
    expect(manifest.dumps?.length).toBeGreaterThan(0);
    expect(manifest.dumps?.map((d) => `${d.file} ${d.sha256}`)).toEqual(first.dumps?.map((d) => `${d.file} ${d.sha256}`));
    expect(manifest.search).toBeDefined();
    expect(manifest.search).toEqual(first.search);
    const indexSha = createHash('sha256').update(await readFile(join(paths.dir, SEARCH_INDEX_FILE))).digest('hex');
    expect(indexSha).toBe(first.search!.sha256);
  });

  it('leaves the previous snapshot published when a build fails', async () => {
    const before = (await readCurrentSnapshot(buildDir))!;
    const beforeBytes = await readFile(before.paths.nquads, 'utf8');
    await project.edit('data/practices/doeners-be.trig', 'sg:status status:ongoing ;', 'sg:status status:ongoing ;;;; ]');
    await expect(buildProject({ root: project.root, buildDir })).rejects.toBeInstanceOf(ProblemsError);
    const after = (await readCurrentSnapshot(buildDir))!;
    expect(after.manifest.version).toBe(before.manifest.version);
    expect(await readFile(after.paths.nquads, 'utf8')).toBe(beforeBytes);
    expect((await readdir(join(buildDir, 'snapshots'))).filter((name) => name.startsWith('.tmp'))).toEqual([]);
  });
});
