/**
 * `segraph publish` against a real Virtuoso (test/helpers/publish-store.ts): the bulk and HTTP
 * loaders, the control graph, idempotence, switching and keeping N versions, an interrupted
 * publish (kill -9), wrong credentials and an unreachable store.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/graph/snapshot.js';
import { iri, sparql } from '../../src/query/sparql.js';
import { CONTROL, CONTROL_GRAPH, STORE_SUBJECT, storedGraph, unionGraph, versionNode } from '../../src/store/layout.js';
import { AuthenticationError, CountsMismatchError, DataError, publish, StoreUnreachableError, type PublishOptions } from '../../src/store/publish.js';
import { StoreClient, storeEndpoints } from '../../src/store/store-client.js';
import { DigestClient, DigestRefusedError } from '../../src/store/digest-auth.js';
import { isqlValues, MARK, runIsql, sqlString } from '../../src/store/isql.js';
import { noStoreReason, publishStore, type TestStore } from '../helpers/publish-store.js';
import { ROOT } from '../helpers/project.js';
import { seedSnapshot } from '../helpers/seed-snapshot.js';

const skip = noStoreReason();
if (skip) console.warn(`test/store/publish.test.ts skipped: ${skip}`);

interface TestSnapshot { readonly buildDir: string; readonly manifest: Manifest; readonly nquads: string }

const RUN = Math.random().toString(36).slice(2, 8);
let scratch: string;

/**
 * A snapshot of the seed graph under a version of its own (unique per run, so a shared store's
 * earlier runs do not interfere), without every `dropEvery`-th quad, its manifest counted anew.
 */
async function snapshot(name: string, dropEvery = 0): Promise<TestSnapshot> {
  const seed = await seedSnapshot();
  const lines = (await readFile(seed.paths.nquads, 'utf8')).split('\n').filter(Boolean).filter((_, i) => dropEvery === 0 || i % dropEvery !== 1);
  const graphs: Record<string, number> = {};
  for (const line of lines) {
    const g = /<([^>]*)> \.$/.exec(line)![1]!;
    graphs[g] = (graphs[g] ?? 0) + 1;
  }
  const version = `${name}-${RUN}`;
  const manifest: Manifest = { ...seed.manifest, version, quads: lines.length, graphs };
  const buildDir = join(scratch, name);
  const dir = join(buildDir, 'snapshots', version);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'graph.nq'), lines.join('\n') + '\n');
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  await writeFile(join(buildDir, 'current.json'), JSON.stringify({ version, path: `snapshots/${version}` }));
  return { buildDir, manifest, nquads: join(dir, 'graph.nq') };
}

/** Runs the CLI; resolves with its exit code and output. */
function cli(args: string[], env: Record<string, string> = {}): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/bin.js'), 'publish', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return { child, done: new Promise((ok) => child.on('close', (code, signal) => ok({ code, signal, stdout, stderr }))) };
}

describe.skipIf(skip)('segraph publish (Virtuoso)', () => {
  let store: TestStore;
  let client: StoreClient;
  const base = (s: TestSnapshot, extra: Partial<PublishOptions> = {}): PublishOptions => ({
    snapshot: { manifest: s.manifest, nquads: s.nquads }, to: store.endpoint, isqlPort: store.isqlPort,
    ...(store.loadDir ? { bulkDir: store.loadDir } : {}), ...extra,
  });
  const published = async () => (await client.select(sparql`SELECT ?v { GRAPH ${iri(CONTROL_GRAPH)} { ${iri(STORE_SUBJECT)} ${iri(CONTROL.published)} ?v } }`)).map((r) => r.v);
  const stateOf = async (version: string) => (await client.select(sparql`SELECT ?s { GRAPH ${iri(CONTROL_GRAPH)} { ${iri(versionNode(version))} ${iri(CONTROL.state)} ?s } }`)).map((r) => r.s);
  const countOf = async (graph: string) => Number((await client.select(sparql`SELECT (COUNT(*) AS ?n) FROM NAMED ${iri(graph)} { GRAPH ${iri(graph)} { ?s ?p ?o } }`))[0]?.n ?? 0);
  /** Every stored graph of the version holds the manifest's count. */
  const expectIntact = async (s: TestSnapshot) => {
    for (const [g, n] of Object.entries(s.manifest.graphs)) expect(await countOf(storedGraph(s.manifest.version, g)), g).toBe(n);
    expect(await countOf(unionGraph(s.manifest.version))).toBeGreaterThan(0);
    expect(await stateOf(s.manifest.version)).toEqual(['complete']);
  };
  let first: TestSnapshot;
  let second: TestSnapshot;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'segraph-publish-test-'));
    store = await publishStore();
    client = new StoreClient(storeEndpoints(store.endpoint), { user: 'dba', password: 'dba' });
    [first, second] = await Promise.all([snapshot('first'), snapshot('second', 500)]);
  });
  afterAll(async () => {
    await store?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('Digest authentication: the right credentials are taken, wrong ones refused', async () => {
    const update = storeEndpoints(store.endpoint).update;
    const ok = await new DigestClient({ user: 'dba', password: 'dba' }).fetch(`${update}?query=${encodeURIComponent('ASK {}')}`);
    expect(ok.status).toBe(200);
    await expect(new DigestClient({ user: 'dba', password: 'wrong' }).fetch(`${update}?query=${encodeURIComponent('ASK {}')}`)).rejects.toThrow(DigestRefusedError);
  });

  it('publishes with the bulk loader: the graphs, the union, the control graph', async () => {
    const logs: string[] = [];
    const result = await publish(base(first, { loader: 'bulk', log: (m) => logs.push(m) }));
    expect(result).toMatchObject({ outcome: 'published', version: first.manifest.version, loader: 'bulk', quads: first.manifest.quads });
    expect(logs.join('\n')).toMatch(/loader: bulk/);
    expect(await published()).toEqual([first.manifest.version]);
    await expectIntact(first);
    const node = iri(versionNode(first.manifest.version));
    const rows = await client.select(sparql`SELECT ?v ?m ?u ?a ?b { GRAPH ${iri(CONTROL_GRAPH)} { ${node} ${iri(CONTROL.version)} ?v ; ${iri(CONTROL.manifest)} ?m ; ${iri(CONTROL.unionTriples)} ?u ; ${iri(CONTROL.loadStarted)} ?a ; ${iri(CONTROL.loadFinished)} ?b } }`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.v).toBe(first.manifest.version);
    expect(JSON.parse(rows[0]!.m!)).toEqual(first.manifest);
    expect(Number(rows[0]!.u)).toBe(await countOf(unionGraph(first.manifest.version)));
    expect(Number(rows[0]!.u)).toBeLessThanOrEqual(first.manifest.quads);
    // A graph name in the data is stored under its stored name too (the provenance graph describes the graphs).
    const provenance = Object.keys(first.manifest.graphs).find((g) => g.endsWith('/provenance'))!;
    const described = Number((await client.select(sparql`SELECT (COUNT(*) AS ?n) { GRAPH ${iri(unionGraph(first.manifest.version))} { ${iri(storedGraph(first.manifest.version, provenance))} ?p ?o } }`))[0]?.n);
    const publicName = Number((await client.select(sparql`SELECT (COUNT(*) AS ?n) { GRAPH ${iri(unionGraph(first.manifest.version))} { ${iri(provenance)} ?p ?o } }`))[0]?.n);
    expect(described).toBeGreaterThan(0);
    expect(publicName).toBe(0);
  });

  it('publishing the same version again does nothing and says so', async () => {
    const result = await publish(base(first));
    expect(result.outcome).toBe('unchanged');
    const { code, stdout } = await cli(['--build-dir', first.buildDir, '--to', store.endpoint, '--isql-port', String(store.isqlPort)]).done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/already published: nothing to do/);
  });

  it('publishes a second version with the http loader: switches, keeps the one before', async () => {
    const { code, stdout, stderr } = await cli(['--build-dir', second.buildDir, '--to', store.endpoint, '--loader', 'http']).done;
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/loader: http \(--loader http\)/);
    expect(stdout).toMatch(new RegExp(`version ${second.manifest.version} published with the http loader: [\\d,]+ quads in [\\d.]+ s \\([\\d,]+ quads/s\\), switch \\d+ ms`));
    expect(await published()).toEqual([second.manifest.version]);
    await expectIntact(second);
    await expectIntact(first); // --keep 2: the one before stays
  });

  it('a third version with --keep 2 removes the oldest; never the published or the new one', async () => {
    const third = await snapshot('third', 300);
    const result = await publish(base(third, { keep: 2 }));
    expect(result).toMatchObject({ outcome: 'published', previous: second.manifest.version, removed: [first.manifest.version] });
    expect(await published()).toEqual([third.manifest.version]);
    await expectIntact(third);
    await expectIntact(second);
    expect(await countOf(unionGraph(first.manifest.version))).toBe(0);
    expect(await stateOf(first.manifest.version)).toEqual([]);
    // Back to the kept second version: switched to without loading.
    const back = await publish(base(second, { keep: 2 }));
    expect(back).toMatchObject({ outcome: 'published', reused: true, previous: third.manifest.version, removed: [] });
    expect(await published()).toEqual([second.manifest.version]);
  });

  it('wrong credentials: a clear error, nothing changed', async () => {
    const before = await published();
    const other = await snapshot('refused', 200);
    await expect(publish(base(other, { loader: 'http', credentials: { user: 'dba', password: 'wrong' } }))).rejects.toThrow(AuthenticationError);
    await expect(publish(base(other, { loader: 'http', credentials: { user: 'dba', password: 'wrong' } }))).rejects.toThrow(/authentication refused .*SEGRAPH_STORE_PASSWORD/);
    expect(await published()).toEqual(before);
    expect(await stateOf(other.manifest.version)).toEqual([]);
    const { code, stderr } = await cli(['--build-dir', other.buildDir, '--to', store.endpoint, '--loader', 'http'], { SEGRAPH_STORE_PASSWORD: 'wrong' }).done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/publish: failed: .*authentication refused/);
  });

  it('a counts mismatch (a manifest that does not match the data) is refused, the published version untouched', async () => {
    const before = await published();
    const bad = await snapshot('mismatch', 100);
    const graph = Object.keys(bad.manifest.graphs)[0]!;
    const manifest = { ...bad.manifest, graphs: { ...bad.manifest.graphs, [graph]: bad.manifest.graphs[graph]! + 1 } };
    const error = await publish({ ...base(bad), snapshot: { manifest, nquads: bad.nquads }, loader: 'http' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CountsMismatchError);
    expect((error as Error).message).toContain(storedGraph(bad.manifest.version, graph));
    expect(await published()).toEqual(before);
    expect(await countOf(unionGraph(bad.manifest.version))).toBe(0); // cleared
  });

  it('data holding an urn:segraph: IRI is refused, naming the line; nothing changed', async () => {
    const before = await published();
    const bad = await snapshot('own-iri', 600);
    const lines = (await readFile(bad.nquads, 'utf8')).split('\n');
    const graph = Object.keys(bad.manifest.graphs)[0]!;
    lines.splice(5000, 0, `<urn:segraph:store> <http://example.org/p> "x" <${graph}> .`);
    await writeFile(bad.nquads, lines.join('\n'));
    for (const loader of ['bulk', 'http'] as const) {
      const error = await publish(base(bad, { loader })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as Error).message).toMatch(/graph\.nq:5001: the data holds <urn:segraph:store>/);
      expect(await published()).toEqual(before);
      expect(await countOf(unionGraph(bad.manifest.version))).toBe(0);
      expect(await stateOf(bad.manifest.version)).toEqual([]);
    }
  });

  it('an unreachable store: a clear error, exit 1', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => ok(p)); }); });
    const to = `http://127.0.0.1:${port}/sparql`;
    await expect(publish({ ...base(first), to })).rejects.toThrow(StoreUnreachableError);
    const { code, stderr } = await cli(['--build-dir', first.buildDir, '--to', to]).done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/publish: failed: store unreachable: .*ECONNREFUSED/);
  });

  it('no snapshot: says to build first, exit 1', async () => {
    const { code, stderr } = await cli(['--build-dir', join(scratch, 'nothing'), '--to', store.endpoint]).done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/no snapshot in .*: run 'segraph build' first/);
  });

  it('the bulk loader clears what an interrupted bulk publish left: its directory and its unloaded LOAD_LIST rows', async (context) => {
    if (!store.loadDir) context.skip('SEGRAPH_TEST_STORE_LOAD_DIR is not set');
    const stale = join(store.loadDir, 'segraph-publish-stale-test');
    await mkdir(stale, { recursive: true });
    await writeFile(join(stale, 'part-00000.nq'), '<http://example.org/s> <http://example.org/p> "stale" <http://example.org/stale> .\n');
    const target = { host: '127.0.0.1', port: store.isqlPort, credentials: { user: 'dba', password: 'dba' } };
    await runIsql(target, `ld_dir(${sqlString(stale)}, '*', 'urn:unused');`);
    const logs: string[] = [];
    const other = await snapshot('after-stale', 250);
    await publish(base(other, { loader: 'bulk', keep: 3, log: (m) => logs.push(m) }));
    expect(logs.join('\n')).toContain(`removing ${stale}, left by an interrupted publish`);
    await expect(stat(stale)).rejects.toThrow(/ENOENT/);
    expect(await countOf('http://example.org/stale')).toBe(0);
    const rows = isqlValues(await runIsql(target, `SELECT '${MARK}' || count(*) FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE ${sqlString(`${store.loadDir}/segraph-publish-%`)};`));
    expect(rows).toEqual(['0']);
    await expectIntact(other);
  });

  it('SIGTERM halfway: stops, clears what it loaded, says so, exit 1; the published version unchanged', async () => {
    const before = await published();
    const stopped = await snapshot('stopped', 350);
    const run = cli(['--build-dir', stopped.buildDir, '--to', store.endpoint, '--loader', 'http'], { SEGRAPH_PUBLISH_PIECE: '40' });
    const until = Date.now() + 30_000;
    while (Date.now() < until && (await countOf(unionGraph(stopped.manifest.version))) < 500) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.done;
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(new RegExp(`publish: failed: interrupted while loading version ${stopped.manifest.version}: it was cleared; the published version \\(${before[0]}\\) is unchanged`));
    expect(await published()).toEqual(before);
    expect(await countOf(unionGraph(stopped.manifest.version))).toBe(0);
    expect(await stateOf(stopped.manifest.version)).toEqual([]);
  });

  it('kill -9 halfway: the published version stays published and complete; publishing again clears and completes', async () => {
    const before = (await published())[0]!;
    const interrupted = await snapshot('interrupted', 400);
    const version = interrupted.manifest.version;
    const run = cli(['--build-dir', interrupted.buildDir, '--to', store.endpoint, '--loader', 'http'], { SEGRAPH_PUBLISH_PIECE: '40' });
    // Halfway: some of the new version's quads are in the store, not all.
    const until = Date.now() + 30_000;
    let loaded = 0;
    while (Date.now() < until) {
      loaded = await countOf(unionGraph(version));
      if (loaded > 1000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    run.child.kill('SIGKILL');
    const { signal } = await run.done;
    expect(signal).toBe('SIGKILL');
    expect(loaded).toBeGreaterThan(1000);
    expect(loaded).toBeLessThan(interrupted.manifest.quads);
    expect(await published()).toEqual([before]);
    expect(await stateOf(version)).toEqual(['loading']);
    const kept = before === second.manifest.version ? second : undefined;
    if (kept) await expectIntact(kept);

    const again = await cli(['--build-dir', interrupted.buildDir, '--to', store.endpoint, '--loader', 'http']).done;
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/left loading by an earlier publish that did not finish: clearing it/);
    expect(await published()).toEqual([version]);
    await expectIntact(interrupted);
  });
});

describe('segraph publish usage errors (no store needed)', () => {
  it.each([
    [[], /publish: --to URL is required/],
    [['--to', 'http://127.0.0.1:1/sparql', '--keep', '0'], /publish: --keep: '0' is not an integer from 1 up/],
    [['--to', 'http://127.0.0.1:1/sparql', '--loader', 'fast'], /publish: --loader: 'fast' is not one of auto, bulk, http/],
  ])('%j: exit 2 with the reason and the pointer to --help', async (args, reason) => {
    const { code, stderr } = await cli(args).done;
    expect(code).toBe(2);
    expect(stderr).toMatch(reason);
    expect(stderr).toContain("run 'segraph publish --help' for usage");
  });
});
