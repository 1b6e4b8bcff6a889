/**
 * The benchmark's own bulk load of a snapshot into Virtuoso, following src/store/layout.ts: a
 * stand-in for `publish()` (src/store/publish.ts) until that exists on this branch, so that the
 * store columns can be measured at all. It writes the layout's N-Quads into Virtuoso's load
 * directory — each quad under its stored graph name (`urn:segraph:{V}:{graph}`) and once more in
 * the version's union graph (Virtuoso keeps a quad once, so a triple stated in two graphs is
 * one triple of the union) — plus the version's node in the control graph, bulk-loads it
 * (`ld_dir`, `rdf_loader_run`, `checkpoint`), then marks the version complete and switches the
 * published version with one SPARQL Update.
 *
 * Not done here (publish's job): the stored names of data IRIs equal to a graph name (the
 * synthetic graph has none), deleting older versions.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { CONTROL, CONTROL_GRAPH, STORE_SUBJECT, storedGraph, unionGraph, versionNode } from '../src/store/layout.js';
import { isql } from './isql.js';
import type { BenchSnapshot } from './store-snapshot.js';

/** What a publish reports: the same figures `publish()` returns, so the report takes either. */
export interface PublishFigures {
  /** What loaded it: the benchmark's stand-in or segraph's own `publish()`, and how. */
  readonly via: string;
  readonly version: string;
  /** Quads of the snapshot (the throughput counts these, not the union copies). */
  readonly quads: number;
  /** Start of the load → every quad loaded and checkpointed, the version marked complete. */
  readonly loadMs: number;
  /** The one update that makes the version the published one. */
  readonly switchMs: number;
  /** Distinct triples of the version's union graph, as the store counts them. */
  readonly unionTriples?: number | undefined;
}

const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer';

/** One N-Quads line with its graph (the last IRI; every synthetic line ends `<graph> .`) replaced. */
function regraph(line: string, graph: string): string {
  return `${line.slice(0, line.lastIndexOf('<'))}<${graph}> .\n`;
}

async function writeLayoutFile(snapshot: BenchSnapshot, path: string): Promise<void> {
  const { version } = snapshot.manifest;
  const union = unionGraph(version);
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  for await (const line of createInterface({ input: createReadStream(snapshot.nquads, 'utf8'), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const graph = line.slice(line.lastIndexOf('<') + 1, line.lastIndexOf('>'));
    await write(regraph(line, storedGraph(version, graph)) + regraph(line, union));
  }
  const node = versionNode(version);
  const control = (p: string, o: string) => `<${node}> <${p}> ${o} <${CONTROL_GRAPH}> .\n`;
  await write(control(CONTROL.version, JSON.stringify(version)) + control(CONTROL.manifest, JSON.stringify(JSON.stringify(snapshot.manifest))));
  out.end();
  await once(out, 'finish');
}

/** The number in the first line of isql output that is only a number. */
const firstNumber = (output: string) => {
  const m = /^\s*(\d+)\s*$/m.exec(output);
  return m ? Number(m[1]) : undefined;
};

/**
 * Bulk-loads `snapshot` into the Virtuoso on `isqlPort`, whose load directory is `loadDir`, and
 * publishes it.
 */
export async function benchPublish(snapshot: BenchSnapshot, isqlPort: number, loadDir: string): Promise<PublishFigures> {
  const { version } = snapshot.manifest;
  const file = `segraph-${version}.nq`;
  const path = join(loadDir, file);
  const started = performance.now();
  try {
    await writeLayoutFile(snapshot, path);
    await isql(isqlPort, [
      `ld_dir('${loadDir}', '${file}', 'urn:unused');`,
      'rdf_loader_run();',
      'checkpoint;',
    ].join('\n'));
    const failed = await isql(isqlPort, `SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '%${file}' AND (ll_error IS NOT NULL OR ll_state <> 2);`);
    if (firstNumber(failed) !== 0) {
      throw new Error(`Virtuoso did not load ${file}: ${await isql(isqlPort, `SELECT ll_state, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '%${file}';`)}`);
    }
    const unionTriples = firstNumber(await isql(isqlPort, `SPARQL SELECT COUNT(*) FROM <${unionGraph(version)}> WHERE { ?s ?p ?o };`));
    await isql(isqlPort, `SPARQL INSERT INTO GRAPH <${CONTROL_GRAPH}> { <${versionNode(version)}> <${CONTROL.state}> "complete" ; ` +
      `<${CONTROL.unionTriples}> "${unionTriples ?? 0}"^^<${XSD_INTEGER}> };`);
    const loadMs = performance.now() - started;
    const switchStarted = performance.now();
    await isql(isqlPort, `SPARQL WITH <${CONTROL_GRAPH}> DELETE { <${STORE_SUBJECT}> <${CONTROL.published}> ?v } ` +
      `INSERT { <${STORE_SUBJECT}> <${CONTROL.published}> "${version}" } WHERE { OPTIONAL { <${STORE_SUBJECT}> <${CONTROL.published}> ?v } };`);
    const switchMs = performance.now() - switchStarted;
    return { via: 'the benchmark\'s stand-in bulk load (isql `ld_dir` + `rdf_loader_run`)', version, quads: snapshot.manifest.quads, loadMs, switchMs, unionTriples };
  } finally {
    rmSync(path, { force: true });
  }
}
