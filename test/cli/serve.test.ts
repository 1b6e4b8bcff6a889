/**
 * `segraph serve` as a user runs it: a child process that builds when needed, prints where it
 * listens, answers queries, serves extra files, keeps the last good build, and stops on SIGTERM.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, type ProjectCopy } from '../helpers/project.js';
import { running, serve } from '../helpers/serve-process.js';

async function count(endpoint: string, where = '?s ?p ?o'): Promise<number> {
  const res = await fetch(`${endpoint}?query=${encodeURIComponent(`SELECT (COUNT(*) AS ?n) WHERE { ${where} }`)}`);
  const json = (await res.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
  return Number(json.results.bindings[0]!.n.value);
}

describe('segraph serve', () => {
  let project: ProjectCopy;
  let dir: string;
  beforeAll(async () => {
    project = await copyProject();
    dir = await mkdtemp(join(tmpdir(), 'segraph-serve-cli-'));
    // The --load files of the tests below.
    await writeFile(join(dir, 'a.ttl'), '@prefix ex: <http://example.org/> .\nex:a ex:p "one", "two" .\n');
    await writeFile(join(dir, 'b.nt'), '<http://example.org/b> <http://example.org/p> "three" .\n');
    await writeFile(join(dir, 'c.jsonld'), JSON.stringify({ '@id': 'http://example.org/c', 'http://example.org/p': 'four' }));
    await writeFile(join(dir, 'd.rdf'), `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/d"><ex:p>five</ex:p></rdf:Description>
</rdf:RDF>\n`);
    await writeFile(join(dir, 'e.trig'), '<http://example.org/graph/e> { <http://example.org/e> <http://example.org/p> "six" . }\n');
    await writeFile(join(dir, 'broken.ttl'), '@prefix ex: <http://example.org/> .\nex:a ex:p "unterminated .\n');
  });
  afterAll(async () => {
    await project.remove();
    await rm(dir, { recursive: true, force: true });
  });

  // Each test its own processes and files (the first alone builds, in its own build directory): they
  // run together. One query worker each: none of them is about workers.
  it.concurrent('builds when there is no build, serves the seed graph, and stops cleanly on SIGTERM', async () => {
    const buildDir = join(dir, 'build');
    const server = await running(['--root', project.root, '--build-dir', buildDir, '--workers', '1']);
    expect(server.stderr).toContain('no build yet; building');
    expect(server.stdout).toMatch(/graph [0-9a-f]{16}: [\d,]+ triples in \d+ named graphs/);
    expect(server.stdout).toMatch(/Home page\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(await count(server.endpoint, '?p a <https://w3id.org/segraph/ontology#Practice>')).toBeGreaterThanOrEqual(18);
    const home = await fetch(new URL('/', server.endpoint));
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);

    // Unchanged sources: no rebuild the second time.
    const again = await running(['--root', project.root, '--build-dir', buildDir, '--workers', '1']);
    expect(again.stderr).not.toContain('building');
    again.child.kill('SIGTERM');
    await again.exit;

    // A broken source: the build fails, the problem is reported, the last good build is served.
    await project.edit('data/practices/doeners-be.trig', 'sg:status status:ongoing ;', 'sg:status status:ongoing ;;;; ]');
    const stale = await running(['--root', project.root, '--build-dir', buildDir, '--workers', '1']);
    expect(stale.stderr).toMatch(/^data\/practices\/doeners-be\.trig:\d+:\d+: syntax error/m);
    expect(stale.stderr).toContain('serving the last good build');
    expect(await count(stale.endpoint)).toBeGreaterThan(10_000);
    stale.child.kill('SIGTERM');
    await stale.exit;
  }, 120_000); // two builds and three starts

  it.concurrent('serves only --load files with --no-seed, into the default graph or a named graph', async () => {
    const server = await running(['--workers', '1', '--no-seed', '--load', join(dir, 'a.ttl'), '--load', `${join(dir, 'b.nt')}=http://example.org/graph/b`,
      '--load', join(dir, 'c.jsonld'), '--load', join(dir, 'd.rdf'), '--load', join(dir, 'e.trig')]);
    expect(await count(server.endpoint)).toBe(6);
    expect(await count(server.endpoint, 'GRAPH <http://example.org/graph/b> { ?s ?p ?o }')).toBe(1);
    expect(await count(server.endpoint, 'GRAPH <http://example.org/graph/e> { ?s ?p ?o }')).toBe(1);
    expect(await count(server.endpoint, '?s <http://example.org/p> "four"')).toBe(1);
    expect(await count(server.endpoint, '?s <http://example.org/p> "five"')).toBe(1);
    server.child.kill('SIGTERM');
    await server.exit;
  });

  it.concurrent('fails with the file and position for a broken --load file, and exits non-zero', async () => {
    const result = await serve(['--no-seed', '--load', join(dir, 'broken.ttl')]);
    expect('code' in result && result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.ttl: .*(2|line)/);
  });

  it.concurrent('rejects an unknown file type, --no-seed without files, and a bad deadline as usage errors (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--no-seed', '--load', join(dir, 'x.pdf')], /cannot tell the format/],
      [['--no-seed'], /--no-seed needs at least one --load/],
      [['--deadline', 'soon'], /--deadline: 'soon' is not a valid value/],
    ];
    for (const [args, message] of cases) {
      const result = await serve(args);
      expect('code' in result && result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it.concurrent('takes the deadline and row cap from the environment and reports them', async () => {
    const server = await running(['--workers', '1', '--no-seed', '--load', join(dir, 'a.ttl')], { SEGRAPH_DEADLINE: '2.5', SEGRAPH_MAX_ROWS: '1' });
    expect(server.stdout).toContain('deadline 2.5 s');
    const res = await fetch(`${server.endpoint}?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o }')}`);
    expect(res.headers.get('segraph-result-truncated')).toBe('true');
    server.child.kill('SIGTERM');
    await server.exit;
  });
});
