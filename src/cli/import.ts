/** `segraph import FILE…`: check filled-in spreadsheet templates and write them as TriG data files. */
import { join, relative, sep } from 'node:path';
import { formatSheetProblem, importTemplate, type ImportOptions } from '../template/template.js';
import type { Io } from './output.js';

export async function importCommand(options: ImportOptions, io: Io): Promise<number> {
  const started = performance.now();
  let report;
  try {
    report = await importTemplate(options);
  } catch (error) {
    io.err(`import: failed: ${(error as Error).message}`);
    return 1;
  }
  for (const problem of report.problems) io.err(formatSheetProblem(problem));
  for (const warning of report.warnings) io.err(formatSheetProblem({ ...warning, message: `warning: ${warning.message}` }));
  const ms = Math.round(performance.now() - started);
  const counts = `${options.files.length} file(s), ${report.problems.length} problem(s), ${report.warnings.length} warning(s) in ${ms} ms`;
  if (report.problems.length > 0) {
    io.err(`import: failed, nothing written: ${counts}`);
    return 1;
  }
  if (!report.written) {
    io.out(`import: ok (dry run, nothing written): would write ${report.files.join(', ')}; ${counts}`);
    return 0;
  }
  // Paths as the project names them (data/practices/x.trig with the default --data-dir).
  const shown = report.files.map((f) => relative(options.root, join(options.dataDir, f)).split(sep).join('/'));
  io.out(`import: wrote ${shown.join(', ')}; ${counts}. Next: segraph validate, segraph build`);
  return 0;
}
