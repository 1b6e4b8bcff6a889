/**
 * Every IRI we mint that the data points to must be described somewhere: a link to
 * `id/place/x` with no file describing place x is a typo or a missing file, and would be a
 * dead link once published.
 */
import type { Quad } from '@rdfjs/types';
import { ID } from '../vocab/namespace.js';
import type { Location, Problem } from './problem.js';

/** Problems for objects under `{base}id/` that are never a subject; a hash IRI (`…#budget`) needs its own description too. */
export function checkReferences(data: readonly Quad[], locate: (iri: string) => Location | undefined): Problem[] {
  const described = new Set<string>();
  for (const q of data) if (q.subject.termType === 'NamedNode') described.add(q.subject.value);
  const missing = new Map<string, string>();
  for (const q of data) {
    const iri = q.object.value;
    if (q.object.termType !== 'NamedNode' || !iri.startsWith(ID.iri) || described.has(iri) || missing.has(iri)) continue;
    missing.set(iri, q.subject.value);
  }
  return [...missing].map(([iri, subject]) => {
    const location = locate(subject);
    return {
      code: 'dangling-reference' as const,
      severity: 'error' as const,
      focus: subject,
      message: `<${subject}> refers to <${iri}>, which no data file describes`,
      ...(location ? { location } : {}),
    };
  });
}
