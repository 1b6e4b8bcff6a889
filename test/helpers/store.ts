/**
 * The SPARQL store the scale-tier tests of test/store/ run against: a real Virtuoso, never a mock.
 *
 * `testStore()` starts a throw-away Virtuoso for the test file (when `virtuoso-t` is on PATH) and
 * publishes the seed graph to it with `segraph publish`'s own code. Always its own: these tests
 * write other versions beside the seed's, which the store CI shares with the `store` project
 * (test/helpers/store-setup.ts) must not see. Without Virtuoso it returns a reason to skip — or,
 * under CI, throws: CI must run these tests, not skip them silently.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import type { Manifest } from '../../src/graph/snapshot.js';
import { publish } from '../../src/store/publish.js';
import { startVirtuoso, type VirtuosoInstance } from '../../src/store/virtuoso-instance.js';
import type { SourceSpec } from '../../src/query/protocol.js';
import { seedSnapshot } from './seed-snapshot.js';

const run = promisify(execFile);
const { namedNode } = N3.DataFactory;

async function readQuads(path: string): Promise<Quad[]> {
  const quads: Quad[] = [];
  const parser = new N3.StreamParser({ format: 'application/n-quads' });
  await new Promise<void>((ok, fail) => {
    createReadStream(path).pipe(parser).on('data', (q: Quad) => quads.push(q)).on('end', ok).on('error', fail);
  });
  return quads;
}

/**
 * Publishes the seed graph to `instance` with `segraph publish`'s own code, under its own version
 * or, given `version`, as another version of the same triples (a version kept beside the
 * published one, as publish leaves the one before).
 */
export async function publishSeed(instance: Pick<VirtuosoInstance, 'endpoint' | 'isqlPort' | 'loadDir'>, version?: string): Promise<void> {
  const { manifest, paths } = await seedSnapshot();
  await publish({
    snapshot: { manifest: version ? { ...manifest, version } : manifest, nquads: paths.nquads }, to: instance.endpoint,
    credentials: { user: 'dba', password: 'dba' }, isqlPort: instance.isqlPort, bulkDir: instance.loadDir,
  });
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
    await publishSeed(instance);
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
