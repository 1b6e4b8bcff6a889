/**
 * The SPARQL store the scale-tier tests of test/store/ run against: a real Virtuoso, never a mock.
 *
 * `testStore()` starts a throw-away Virtuoso for the test file (when `virtuoso-t` is on PATH) and
 * publishes the seed graph to it with `segraph publish`'s own code. Always its own: these tests
 * write other versions beside the seed's, which the store CI shares with the `store` project
 * (test/helpers/store-setup.ts) must not see. Without Virtuoso it returns a reason to skip — or,
 * under CI, throws: CI must run these tests, not skip them silently.
 *
 * `loadSeedIntoStore` writes a version into the store the way publish lays it out but without
 * publish's checks: a fixture for a version that is loaded but not published.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { Manifest, SnapshotPaths } from '../../src/graph/snapshot.js';
import { CONTROL, CONTROL_GRAPH, STORE_SUBJECT, storedGraph, unionGraph, versionNode } from '../../src/store/layout.js';
import { publish } from '../../src/store/publish.js';
import { startVirtuoso, type VirtuosoInstance } from '../../src/store/virtuoso-instance.js';
import { iri, literal, sparql } from '../../src/query/sparql.js';
import { XSD } from '../../src/vocab/namespace.js';
import type { SourceSpec } from '../../src/query/protocol.js';
import { seedSnapshot } from './seed-snapshot.js';

const run = promisify(execFile);
const { namedNode, quad } = N3.DataFactory;

/** Where an instance can be loaded: its bulk-load directory and its isql port. */
export type Loadable = Pick<VirtuosoInstance, 'loadDir' | 'isqlPort'>;

/** Runs SQL (and `SPARQL …;` statements) through isql-vt as dba. */
export async function isql(instance: Loadable, sql: string): Promise<string> {
  const file = join(instance.loadDir, `run-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.sql`);
  await writeFile(file, sql);
  try {
    const { stdout } = await run('isql-vt', [String(instance.isqlPort), 'dba', 'dba', file], { maxBuffer: 64 * 1024 * 1024 });
    if (/\*\*\* Error/.test(stdout)) throw new Error(`isql: ${stdout}`);
    return stdout;
  } finally {
    await rm(file, { force: true });
  }
}

async function readQuads(path: string): Promise<Quad[]> {
  const quads: Quad[] = [];
  const parser = new N3.StreamParser({ format: 'application/n-quads' });
  await new Promise<void>((ok, fail) => {
    createReadStream(path).pipe(parser).on('data', (q: Quad) => quads.push(q)).on('end', ok).on('error', fail);
  });
  return quads;
}

/**
 * TEMPORARY (until `segraph publish`): puts a snapshot into the store in the layout: each quad
 * into `urn:segraph:{V}:{graph}` and into `urn:segraph:{V}:union`, IRIs equal to a graph name
 * replaced by its stored name, and the control triples; `publish` (default true) makes it the
 * published version. `version` overrides the manifest's (to load a second, unpublished version).
 */
export async function loadSeedIntoStore(
  instance: Loadable,
  snapshot: { manifest: Manifest; paths: SnapshotPaths },
  options: { version?: string; publish?: boolean } = {},
): Promise<{ version: string; unionTriples: number }> {
  const version = options.version ?? snapshot.manifest.version;
  const graphs = new Set(Object.keys(snapshot.manifest.graphs));
  const stored = (t: Term): Term => (t.termType === 'NamedNode' && graphs.has(t.value) ? namedNode(storedGraph(version, t.value)) : t);
  const union = namedNode(unionGraph(version));
  const writer = new N3.Writer({ format: 'application/n-quads' });
  const lines: string[] = [];
  const unionLines = new Set<string>();
  for (const q of await readQuads(snapshot.paths.nquads)) {
    const s = stored(q.subject) as Quad['subject'];
    const o = stored(q.object) as Quad['object'];
    lines.push(writer.quadToString(s, q.predicate, o, namedNode(storedGraph(version, q.graph.value))));
    unionLines.add(writer.quadToString(s, q.predicate, o, union));
  }
  const file = `seed-${version}-${Date.now()}.nq`;
  await writeFile(join(instance.loadDir, file), lines.join('') + [...unionLines].join(''));
  const node = iri(versionNode(version));
  const control = sparql`${node} ${iri(CONTROL.version)} ${literal(version)} ;
      ${iri(CONTROL.state)} "complete" ;
      ${iri(CONTROL.manifest)} ${literal(JSON.stringify(snapshot.manifest))} ;
      ${iri(CONTROL.unionTriples)} ${literal(String(unionLines.size), iri(XSD.integer))} .`;
  const published = options.publish ?? true
    ? sparql`SPARQL DELETE WHERE { GRAPH ${iri(CONTROL_GRAPH)} { ${iri(STORE_SUBJECT)} ${iri(CONTROL.published)} ?v } };
SPARQL INSERT DATA { GRAPH ${iri(CONTROL_GRAPH)} { ${iri(STORE_SUBJECT)} ${iri(CONTROL.published)} ${literal(version)} } };`
    : sparql``;
  await isql(instance, `ld_dir('${instance.loadDir}', '${file}', 'urn:unused');
rdf_loader_run();
checkpoint;
SPARQL INSERT DATA { GRAPH <${CONTROL_GRAPH}> { ${control.toString()} } };
${published.toString()}
checkpoint;
`);
  await rm(join(instance.loadDir, file), { force: true });
  return { version, unionTriples: unionLines.size };
}

export type TestStore =
  | { readonly endpoint: string; readonly instance?: VirtuosoInstance; close(): Promise<void> }
  | { readonly skip: string };

async function onPath(binary: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${binary}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The store for this test file (see the module's comment). `close()` stops the Virtuoso (and
 * removes its directory).
 */
export async function testStore(options: { buffers?: number } = {}): Promise<TestStore> {
  if (!(await onPath('virtuoso-t')) || !(await onPath('isql-vt'))) {
    const reason = 'no SPARQL store: install virtuoso-opensource-7 (virtuoso-t, isql-vt)';
    if (process.env.CI) throw new Error(`CI must run the store tests: ${reason}`);
    return { skip: reason };
  }
  const dir = await mkdtemp(join(tmpdir(), 'segraph-virtuoso-'));
  const instance = await startVirtuoso({ dir, buffers: options.buffers ?? 20_000 });
  try {
    const { manifest, paths } = await seedSnapshot();
    await publish({
      snapshot: { manifest, nquads: paths.nquads }, to: instance.endpoint,
      credentials: { user: 'dba', password: 'dba' }, isqlPort: instance.isqlPort, bulkDir: instance.loadDir,
    });
  } catch (error) {
    await instance.stop();
    throw error;
  }
  return {
    endpoint: instance.endpoint,
    instance,
    async close() {
      await instance.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A throw-away Virtuoso holding other data than the seed alone (the seed if `seed`, and RDF files
 * each into its named graph), published with `segraph publish`'s own code: how a test of the
 * `store` project that loads files of its own (`startTestServer({ loads })`) runs over the store
 * too. A file without a graph IRI cannot be published: the store layout has named graphs only.
 */
export async function storeWithFiles(seed: boolean, loads: readonly SourceSpec[]): Promise<{ endpoint: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'segraph-virtuoso-files-'));
  const instance = await startVirtuoso({ dir, buffers: 20_000 });
  try {
    const writer = new N3.Writer({ format: 'application/n-quads' });
    const lines = new Map<string, string>(); // N-Quads line → its graph
    if (seed) for (const q of await readQuads((await seedSnapshot()).paths.nquads)) lines.set(writer.quadToString(q.subject, q.predicate, q.object, q.graph), q.graph.value);
    for (const load of loads) {
      if (!load.graph) throw new Error(`${load.path}: a file loaded without a graph IRI cannot be published to a store (named graphs only)`);
      const graph = namedNode(load.graph);
      const parser = new N3.Parser({ format: load.format, baseIRI: `file://${load.path}` });
      for (const q of parser.parse(await readFile(load.path, 'utf8'))) lines.set(writer.quadToString(q.subject, q.predicate, q.object, graph), graph.value);
    }
    const text = [...lines.keys()].sort().join('');
    const graphs: Record<string, number> = {};
    for (const g of lines.values()) graphs[g] = (graphs[g] ?? 0) + 1;
    const sha256 = createHash('sha256').update(text).digest('hex');
    const manifest: Manifest = {
      version: sha256.slice(0, 16), sha256, builtAt: new Date().toISOString(), quads: lines.size, graphs,
      classes: {}, files: loads.map((l) => ({ path: l.path, sha256: '' })), inference: { rounds: 0, perRule: {} },
    };
    const nquads = join(dir, 'graph.nq');
    await writeFile(nquads, text);
    await publish({
      snapshot: { manifest, nquads }, to: instance.endpoint,
      credentials: { user: 'dba', password: 'dba' }, isqlPort: instance.isqlPort, bulkDir: instance.loadDir,
    });
  } catch (error) {
    await instance.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: instance.endpoint,
    async close() {
      await instance.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
