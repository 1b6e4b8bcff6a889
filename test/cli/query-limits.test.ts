/**
 * The query-shape limits of `segraph serve`: a flag and an environment variable each, the flag
 * winning; a value that is not a positive integer stops the start with the flag's name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { serveOptions } from '../../src/cli/serve-command.js';
import { UsageError } from '../../src/cli/serve.js';
import { DEFAULT_QUERY_SHAPE_LIMITS } from '../../src/query/query-shape.js';

const ENV = ['SEGRAPH_MAX_QUERY_DEPTH', 'SEGRAPH_MAX_QUERY_SEQUENCE', 'SEGRAPH_MAX_QUERY_EVAL_DEPTH'] as const;
const options = (values: Record<string, string> = {}) => serveOptions({ root: '.', buildDir: 'build', values });

afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

describe('segraph serve query limits', () => {
  it('default to DEFAULT_QUERY_SHAPE_LIMITS', () => {
    expect(options().limits.query).toEqual(DEFAULT_QUERY_SHAPE_LIMITS);
  });

  it('are set by --max-query-depth, --max-query-sequence and --max-query-eval-depth', () => {
    expect(options({ 'max-query-depth': '10', 'max-query-sequence': '200', 'max-query-eval-depth': '300' }).limits.query)
      .toEqual({ maxDepth: 10, maxSequence: 200, maxEvalDepth: 300 });
  });

  it('are set by SEGRAPH_MAX_QUERY_DEPTH, _SEQUENCE and _EVAL_DEPTH, and a flag wins over its variable', () => {
    process.env['SEGRAPH_MAX_QUERY_DEPTH'] = '20';
    process.env['SEGRAPH_MAX_QUERY_SEQUENCE'] = '30';
    process.env['SEGRAPH_MAX_QUERY_EVAL_DEPTH'] = '40';
    expect(options().limits.query).toEqual({ maxDepth: 20, maxSequence: 30, maxEvalDepth: 40 });
    expect(options({ 'max-query-depth': '5' }).limits.query.maxDepth).toBe(5);
  });

  it.each(['0', '-1', '2.5', 'many'])('refuse %s, naming the flag', (value) => {
    expect(() => options({ 'max-query-eval-depth': value })).toThrow(UsageError);
    expect(() => options({ 'max-query-eval-depth': value })).toThrow(/--max-query-eval-depth/);
  });

  it('are in the usage text, with their variables', async () => {
    let out = '';
    expect(await main(['serve', '--help'], { out: (m) => (out += m), err: () => {} })).toBe(0);
    for (const text of ['--max-query-depth', '--max-query-sequence', '--max-query-eval-depth', ...ENV]) expect(out).toContain(text);
  });
});
