/**
 * The SPARQL that gathers what a resource's document shows: the resource's own triples and those
 * of its hash parts (`<iri#funding-…>`, up to three links away, and the `<iri#stated-…>`
 * statements about the resource's own triples with what they link to: fact-level provenance,
 * docs/authoring.md), labels of everything they link to
 * and of the properties used, and the resources that link to it (with their labels and types),
 * so an organisation's document lists its practices and a fund's its programmes and practices.
 */
import { RDF, RDFS, SKOS } from '../vocab/namespace.js';
import { iri as named, iriRef, literal, sparql, SparqlTermError } from './sparql.js';

/** A request IRI no document has: one with a fragment, or one SPARQL cannot hold (see `sparql`). */
export class UnsafeIriError extends Error {}

/** The request IRI as a term; an IRI with a fragment names a part of a document, not a document. */
function checked(iri: string) {
  if (iri.includes('#')) throw new UnsafeIriError(`not a document IRI: ${iri}`);
  try {
    iriRef(iri);
  } catch (error) {
    if (error instanceof SparqlTermError) throw new UnsafeIriError(`not a document IRI: ${iri}`);
    throw error;
  }
  return named(iri);
}

/** Whether a document would have anything in it: the IRI is a subject or an object somewhere. */
export function existsQuery(iri: string): string {
  const s = checked(iri);
  return sparql`ASK { { ${s} ?p ?o } UNION { ?s ?p ${s} } }`.toString();
}

/**
 * @example
 *   documentQuery(ID('practice/doeners-be')) // a CONSTRUCT query
 */
export function documentQuery(iri: string): string {
  const s = checked(iri);
  const part = literal(`${iri}#`);
  const [type, label, prefLabel, subject] = [named(RDF.type), named(RDFS.label), named(SKOS.prefLabel), named(RDF.subject)];
  return sparql`CONSTRUCT {
  ?s ?p ?o . ?o ?lp ?l . ?p ${label} ?pl .
  ?x ?q ${s} . ?x ?xlp ?xl . ?x ${type} ?xt .
}
WHERE {
  {
    { BIND(${s} AS ?s) }
    UNION { ${s} ?p1 ?s FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
    UNION { ${s} ?p1 ?h . ?h ?p2 ?s FILTER(isIRI(?h) && STRSTARTS(STR(?h), ${part}) && isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
    UNION { ${s} ?p1 ?h . ?h ?p2 ?h2 . ?h2 ?p3 ?s
            FILTER(isIRI(?h) && STRSTARTS(STR(?h), ${part}) && isIRI(?h2) && STRSTARTS(STR(?h2), ${part}) && isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
    UNION { ?s ${subject} ${s} FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
    UNION { ?st ${subject} ${s} . ?st ?p1 ?s FILTER(isIRI(?st) && STRSTARTS(STR(?st), ${part}) && isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
    ?s ?p ?o .
    OPTIONAL { VALUES ?lp { ${label} ${prefLabel} } ?o ?lp ?l }
    OPTIONAL { ?p ${label} ?pl }
  } UNION {
    ?x ?q ${s} FILTER(!STRSTARTS(STR(?x), ${part}))
    OPTIONAL { VALUES ?xlp { ${label} ${prefLabel} } ?x ?xlp ?xl }
    OPTIONAL { ?x ${type} ?xt }
  }
}`.toString();
}
