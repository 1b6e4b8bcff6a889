/**
 * A problem found while loading or validating the graph: a value with a code, a message
 * that says what to do, and where it is (file:line:column when known).
 */
export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export type ProblemCode =
  | 'syntax'            // a file does not parse
  | 'default-graph'     // a data triple outside a GRAPH block
  | 'unknown-graph'     // a GRAPH block naming a graph that is not ours to author
  | 'shacl'             // a SHACL shape is violated
  | 'unknown-term'      // a predicate or class neither the ontology nor a known vocabulary defines
  | 'dangling-reference'; // a link to one of our IRIs that nothing describes

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly location?: Location;
  /** The resource the problem is about, when there is one. */
  readonly focus?: string;
  readonly severity: 'error' | 'warning';
}

/** `data/x.trig:12:5: message` — the form editors and CI logs turn into links. */
export function formatProblem(problem: Problem): string {
  const loc = problem.location;
  const where = loc ? [loc.file, loc.line, loc.column].filter((part) => part !== undefined).join(':') + ': ' : '';
  const tag = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}${tag}${problem.message}`;
}

/** Thrown by commands that fail; carries every problem so the CLI can print them all. */
export class ProblemsError extends Error {
  constructor(message: string, readonly problems: readonly Problem[]) {
    super(message);
    this.name = 'ProblemsError';
  }
}
