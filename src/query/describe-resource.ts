/**
 * The SPARQL that gathers what a resource's document shows: the resource's own triples and those
 * of its hash parts (`<iri#funding-…>`, up to two links away), labels of everything they link to
 * and of the properties used, and the resources that link to it (with their labels and types),
 * so an organisation's document lists its practices and a fund's its programmes and practices.
 */
import { RDF, RDFS, SKOS } from '../vocab/namespace.js';

/** An IRI we can put between `<` and `>` in a query without escaping anything. */
const SAFE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;

export class UnsafeIriError extends Error {}

/**
 * @example
 *   documentQuery(ID('practice/doeners-be')) // a CONSTRUCT query
 */
function checked(iri: string): string {
  if (!SAFE_IRI.test(iri) || iri.includes('#')) throw new UnsafeIriError(`not a document IRI: ${iri}`);
  return iri;
}

/** Whether a document would have anything in it: the IRI is a subject or an object somewhere. */
export function existsQuery(iri: string): string {
  checked(iri);
  return `ASK { { <${iri}> ?p ?o } UNION { ?s ?p <${iri}> } }`;
}

export function documentQuery(iri: string): string {
  checked(iri);
  const part = JSON.stringify(`${iri}#`);
  const labels = `VALUES ?lp { <${RDFS.label}> <${SKOS.prefLabel}> }`;
  return `CONSTRUCT {
  ?s ?p ?o . ?o ?lp ?l . ?p <${RDFS.label}> ?pl .
  ?x ?q <${iri}> . ?x ?xlp ?xl . ?x <${RDF.type}> ?xt .
}
WHERE {
  {
    { BIND(<${iri}> AS ?s) }
    UNION { <${iri}> ?p1 ?s FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
    UNION { <${iri}> ?p1 ?h . ?h ?p2 ?s FILTER(isIRI(?h) && STRSTARTS(STR(?h), ${part}) && isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
    ?s ?p ?o .
    OPTIONAL { ${labels} ?o ?lp ?l }
    OPTIONAL { ?p <${RDFS.label}> ?pl }
  } UNION {
    ?x ?q <${iri}> FILTER(!STRSTARTS(STR(?x), ${part}))
    OPTIONAL { VALUES ?xlp { <${RDFS.label}> <${SKOS.prefLabel}> } ?x ?xlp ?xl }
    OPTIONAL { ?x <${RDF.type}> ?xt }
  }
}`;
}
