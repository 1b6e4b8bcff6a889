/**
 * Which predicates and classes are defined: by our ontology, or by a standard vocabulary
 * we ship as a package (`@vocabulary/*`, each the vocabulary's own RDF as N-Quads).
 * A data file that uses `schema:fundr` or `sg:Practise` is flagged, not silently published.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { RDF } from '../vocab/namespace.js';
import type { Problem } from './problem.js';

/** The vocabulary packages whose terms count as known. */
const VOCABULARY_PACKAGES = [
  'rdf', 'rdfs', 'owl', 'xsd', 'skos', 'dcterms', 'org', 'prov', 'schema', 'foaf', 'dcat', 'void', 'sd', 'sh',
  'vcard', 'locn',
] as const;

let packaged: Set<string> | undefined;

/** Every IRI a shipped vocabulary describes (its subjects). Read once per process. */
export function packagedTerms(): ReadonlySet<string> {
  if (packaged) return packaged;
  const require = createRequire(import.meta.url);
  packaged = new Set();
  for (const name of VOCABULARY_PACKAGES) {
    const dir = dirname(require.resolve(`@vocabulary/${name}/package.json`));
    const text = readFileSync(join(dir, `${name}.nq`), 'utf8');
    for (const q of new N3.Parser({ format: 'application/n-quads' }).parse(text)) {
      if (q.subject.termType === 'NamedNode') packaged.add(q.subject.value);
    }
  }
  return packaged;
}

/**
 * Flags predicates and classes in `data` that neither `ontology` (our terms and the external
 * terms it declares) nor a shipped vocabulary defines. One problem per unknown term, at the
 * place it is first used.
 */
export function checkKnownTerms(
  data: readonly Quad[],
  ontology: readonly Quad[],
  locate: (iri: string) => Problem['location'],
): Problem[] {
  const known = new Set(packagedTerms());
  for (const q of ontology) if (q.subject.termType === 'NamedNode') known.add(q.subject.value);

  const unknown = new Map<string, { kind: 'predicate' | 'class'; subject: string }>();
  for (const q of data) {
    if (!known.has(q.predicate.value) && !unknown.has(q.predicate.value)) {
      unknown.set(q.predicate.value, { kind: 'predicate', subject: q.subject.value });
    }
    if (q.predicate.value === RDF.type && q.object.termType === 'NamedNode' && !known.has(q.object.value)) {
      if (!unknown.has(q.object.value)) unknown.set(q.object.value, { kind: 'class', subject: q.subject.value });
    }
  }
  return [...unknown].map(([term, { kind, subject }]) => {
    const location = locate(subject);
    return {
      code: 'unknown-term' as const,
      severity: 'error' as const,
      focus: subject,
      message: `unknown ${kind} <${term}> (used on <${subject}>): define it in ontology/segraph.ttl or use a term of a known vocabulary`,
      ...(location ? { location } : {}),
    };
  });
}
