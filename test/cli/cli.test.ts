import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, lineOf, ROOT, segraph, type ProjectCopy } from '../helpers/project.js';
import { seedSnapshot } from '../helpers/seed-snapshot.js';


describe('segraph CLI', () => {
  let project: ProjectCopy;
  beforeAll(async () => {
    project = await copyProject();
  });
  afterAll(async () => {
    await project.remove();
  });

  // Independent of each other and of the project copy's edits below: run together.
  it.concurrent('validate exits 0 with a one-line summary on the seed graph', async () => {
    const { code, stdout } = await segraph('validate', '--root', ROOT);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^validate: ok: \d+ files, \d+ quads, \d+ named queries, 0 error\(s\)/);
  });

  it.concurrent('build exits 0 with a one-line summary and writes the snapshot current.json points at: the same version as the run\'s seed build', async () => {
    const { code, stdout, stderr } = await segraph('build', '--root', project.root);
    expect(code, stderr).toBe(0);
    const version = /^build: ok: version ([0-9a-f]{16}), \d+ quads \(\d+ inferred in \d+ rounds\), \d+ graphs, in \d+ ms$/m.exec(stdout)?.[1];
    expect(version, stdout).toBeDefined();
    const pointer = JSON.parse(await readFile(join(project.root, 'build', 'current.json'), 'utf8')) as { path: string };
    expect(pointer.path).toBe(`snapshots/${version}`);
    expect(version).toBe((await seedSnapshot()).manifest.version);
  });

  it.concurrent('rejects an unknown command with exit code 2, the reason and a pointer to --help', async () => {
    const { code, stderr } = await segraph('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toBe("segraph: unknown command 'frobnicate'\nrun 'segraph --help' for usage\n");
  });

  it.concurrent('exits 2 on an option of another command, before doing anything (the process, not only main)', async () => {
    const { code, stdout, stderr } = await segraph('validate', '--root', ROOT, '--port', '3');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("validate: --port is an option of serve, not of validate\nrun 'segraph validate --help' for usage\n");
  });

  it.concurrent('segraph serve --help prints its usage on stdout and exits 0', async () => {
    const { code, stdout } = await segraph('serve', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: segraph serve \[options\]/);
  });

  it('validate exits non-zero and prints file:line:column for a broken line', async () => {
    const path = 'data/practices/doeners-be.trig';
    const line = lineOf(await project.read(path), 'sg:status status:ongoing ;');
    await project.edit(path, 'sg:status status:ongoing ;', 'sg:status status:ongoing ;;;; ]');
    const { code, stderr } = await segraph('validate', '--root', project.root);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^data/practices/doeners-be\\.trig:${line}:\\d+: syntax error`, 'm'));
    expect(stderr).toMatch(/^validate: failed: /m);
  });

  it('validate checks the named queries too, naming the broken file', async () => {
    await project.edit('data/practices/doeners-be.trig', 'sg:status status:ongoing ;;;; ]', 'sg:status status:ongoing ;');
    const path = 'queries/practices-by-fund-and-typology.rq';
    await project.edit(path, 'GROUP BY ?practice', 'GROUP BY ?practice ?nonsense (');
    const { code, stderr } = await segraph('validate', '--root', project.root);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^${path.replace(/\./g, '\\.')}: error: .*line`, 'm'));
  });
});
