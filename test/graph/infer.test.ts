import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { infer, loadRules } from '../../src/graph/infer.js';
import { GRAPHS } from '../../src/vocab/graphs.js';
import { ROOT } from '../helpers/project.js';

const PREFIXES = `@prefix sg: <https://w3id.org/segraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <http://example.org/> .
`;

function quads(trig: string) {
  return new N3.Parser({ format: 'application/trig' }).parse(PREFIXES + trig);
}

async function inferred(trig: string): Promise<Set<string>> {
  const result = infer(quads(trig), await loadRules(ROOT));
  for (const q of result.quads) expect(q.graph.value).toBe(GRAPHS.inferred);
  return new Set(result.quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`));
}

const ONTOLOGY = `GRAPH <${GRAPHS.ontology}> {
  sg:Practice rdfs:subClassOf sg:Initiative .
  sg:implementedBy owl:inverseOf sg:implements .
  sg:leadPartner rdfs:subPropertyOf sg:partner .
  sg:partOfProgramme a owl:TransitiveProperty .
  skos:prefLabel rdfs:subPropertyOf rdfs:label .
}`;

describe('inference rules', () => {
  it('finds a practice funded through an operational programme by the fund that finances it', async () => {
    const out = await inferred(`${ONTOLOGY}
      GRAPH ex:g {
        ex:p a sg:Practice ; schema:funding ex:f .
        ex:f a sg:Funding ; sg:programme ex:project .
        ex:project sg:partOfProgramme ex:op .
        ex:op sg:fund ex:esf .
      }`);
    expect(out).toContain('http://example.org/f https://w3id.org/segraph/ontology#programme http://example.org/op');
    expect(out).toContain('http://example.org/f https://w3id.org/segraph/ontology#fund http://example.org/esf');
    expect(out).toContain('http://example.org/p https://w3id.org/segraph/ontology#fund http://example.org/esf');
  });

  it('takes the fund from the most specific programme, not from every fund of the larger one', async () => {
    const out = await inferred(`${ONTOLOGY}
      GRAPH ex:g {
        ex:p a sg:Practice ; schema:funding ex:f .
        ex:f a sg:Funding ; sg:programme ex:project .
        ex:project sg:partOfProgramme ex:op ; sg:fund ex:esf .
        ex:op sg:fund ex:esf, ex:erdf .
      }`);
    expect(out).toContain('http://example.org/p https://w3id.org/segraph/ontology#fund http://example.org/esf');
    expect(out).not.toContain('http://example.org/f https://w3id.org/segraph/ontology#fund http://example.org/erdf');
    expect(out).not.toContain('http://example.org/p https://w3id.org/segraph/ontology#fund http://example.org/erdf');
  });

  it('applies class and property hierarchies, inverses and transitivity from the ontology graph', async () => {
    const out = await inferred(`${ONTOLOGY}
      GRAPH ex:g {
        ex:p a sg:Practice ; sg:implementedBy ex:o ; sg:leadPartner ex:l ; skos:prefLabel "P"@en .
        ex:a sg:partOfProgramme ex:b . ex:b sg:partOfProgramme ex:c .
      }`);
    expect(out).toContain('http://example.org/p http://www.w3.org/1999/02/22-rdf-syntax-ns#type https://w3id.org/segraph/ontology#Initiative');
    expect(out).toContain('http://example.org/o https://w3id.org/segraph/ontology#implements http://example.org/p');
    expect(out).toContain('http://example.org/p https://w3id.org/segraph/ontology#partner http://example.org/l');
    expect(out).toContain('http://example.org/p http://www.w3.org/2000/01/rdf-schema#label P');
    expect(out).toContain('http://example.org/a https://w3id.org/segraph/ontology#partOfProgramme http://example.org/c');
  });

  it('does not apply axioms that are only asserted in a data graph', async () => {
    const out = await inferred(`GRAPH ex:g { ex:A rdfs:subClassOf ex:B . ex:x a ex:A . }`);
    expect(out.size).toBe(0);
  });

  it('gives an initiative the NUTS regions of its places', async () => {
    const out = await inferred(`GRAPH ex:g { ex:p sg:location ex:town . ex:town sg:nutsRegion ex:RO124 . }`);
    expect(out).toContain('http://example.org/p https://w3id.org/segraph/ontology#nutsRegion http://example.org/RO124');
  });
});
