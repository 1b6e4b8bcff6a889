/**
 * Refuses, before the engine sees it, a query whose shape would overflow Oxigraph's stack.
 *
 * Oxigraph parses a query by recursive descent and then walks the algebra tree recursively (to
 * optimise it, to evaluate it, to free it). Both run on the Wasm module's stack: a query nested
 * deeply enough, or a long enough sequence (`a + b + …`, `OPTIONAL {…} OPTIONAL {…} …`, which
 * become left-deep trees as deep as the sequence is long), overflows it, and the trap leaves that
 * Oxigraph instance failing every later query. A few KB of text are enough. This module measures
 * the text, on the main thread and in linear time, and `checkQueryShape` throws a
 * QueryTooComplexError when a measure passes its limit.
 *
 * How the text is measured, and why the weights are what they are: query-shape-scan.ts.
 *
 * @example
 *   checkQueryShape('SELECT * { ?s ?p ?o }')                               // fine
 *   checkQueryShape(`SELECT (${'STR('.repeat(200)}1${')'.repeat(200)} AS ?x) {}`)
 *   // throws QueryTooComplexError { limit: 'depth', max: 64, found: 201 }
 */

import { measureQueryShape } from './query-shape-scan.js';

export { measureQueryShape };

/** The limits a query's shape must stay within. */
export interface QueryShapeLimits {
  /** Brackets open at once. */
  readonly maxDepth: number;
  /** Elements in one group, expression, list or path. */
  readonly maxSequence: number;
  /** The estimated evaluation depth (see the module comment). */
  readonly maxEvalDepth: number;
}

/**
 * Each at least 2× below the failure point of every shape measured in a query worker (see the
 * module comment), and well above every legitimate query we know: those of the W3C SPARQL 1.0,
 * 1.1 and 1.2 test suites, queries/*.rq, and those the server builds, of which the largest
 * measure depth 11, sequence 42, evalDepth 179 (test/query/query-shape.test.ts).
 */
export const DEFAULT_QUERY_SHAPE_LIMITS: QueryShapeLimits = {
  maxDepth: 64,
  maxSequence: 400,
  maxEvalDepth: 1000,
};

export type QueryShapeLimit = 'depth' | 'sequence' | 'evalDepth';

export interface QueryShape {
  readonly depth: number;
  readonly sequence: number;
  readonly evalDepth: number;
}

/** The flag of `segraph serve` that sets each limit, for messages. */
export const QUERY_SHAPE_FLAGS: Record<QueryShapeLimit, string> = {
  depth: '--max-query-depth',
  sequence: '--max-query-sequence',
  evalDepth: '--max-query-eval-depth',
};

const WHAT: Record<QueryShapeLimit, string> = {
  depth: 'nests brackets',
  sequence: 'has a group, expression or list of',
  evalDepth: 'has an estimated evaluation depth of',
};

/** A query whose shape passes a limit: nested too deeply, or too long a sequence. */
export class QueryTooComplexError extends Error {
  constructor(readonly limit: QueryShapeLimit, readonly max: number, readonly found: number) {
    const measure = limit === 'depth' ? `${found} deep` : limit === 'sequence' ? `${found} elements` : String(found);
    super(`The query ${WHAT[limit]} ${measure}; this server accepts at most ${max} (${QUERY_SHAPE_FLAGS[limit]}). `
      + 'Deeply nested or very long queries overflow the query engine\'s stack'
      + (limit === 'sequence' ? '; for a long list of values, use a VALUES block (its rows are not counted).' : '.'));
    this.name = 'QueryTooComplexError';
  }
}

/** Measures a query and throws QueryTooComplexError if it passes a limit (depth, then sequence, then evalDepth). */
export function checkQueryShape(text: string, limits: QueryShapeLimits = DEFAULT_QUERY_SHAPE_LIMITS): QueryShape {
  const shape = measureQueryShape(text, limits.maxDepth + 1);
  if (shape.depth > limits.maxDepth) throw new QueryTooComplexError('depth', limits.maxDepth, shape.depth);
  if (shape.sequence > limits.maxSequence) throw new QueryTooComplexError('sequence', limits.maxSequence, shape.sequence);
  if (shape.evalDepth > limits.maxEvalDepth) throw new QueryTooComplexError('evalDepth', limits.maxEvalDepth, shape.evalDepth);
  return shape;
}
