/**
 * `build`: validate, infer, write a snapshot. Nothing is written unless validation passes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { infer, loadRules } from './infer.js';
import { ProblemsError } from './problem.js';
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
  const inference = infer(asserted, await loadRules(options.root));
  const files = await Promise.all(
    report.graph.files.map(async (file) => ({
      path: file.path,
      sha256: createHash('sha256').update(await readFile(file.absolutePath)).digest('hex'),
    })),
  );
  const { manifest, paths } = await writeSnapshot(options.buildDir, [...asserted, ...inference.quads], {
    files,
    inference: { rounds: inference.rounds, perRule: inference.perRule },
  });
  return { manifest, paths, report };
}
