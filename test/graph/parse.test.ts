import { describe, expect, it } from 'vitest';
import { parseRdf } from '../../src/graph/parse.js';
import { formatProblem } from '../../src/graph/problem.js';

describe('parseRdf', () => {
  it('reports a syntax error with file, line and column', () => {
    const text = '@prefix ex: <http://ex/> .\nGRAPH ex:g {\n  ex:a ex:b "x" ;\n     ex:c ex:d ex:e .\n}\n';
    const { problem, quads } = parseRdf('data/x.trig', text, { format: 'trig', blankNodePrefix: 'b_' });
    expect(quads).toEqual([]);
    expect(problem?.location).toEqual({ file: 'data/x.trig', line: 4, column: 16 });
    expect(formatProblem(problem!)).toMatch(/^data\/x\.trig:4:16: syntax error: Expected punctuation/);
  });

  it('labels blank nodes with the given prefix, so the same input gives the same quads', () => {
    const text = '@prefix ex: <http://ex/> .\nGRAPH ex:g { ex:a ex:b [ ex:c 1 ] . }\n';
    const a = parseRdf('x.trig', text, { format: 'trig', blankNodePrefix: 'f7_' });
    const b = parseRdf('x.trig', text, { format: 'trig', blankNodePrefix: 'f7_' });
    expect(a.quads.map((q) => q.object.value)).toEqual(b.quads.map((q) => q.object.value));
    expect(a.quads.find((q) => q.object.termType === 'BlankNode')?.object.value).toMatch(/^f7_/);
  });

  it('reads Turtle for the ontology and collects its prefixes', () => {
    const { quads, prefixes, problem } = parseRdf('o.ttl', '@prefix ex: <http://ex/> .\nex:a a ex:C .\n', {
      format: 'turtle',
      blankNodePrefix: 'o_',
    });
    expect(problem).toBeUndefined();
    expect(quads).toHaveLength(1);
    expect(prefixes).toEqual({ ex: 'http://ex/' });
  });
});
