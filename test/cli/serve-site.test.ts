/**
 * `segraph serve --base IRI --public-url URL` (and SEGRAPH_BASE, SEGRAPH_PUBLIC_URL) as a user
 * runs it: bad values stop the start with exit 2 and a one-line reason, a base the data does not
 * mint under too, the banner shows the public URL, and the catalogue a harvester reads is the same
 * bytes after a restart over the same snapshot.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, type ProjectCopy } from '../helpers/project.js';
import { copySeedBuild } from '../helpers/seed-snapshot.js';
import { running, serve, stop, type Running } from '../helpers/serve-process.js';

describe('segraph serve: --base and --public-url', () => {
  let project: ProjectCopy;
  let dir: string;
  let args: string[];
  beforeAll(async () => {
    project = await copyProject();
    dir = await mkdtemp(join(tmpdir(), 'segraph-serve-site-'));
    // The run's seed build, which serve finds up to date with the copy's sources: no build here.
    await copySeedBuild(join(dir, 'build'));
    args = ['--root', project.root, '--build-dir', join(dir, 'build'), '--workers', '1'];
  });
  /** Started over the copied build, without building it again. */
  const started = async (more: string[], env?: Record<string, string>): Promise<Running> => {
    const server = await running([...args, ...more], env);
    expect(server.stderr).not.toContain('building');
    return server;
  };
  afterAll(async () => {
    await project.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects a base or public URL that is not an absolute http(s) IRI ending in / (exit 2, one line and the pointer to --help)', async () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--base', 'w3id.org/segraph/'], {}, /^serve: --base: 'w3id\.org\/segraph\/' is not an absolute IRI; give an absolute http\(s\) IRI ending in \//],
      [['--base', 'https://w3id.org/segraph'], {}, /^serve: --base: 'https:\/\/w3id\.org\/segraph' does not end in \//],
      [['--public-url', 'ftp://data.example.org/'], {}, /^serve: --public-url: 'ftp:\/\/data\.example\.org\/' is not an http or https IRI/],
      [['--public-url', 'https://data.example.org/x/?a=1'], {}, /^serve: --public-url: .* has a query or a fragment/],
      [[], { SEGRAPH_BASE: 'urn:segraph:' }, /^serve: SEGRAPH_BASE \(--base\): 'urn:segraph:' is not an http or https IRI/],
      [[], { SEGRAPH_PUBLIC_URL: 'https://data.example.org' }, /^serve: SEGRAPH_PUBLIC_URL \(--public-url\): 'https:\/\/data\.example\.org' is not in normal form \(write it as https:\/\/data\.example\.org\/\)/],
    ];
    // Each its own process, started together.
    const results = await Promise.all(cases.map(([flags, env]) => serve([...args, ...flags], env)));
    for (const [i, [flags, env, message]] of cases.entries()) {
      const result = results[i]!;
      expect('code' in result && result.code, JSON.stringify({ flags, env })).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message), "run 'segraph serve --help' for usage"]);
    }
  });

  it('refuses a base the data mints nothing under (exit 2): segraph does not rebase data', async () => {
    const result = await serve([...args, '--base', 'https://data.example.org/segraph/']);
    expect('code' in result && result.code).toBe(2);
    expect(result.stderr).not.toContain('building');
    expect(result.stderr).toMatch(/^serve: --base: the data holds nothing under https:\/\/data\.example\.org\/segraph\/id\/; give the base its IRIs are minted under \(the seed data's is https:\/\/w3id\.org\/segraph\/\)/m);
  });

  it('shows the public URL and the base in the banner: given, or the address it listens on (127.0.0.1)', async () => {
    // Three servers, started together.
    const [given, byEnv, derived] = await Promise.all([
      started(['--public-url', 'https://data.example.org/segraph/']),
      started([], { SEGRAPH_PUBLIC_URL: 'https://proxy.example.org/' }),
      started([]),
    ]);
    expect(given.stdout).toMatch(/^Public URL +https:\/\/data\.example\.org\/segraph\/ /m);
    expect(given.stdout).toMatch(/^Base IRI +https:\/\/w3id\.org\/segraph\/ /m);
    const catalogue = await (await fetch(new URL('/catalog', given.endpoint), { headers: { accept: 'application/n-triples' } })).text();
    expect(catalogue).toContain('<http://www.w3.org/ns/dcat#endpointURL> <https://data.example.org/segraph/sparql>');

    expect(byEnv.stdout).toMatch(/^Public URL +https:\/\/proxy\.example\.org\/ /m);
    expect(await (await fetch(new URL('/catalog', byEnv.endpoint), { headers: { accept: 'application/n-triples' } })).text())
      .toContain('<http://www.w3.org/ns/dcat#downloadURL> <https://proxy.example.org/dumps/segraph.ttl>');

    const port = new URL(derived.endpoint).port;
    expect(derived.stdout).toMatch(new RegExp(`^Public URL +http://127\\.0\\.0\\.1:${port}/ `, 'm'));
    expect(await (await fetch(new URL('/catalog', derived.endpoint), { headers: { accept: 'application/n-triples' } })).text())
      .toContain(`<http://www.w3.org/ns/dcat#downloadURL> <http://127.0.0.1:${port}/dumps/segraph.ttl>`);
    expect(await Promise.all([stop(given), stop(byEnv), stop(derived)])).toEqual([0, 0, 0]);
  });

  it('two starts over the same snapshot give the same catalogue, byte for byte, dated by the data and the build', async () => {
    const turtle = async () => {
      const server = await started(['--public-url', 'https://data.example.org/segraph/']);
      const body = await (await fetch(new URL('/catalog', server.endpoint), { headers: { accept: 'text/turtle' } })).text();
      expect(await stop(server)).toBe(0);
      return body;
    };
    const first = await turtle();
    await new Promise((r) => setTimeout(r, 1100)); // a start time, were it used, would differ by a second
    const second = await turtle();
    expect(second).toBe(first);
    const current = JSON.parse(await readFile(join(dir, 'build', 'current.json'), 'utf8')) as { path: string };
    const manifest = JSON.parse(await readFile(join(dir, 'build', current.path, 'manifest.json'), 'utf8')) as { dataSince: string };
    const catalogue = new N3.Parser({ format: 'text/turtle' }).parse(first);
    const dates = (p: string) => [...new Set(catalogue.filter((q) => q.predicate.value === `http://purl.org/dc/terms/${p}`).map((q) => q.object.value))];
    expect(dates('issued')).toEqual(['2026-11-22']);
    // No release of this graph in the copy: modified is since when the snapshot's data has had this content.
    expect(dates('modified').map((d) => new Date(d).toISOString())).toEqual([manifest.dataSince]);
  });
});
