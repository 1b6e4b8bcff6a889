/** `segraph validate`: parse, SHACL and known-terms checks over every file; exit 1 on any error. */
import { validateProject } from '../graph/validate.js';
import { printProblems, type Io } from './output.js';

export async function validateCommand(options: { root: string }, io: Io): Promise<number> {
  const started = performance.now();
  const report = await validateProject(options.root);
  printProblems(io, report.problems);
  const ms = Math.round(performance.now() - started);
  const summary = `${report.graph.files.length} files, ${report.graph.quads.length} quads, ${report.errors} error(s), ${report.warnings} warning(s) in ${ms} ms`;
  if (report.errors > 0) {
    io.err(`validate: failed: ${summary}`);
    return 1;
  }
  io.out(`validate: ok: ${summary}`);
  return 0;
}
