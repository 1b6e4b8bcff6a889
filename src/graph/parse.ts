/**
 * Parses one Turtle or TriG file with N3.js, turning its errors into located problems.
 */
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import type { Problem } from './problem.js';

export interface ParseResult {
  readonly quads: Quad[];
  readonly prefixes: Record<string, string>;
  readonly problem?: Problem;
}

/**
 * N3.js labels anonymous blank nodes (`[ … ]`) from a process-wide counter, whatever the
 * prefix option says; relabel them per file, in order of appearance, so the same file always
 * yields the same quads (and the snapshot hash depends on the input only).
 */
function relabelBlankNodes(quads: Quad[], prefix: string): Quad[] {
  const labels = new Map<string, N3.BlankNode>();
  const relabel = <T extends Quad['subject'] | Quad['object'] | Quad['graph']>(term: T): T => {
    if (term.termType !== 'BlankNode') return term;
    let label = labels.get(term.value);
    if (!label) labels.set(term.value, (label = N3.DataFactory.blankNode(`${prefix}${labels.size}`)));
    return label as unknown as T;
  };
  return quads.map((q) =>
    N3.DataFactory.quad(relabel(q.subject), q.predicate, relabel(q.object), relabel(q.graph)) as unknown as Quad,
  );
}

interface N3ErrorContext {
  token?: { line?: number; start?: number } | null;
  line?: number;
}

/**
 * Parses `text` as TriG (data) or Turtle (ontology). Blank nodes get the label prefix
 * `blankNodePrefix`, so the same input always yields the same N-Quads.
 *
 * @example
 *   const { quads, problem } = parseRdf('data/x.trig', text, { format: 'trig', blankNodePrefix: 'f1_' });
 *   if (problem) console.error(formatProblem(problem)); // data/x.trig:4:16: Expected punctuation ...
 */
export function parseRdf(
  path: string,
  text: string,
  options: { format: 'trig' | 'turtle'; blankNodePrefix: string },
): ParseResult {
  const prefixes: Record<string, string> = {};
  const parser = new N3.Parser({
    format: options.format === 'trig' ? 'application/trig' : 'text/turtle',
    blankNodePrefix: options.blankNodePrefix,
  });
  try {
    const parsed = parser.parse(text, null, (prefix, iri) => {
      prefixes[prefix] = iri.value;
    }) as Quad[];
    return { quads: relabelBlankNodes(parsed, options.blankNodePrefix), prefixes };
  } catch (error) {
    const context = (error as { context?: N3ErrorContext }).context;
    const line = context?.token?.line ?? context?.line;
    const start = context?.token?.start;
    const message = (error as Error).message.replace(/ on line \d+\.?$/, '');
    return {
      quads: [],
      prefixes,
      problem: {
        code: 'syntax',
        severity: 'error',
        message: `syntax error: ${message}`,
        location: {
          file: path,
          ...(line !== undefined ? { line } : {}),
          ...(start !== undefined ? { column: start + 1 } : {}),
        },
      },
    };
  }
}
