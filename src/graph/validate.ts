/**
 * `validate`: parse every file, check graph policy, run the SHACL shapes and the known-terms
 * check, and report every problem at once.
 */
import type { Quad } from '@rdfjs/types';
import { GRAPHS } from '../vocab/graphs.js';
import { checkKnownTerms } from './known-terms.js';
import { checkReferences } from './references.js';
import { loadGraph, type LoadedGraph } from './load.js';
import type { Problem } from './problem.js';
import { validateShapes } from './shacl.js';

export interface ValidationReport {
  readonly graph: LoadedGraph;
  readonly problems: readonly Problem[];
  readonly errors: number;
  readonly warnings: number;
}

/** Splits loaded quads into ontology, shapes and data. */
export function partition(quads: readonly Quad[]): { ontology: Quad[]; shapes: Quad[]; data: Quad[] } {
  const ontology: Quad[] = [];
  const shapes: Quad[] = [];
  const data: Quad[] = [];
  for (const q of quads) {
    if (q.graph.value === GRAPHS.ontology) ontology.push(q);
    else if (q.graph.value === GRAPHS.shapes) shapes.push(q);
    else data.push(q);
  }
  return { ontology, shapes, data };
}

/**
 * Validates the project under `root`.
 *
 * @example
 *   const report = await validateProject(process.cwd());
 *   if (report.errors > 0) process.exitCode = 1;
 */
export async function validateProject(root: string): Promise<ValidationReport> {
  const graph = await loadGraph(root);
  const problems: Problem[] = [...graph.problems];
  const { ontology, shapes, data } = partition(graph.quads);
  const locate = (iri: string) => graph.locate(iri);

  problems.push(...checkKnownTerms(data, ontology, locate));
  problems.push(...checkReferences(data, locate));
  // Shapes run even when a file failed to parse, so one run shows every problem; the facts of
  // the broken file are missing then, which can add follow-on messages about them.
  problems.push(...(await validateShapes(shapes, [...ontology, ...data], locate)));

  const errors = problems.filter((p) => p.severity === 'error').length;
  return { graph, problems, errors, warnings: problems.length - errors };
}
