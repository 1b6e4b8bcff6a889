/** `segraph validate`: parse, SHACL and known-terms checks over every file; exit 1 on any error. */
import { join, relative } from 'node:path';
import { loadNamedQueries } from '../api/named-query.js';
import { validateProject } from '../graph/validate.js';
import { printProblems, type Io } from './output.js';

export async function validateCommand(options: { root: string }, io: Io): Promise<number> {
  const started = performance.now();
  const report = await validateProject(options.root);
  printProblems(io, report.problems);
  // The question API's named queries: each header and query must parse and agree.
  const { queries, problems } = await loadNamedQueries(join(options.root, 'queries'));
  for (const problem of problems) io.err(`${relative(options.root, problem.file)}: error: ${problem.message.slice(problem.file.length + 2)}`);
  const errors = report.errors + problems.length;
  const ms = Math.round(performance.now() - started);
  const summary = `${report.graph.files.length} files, ${report.graph.quads.length} quads, ${queries.length + problems.length} named queries, ${errors} error(s), ${report.warnings} warning(s) in ${ms} ms`;
  if (errors > 0) {
    io.err(`validate: failed: ${summary}`);
    return 1;
  }
  io.out(`validate: ok: ${summary}`);
  return 0;
}
