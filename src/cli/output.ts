/** Shared output helpers for CLI commands: problems to stderr, one summary line to stdout. */
import { formatProblem, type Problem } from '../graph/problem.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Prints problems sorted by file and line, errors and warnings alike. */
export function printProblems(io: Io, problems: readonly Problem[]): void {
  const sorted = [...problems].sort((a, b) => {
    const fa = a.location?.file ?? '~';
    const fb = b.location?.file ?? '~';
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (a.location?.line ?? 0) - (b.location?.line ?? 0);
  });
  for (const problem of sorted) io.err(formatProblem(problem));
}
