/**
 * The typed vocabulary: every term a closed namespace of src/vocab/namespace.ts declares exists in
 * our ontology (ontology/segraph.ttl), in a shipped vocabulary package (`@vocabulary/*`, as
 * src/graph/known-terms.ts reads them), among the EU vocabulary entries the catalogue carries
 * (catalog/eu-vocabulary-entries.ttl), or in vocabularies/supplement.ttl (terms of vocabularies
 * we do not ship, such as DCAT 3's, each with its source); and only open-ended namespaces can be
 * called with a local name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { packagedTerms } from '../../src/graph/known-terms.js';
import * as vocab from '../../src/vocab/namespace.js';
import { ROOT } from '../helpers/project.js';

const FILES = ['ontology/segraph.ttl', 'catalog/eu-vocabulary-entries.ttl', 'vocabularies/supplement.ttl'];

function subjectsOf(file: string): Set<string> {
  const quads = new N3.Parser({ format: 'text/turtle' }).parse(readFileSync(join(ROOT, file), 'utf8'));
  return new Set(quads.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value));
}

type Closed = { readonly iri: string; readonly terms: readonly string[] } & Readonly<Record<string, unknown>>;
const namespaces = (Object.entries(vocab) as Array<[string, unknown]>).filter(
  (entry): entry is [string, Closed] => typeof entry[1] === 'object' && entry[1] !== null && 'terms' in entry[1],
);
const open = Object.entries(vocab).filter(([, value]) => typeof value === 'function' && 'iri' in value).map(([name]) => name);

describe('the typed vocabulary', () => {
  it('closes every namespace but the open-ended ones', () => {
    expect(open.sort()).toEqual(['EU_AUTHORITY', 'EU_COUNTRY', 'FORMATS', 'IANA_MEDIA_TYPE', 'ID', 'NUTS_CODE', 'UN_SDG']);
    expect(namespaces.length).toBeGreaterThan(20);
    for (const [, ns] of namespaces) expect(typeof ns).toBe('object');
  });

  it('declares only terms that exist in our ontology, a shipped vocabulary or a cited supplement', () => {
    const known = new Set(packagedTerms());
    for (const file of FILES) for (const iri of subjectsOf(file)) known.add(iri);
    const unknown = namespaces.flatMap(([name, ns]) =>
      ns.terms.filter((term) => !known.has(String(ns[term]))).map((term) => `${name}.${term}`));
    expect(unknown).toEqual([]);
  });

  it('the supplement holds only what no shipped vocabulary has, each term with its source', () => {
    const shipped = new Set([...packagedTerms(), ...subjectsOf('ontology/segraph.ttl'), ...subjectsOf('catalog/eu-vocabulary-entries.ttl')]);
    const quads = new N3.Parser({ format: 'text/turtle' }).parse(readFileSync(join(ROOT, 'vocabularies/supplement.ttl'), 'utf8'));
    const terms = new Set(quads.map((q) => q.subject.value));
    for (const term of terms) {
      expect(shipped.has(term), `${term} is already known`).toBe(false);
      expect(quads.some((q) => q.subject.value === term && q.predicate.value === vocab.RDFS.isDefinedBy), `${term} has rdfs:isDefinedBy`).toBe(true);
    }
  });
});
