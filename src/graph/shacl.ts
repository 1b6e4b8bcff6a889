/**
 * Runs the SHACL shapes over the data and turns the report into located problems that name
 * the resource and the property, e.g.
 * `data/practices/x.trig:31: <…/id/practice/x> dct:abstract: needs exactly one dct:abstract …`.
 */
import SHACLValidator from 'rdf-validate-shacl';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { SH } from '../vocab/namespace.js';
import type { Location, Problem } from './problem.js';
import { compactIri } from './prefixes.js';
import { tripleKey } from './store.js';

/** Triples of `quads` in the default graph, without duplicates (SHACL validates a graph). */
function asGraph(quads: Iterable<Quad>): Quad[] {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const triple = N3.DataFactory.quad(q.subject, q.predicate, q.object);
    const key = tripleKey(q.subject, q.predicate, q.object);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(triple);
  }
  return out;
}

/**
 * Validates `data` (which should include the ontology, so sh:class sees subclasses) against `shapes`.
 *
 * @example
 *   const problems = await validateShapes(shapeQuads, dataQuads, (iri) => graph.locate(iri));
 */
export async function validateShapes(
  shapes: Iterable<Quad>,
  data: Iterable<Quad>,
  locate: (iri: string) => Location | undefined,
): Promise<Problem[]> {
  const validator = new SHACLValidator(new N3.Store(asGraph(shapes)));
  const dataset = validator.factory.dataset(asGraph(data));
  const report = await validator.validate(dataset);
  const problems: Problem[] = [];
  for (const result of report.results) {
    const focus = result.focusNode;
    const path = result.path ? compactIri(result.path.value) : undefined;
    const value = result.value ? (result.value.termType === 'Literal' ? `"${result.value.value}"` : `<${result.value.value}>`) : undefined;
    const component = compactIri(result.sourceConstraintComponent?.value ?? 'constraint');
    const fallback = component === 'sh:ClassConstraintComponent'
      ? `value ${value} does not have the required class (is it defined, and typed?)`
      : `${component}${value ? ` on value ${value}` : ''}`;
    const message = result.message.map((m) => m.value).join('; ') || fallback;
    const severity = result.severity?.value === SH.Violation ? 'error' : 'warning';
    const location = focus?.termType === 'NamedNode' ? locate(focus.value) : undefined;
    const focusText = focus ? (focus.termType === 'NamedNode' ? `<${focus.value}>` : `_:${focus.value}`) : '(no focus)';
    problems.push({
      code: 'shacl',
      severity,
      message: `${focusText}${path ? ` ${path}` : ''}: ${message}`,
      ...(focus ? { focus: focus.value } : {}),
      ...(location ? { location } : {}),
    });
  }
  return problems;
}
