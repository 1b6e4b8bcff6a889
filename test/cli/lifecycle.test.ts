/**
 * The server's life cycle as an operator sees it, on `segraph serve` child processes: it fails
 * loudly when it cannot listen, says whether it is ready at /healthz, keeps serving its snapshot
 * when a build fails beside it, and on SIGTERM lets requests in flight finish (or answers them
 * 503 shutting_down when the grace period ends) before exiting 0.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, ROOT, type ProjectCopy } from '../helpers/project.js';
import { copySeedBuild } from '../helpers/seed-snapshot.js';

const BIN = join(ROOT, 'dist', 'cli', 'bin.js');
/** About 4 s on the seed graph here, and finite: every triple against every rdf:type triple. */
/** About a second and a half on the seed graph (every triple × every SKOS concept × 3): long enough to be in flight when the signal comes. */
const CONCEPT = '<http://www.w3.org/2004/02/skos/core#Concept>';
const SLOW = `SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ${CONCEPT} . VALUES ?k { 1 2 3 } }`;
const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

interface Running { child: ChildProcess; stdout: () => string; stderr: () => string; url: string; exit: Promise<number | null> }

function serve(project: ProjectCopy, args: string[]): Promise<Running | { code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--root', project.root, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Home page\s+(\S+)/.exec(stdout);
      if (m) resolve({ child, stdout: () => stdout, stderr: () => stderr, url: m[1]!, exit });
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    void exit.then((code) => resolve({ code, stdout, stderr }));
  });
}

async function running(project: ProjectCopy, args: string[]): Promise<Running> {
  const r = await serve(project, ['--port', '0', ...args]);
  if (!('url' in r)) throw new Error(`serve exited ${r.code}: ${r.stderr}`);
  return r;
}

const query = (url: string, text: string) =>
  fetch(`${url}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: text });

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the server life cycle', () => {
  let project: ProjectCopy;
  beforeAll(async () => {
    project = await copyProject();
    // The run's seed build as the copy's build/, up to date with its sources: serve serves it as
    // is (test/cli/cli.test.ts runs `segraph build` itself).
    await copySeedBuild(join(project.root, 'build'));
  }, 120_000);
  afterAll(async () => project?.remove());

  it('exits 1 with a clear message when the port is in use, and never says it is ready', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await serve(project, ['--port', String(port), '--workers', '1']);
      expect('code' in result).toBe(true);
      if (!('code' in result)) return;
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
      expect(result.stdout).not.toMatch(/SPARQL endpoint|ready in/);
    } finally {
      blocker.close();
    }
  });

  it('answers /healthz: ready, with the graph version and the workers', async () => {
    const server = await running(project, ['--workers', '2']);
    try {
      const manifestPointer = JSON.parse(await readFile(join(project.root, 'build', 'current.json'), 'utf8')) as { version: string };
      await until(async () => ((await (await fetch(`${server.url}healthz`)).json()) as { workers: { alive: number } }).workers.alive === 2);
      const res = await fetch(`${server.url}healthz`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as Record<string, any>;
      expect(body).toMatchObject({ status: 'ready', graph: { version: manifestPointer.version }, workers: { size: 2, alive: 2, busy: 0 } });
      expect(body['workers'].max).toBeGreaterThanOrEqual(2);
      expect(body['memory'].rssBytes).toBeGreaterThan(0);
      expect(server.stdout()).toMatch(/Health\s+http:\/\/127\.0\.0\.1:\d+\/healthz/);
      expect(server.stderr()).not.toContain('building');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    }
  });

  it('keeps serving its snapshot when a build fails beside it', async () => {
    const server = await running(project, ['--workers', '1']);
    try {
      const pointer = await readFile(join(project.root, 'build', 'current.json'), 'utf8');
      const version = ((await (await fetch(`${server.url}healthz`)).json()) as { graph: { version: string } }).graph.version;
      await project.edit('data/practices/doeners-be.trig', 'sg:status status:ongoing ;', 'sg:status status:ongoing ;;;; ]');
      const build = spawnSync(process.execPath, [BIN, 'build', '--root', project.root], { encoding: 'utf8' });
      expect(build.status).toBe(1);
      expect(await readFile(join(project.root, 'build', 'current.json'), 'utf8')).toBe(pointer);
      const health = (await (await fetch(`${server.url}healthz`)).json()) as { status: string; graph: { version: string } };
      expect(health).toMatchObject({ status: 'ready', graph: { version } });
      const res = await query(server.url, 'SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/segraph/ontology#Practice> }');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ results: { bindings: [{ n: { value: '18' } }] } });
    } finally {
      await project.edit('data/practices/doeners-be.trig', 'sg:status status:ongoing ;;;; ]', 'sg:status status:ongoing ;');
      server.child.kill('SIGTERM');
      await server.exit;
    }
  });

  it('on SIGTERM stops accepting, lets a query in flight finish, then exits 0', async () => {
    const server = await running(project, ['--grace', '60', '--deadline', '60']);
    const count = async (q: string) => BigInt(((await (await query(server.url, q)).json()) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0]!.n.value);
    const expectedPairs = (await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')) * (await count(`SELECT (COUNT(*) AS ?n) WHERE { ?s a ${CONCEPT} }`)) * 3n;
    const inFlight = query(server.url, SLOW);
    await until(async () => ((await (await fetch(`${server.url}healthz`)).json()) as { workers: { busy: number } }).workers.busy === 1);
    server.child.kill('SIGTERM');
    await until(async () => server.stderr().includes('stopping'));
    expect(server.stderr()).toContain('letting 1 request(s) in flight finish');
    await expect(fetch(`${server.url}healthz`)).rejects.toThrow(); // no new connections
    const res = await inFlight;
    expect(res.status).toBe(200);
    // The slow query counts the triples (triple, concept, one of 3): the product of the counts the
    // server gave before it was stopped (over the default graph, each triple counted once), times 3.
    expect(await res.json()).toMatchObject({ results: { bindings: [{ n: { value: String(expectedPairs) } }] } });
    expect(await server.exit).toBe(0);
    expect(server.stderr()).toContain('serve: stopped');
  }, 90_000);

  it('answers a request still running when the grace period ends with 503 shutting_down, then exits 0', async () => {
    const server = await running(project, ['--grace', '1', '--deadline', '60']);
    const inFlight = query(server.url, RUNAWAY);
    await until(async () => ((await (await fetch(`${server.url}healthz`)).json()) as { workers: { busy: number } }).workers.busy === 1);
    server.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ error: { status: 503, code: 'shutting_down' } });
    expect(await server.exit).toBe(0);
    expect(server.stderr()).toMatch(/still running after the 1 s grace period/);
  }, 60_000);
});
