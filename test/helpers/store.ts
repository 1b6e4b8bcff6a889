/**
 * The SPARQL store the scale-tier tests run against (test/store/): a real Virtuoso, never a mock.
 *
 * `testStore()` gives its endpoint: env SEGRAPH_TEST_STORE if set (a store where the seed graph is
 * published already), else a throw-away Virtuoso started for the test file (when `virtuoso-t` is
 * on PATH) with the seed graph loaded into it. Without either it returns a reason to skip — or,
 * under CI, throws: CI must run these tests, not skip them silently.
 *
 * TEMPORARY: `loadSeedIntoStore` writes the store layout (src/store/layout.ts) itself, through
 * Virtuoso's bulk loader and isql. It is to be replaced by `segraph publish --to URL`
 * (src/store/publish.ts, being written on another branch); the integrator will also move the
 * start into vitest's globalSetup.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { Manifest, SnapshotPaths } from '../../src/graph/snapshot.js';
import { CONTROL, CONTROL_GRAPH, STORE_SUBJECT, storedGraph, unionGraph, versionNode } from '../../src/store/layout.js';
import { startVirtuoso, type VirtuosoInstance } from '../../src/store/virtuoso-instance.js';
import { iri, literal, sparql } from '../../src/query/sparql.js';
import { XSD } from '../../src/vocab/namespace.js';
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
 * The store for this test file (see the module's comment). `close()` stops a Virtuoso it started
 * (and removes its directory); a store given by SEGRAPH_TEST_STORE is left alone.
 */
export async function testStore(options: { buffers?: number } = {}): Promise<TestStore> {
  const given = process.env.SEGRAPH_TEST_STORE;
  if (given) return { endpoint: given, close: async () => {} };
  if (!(await onPath('virtuoso-t')) || !(await onPath('isql-vt'))) {
    const reason = 'no SPARQL store: set SEGRAPH_TEST_STORE to an endpoint where the seed graph is published, or install virtuoso-opensource-7 (virtuoso-t, isql-vt)';
    if (process.env.CI) throw new Error(`CI must run the store tests: ${reason}`);
    return { skip: reason };
  }
  const dir = await mkdtemp(join(tmpdir(), 'segraph-virtuoso-'));
  const instance = await startVirtuoso({ dir, buffers: options.buffers ?? 20_000 });
  try {
    await loadSeedIntoStore(instance, await seedSnapshot());
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
