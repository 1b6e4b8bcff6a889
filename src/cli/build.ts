/** `segraph build`: validate, infer and write a versioned snapshot; the last good one stays on failure. */
import { relative } from 'node:path';
import { buildProject } from '../graph/build.js';
import { ProblemsError } from '../graph/problem.js';
import { printProblems, type Io } from './output.js';

export async function buildCommand(options: { root: string; buildDir: string }, io: Io): Promise<number> {
  const started = performance.now();
  try {
    const { manifest, paths, report } = await buildProject(options);
    printProblems(io, report.problems); // warnings only, at this point
    const inferred = Object.values(manifest.inference.perRule).reduce((a, b) => a + b, 0);
    const ms = Math.round(performance.now() - started);
    io.out(`build: ok: version ${manifest.version}, ${manifest.quads} quads (${inferred} inferred in ${manifest.inference.rounds} rounds), ${Object.keys(manifest.graphs).length} graphs, in ${ms} ms`);
    io.out(`  snapshot: ${relative(process.cwd(), paths.nquads) || paths.nquads}`);
    return 0;
  } catch (error) {
    if (error instanceof ProblemsError) {
      printProblems(io, error.problems);
      io.err(`build: failed: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
