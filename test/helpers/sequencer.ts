/**
 * The order test files start in: the slowest first (measured on 2 cores), so that the run does
 * not end waiting on one long file while the other process has nothing left to do. Within the
 * rest, and for files not listed, vitest's own order (by the last run's durations when it has them,
 * else by size). Projects keep their groupOrder: the timing project still runs alone, last.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { ROOT } from './project.js';

/** Longest first: each takes 15 s or more of one process on 2 cores (CLI children, Python, html-validate, builds). */
export const SLOWEST = [
  'test/cli/serve.test.ts',
  'test/cli/serve-site.test.ts',
  'test/cli/lifecycle.test.ts',
  'test/interop/python.test.ts',
  'test/http/html-validity.test.ts',
  'test/cli/cli.test.ts',
  'test/graph/validate.test.ts',
  'test/api/one-row-per-practice.test.ts',
  'test/graph/snapshot.test.ts',
];

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = SLOWEST.indexOf(relative(ROOT, file.moduleId).split('\\').join('/'));
      return i < 0 ? SLOWEST.length : i;
    };
    const group = (file: TestSpecification) => file.project.config.sequence.groupOrder;
    // Array.prototype.sort is stable: unlisted files keep vitest's order.
    return sorted.sort((a, b) => group(a) - group(b) || rank(a) - rank(b));
  }
}
