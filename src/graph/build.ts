/**
 * `build`: validate, infer, write a snapshot (N-Quads, dumps in every RDF format, manifest).
 * Nothing is written unless validation passes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { infer, loadRules } from './infer.js';
import { ProblemsError } from './problem.js';
import { findSources } from './sources.js';
import { writeSnapshot, type Manifest, type SnapshotPaths } from './snapshot.js';
import { partition, validateProject, type ValidationReport } from './validate.js';

export interface BuildResult {
  readonly manifest: Manifest;
  readonly paths: SnapshotPaths;
  readonly report: ValidationReport;
}

/**
 * Builds the graph of the project under `root` into `buildDir`.
 * Throws a ProblemsError (and writes nothing) if validation finds errors.
 *
 * @example
 *   const { manifest } = await buildProject({ root: process.cwd(), buildDir: 'build' });
 */
export async function buildProject(options: { root: string; buildDir: string }): Promise<BuildResult> {
  const report = await validateProject(options.root);
  if (report.errors > 0) {
    throw new ProblemsError(`validation failed with ${report.errors} error(s); the previous snapshot is unchanged`, report.problems);
  }
  const { ontology, data } = partition(report.graph.quads);
  // The published snapshot holds the ontology and the data; shapes are for validation.
  const asserted = [...ontology, ...data];
  const rules = await loadRules(options.root);
  const inference = infer(asserted, rules);
  const hash = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
  const files = [
    ...(await Promise.all(
      report.graph.files.map(async (file) => ({ path: file.path, sha256: hash(await readFile(file.absolutePath)) })),
    )),
    ...rules.map((rule) => ({ path: `ontology/rules/${rule.name}`, sha256: hash(rule.query) })),
  ];
  const { manifest, paths } = await writeSnapshot(options.buildDir, [...asserted, ...inference.quads], {
    files,
    inference: { rounds: inference.rounds, perRule: inference.perRule },
  });
  return { manifest, paths, report };
}

/**
 * Whether `manifest` was built from exactly the files now under `root` (sources and inference
 * rules, compared by SHA-256) and has its dumps and search index: if so, there is nothing to
 * rebuild. A snapshot written before dumps (or the search index) existed is rebuilt once, so that
 * /dumps/, the catalogue and /api/search have them.
 */
export async function isUpToDate(root: string, manifest: Manifest): Promise<boolean> {
  if (!manifest.dumps || !manifest.search) return false;
  const hash = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
  const current = [
    ...(await Promise.all((await findSources(root)).map(async (f) => `${f.path} ${hash(await readFile(f.absolutePath))}`))),
    ...(await loadRules(root)).map((rule) => `ontology/rules/${rule.name} ${hash(rule.query)}`),
  ].sort();
  const built = manifest.files.map((f) => `${f.path} ${f.sha256}`).sort();
  return current.length === built.length && current.every((line, i) => line === built[i]);
}
