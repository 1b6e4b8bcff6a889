/**
 * What a practice's page for people shows, read with the named graph of every fact: the
 * practice's own statements and those of its hash parts (fundings, amounts, results, citations),
 * each with the graph that states it (a source's graph such as graph/secon-report, or ours:
 * graph/curation, graph/inferred), the names and a few facts of what they link to (an
 * organisation's kind, a NUTS region's urban–rural type, a municipality's degree of urbanisation,
 * a source document's title, an exchange rate), and the practices related to it by shared themes,
 * target groups and funds, counted on the facet table (src/api/facets.ts) so the page and the
 * facets agree.
 */
import N3 from 'n3';
import type { Engine } from '../query/engine.js';
import { iri as named, literal, sparql, SparqlTermError } from '../query/sparql.js';
import { DCT, ORG, RDF, RDFS, SCHEMA, SG, SKOS } from '../vocab/namespace.js';
import { Facets } from './facets.js';
import type { SparqlJson, SparqlTerm } from './query-api.js';

const { namedNode, literal: lit, quad, blankNode } = N3.DataFactory;

/** Facts read about the things a practice links to (beside their names). */
const LINKED_FACTS = [SKOS.prefLabel, RDFS.label, SKOS.notation, DCT.title, DCT.alternative, ORG.classification,
  SG.urbanRuralType, SG.degreeOfUrbanisation, SG.nutsLevel, SG.rate, DCT.date, SG.sourceCurrency];

/**
 * The SELECT (?g ?s ?p ?o) of a practice's own facts and those of its hash parts (up to two links
 * away), the citations of those parts (an amount's, three links away), and the reified statements
 * about the practice (`rdf:Statement`s with `rdf:subject` the practice: the citations of its dates
 * and organisation roles) with their citations — one query for the page and every fact's page.
 */
export function practiceFactsQuery(iri: string) {
  const s = named(iri);
  const part = literal(`${iri}#`);
  const citation = named(SG.citation);
  const about = named(RDF.subject);
  return sparql`SELECT DISTINCT ?g ?s ?p ?o WHERE {
  { BIND(${s} AS ?s) }
  UNION { ${s} ?p1 ?s FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
  UNION { ${s} ?p1 ?h . ?h ?p2 ?s FILTER(isIRI(?h) && STRSTARTS(STR(?h), ${part}) && isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
  UNION { ${s} ?p1 ?h . ?h ?p2 ?h2 . ?h2 ${citation} ?s FILTER(isIRI(?h) && STRSTARTS(STR(?h), ${part}) && isIRI(?h2) && STRSTARTS(STR(?h2), ${part}) && STRSTARTS(STR(?s), ${part})) }
  UNION { ?s ${about} ${s} FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${part})) }
  UNION { ?st ${about} ${s} . ?st ${citation} ?s FILTER(isIRI(?st) && STRSTARTS(STR(?st), ${part}) && STRSTARTS(STR(?s), ${part})) }
  GRAPH ?g { ?s ?p ?o }
}`.toString();
}

/**
 * The SELECT (?g ?s ?p ?o) of the names and a few facts (LINKED_FACTS) of the things a practice
 * links to, and the names of their kinds and urban–rural types. Given the linked IRIs (rather than
 * found by paths from the practice, which took the engine a second), it answers in milliseconds.
 */
export function linkedFactsQuery(linked: readonly string[]) {
  const things = linked.map(named);
  const kinds = [ORG.classification, SG.urbanRuralType, SG.degreeOfUrbanisation].map(named);
  return sparql`SELECT DISTINCT ?g ?s ?p ?o WHERE {
  {
    VALUES ?s { ${things} }
    VALUES ?p { ${[...LINKED_FACTS, SCHEMA.url].map(named)} }
    GRAPH ?g { ?s ?p ?o }
  } UNION {
    VALUES ?x { ${things} }
    VALUES ?k { ${kinds} }
    ?x ?k ?s .
    VALUES ?p { ${named(SKOS.prefLabel)} ${named(RDFS.label)} }
    GRAPH ?g { ?s ?p ?o }
  }
}`.toString();
}

/** The names (in every language) of some resources, with their graphs. */
function namesQuery(iris: readonly string[]) {
  return sparql`SELECT DISTINCT ?g ?s ?p ?o WHERE {
  VALUES ?s { ${iris.map(named)} }
  VALUES ?p { ${named(SKOS.prefLabel)} }
  GRAPH ?g { ?s ?p ?o }
}`.toString();
}

/** A dimension of relatedness: the practice's own values (its property) against the facet table's dimension. */
export const RELATED_BY = [
  { dimension: 'fund', property: SG.fund, title: 'same fund' },
  { dimension: 'theme', property: SG.theme, title: 'same theme' },
  { dimension: 'targetGroup', property: SG.targetGroup, title: 'same target group' },
] as const;

export interface RelatedPractice {
  readonly iri: string;
  /** What it shares with the practice, by dimension (fund, theme, targetGroup) → value IRIs. */
  readonly shared: ReadonlyArray<{ readonly dimension: (typeof RELATED_BY)[number]['dimension']; readonly values: readonly string[] }>;
  readonly score: number;
}

export interface PracticeFacts {
  readonly iri: string;
  /** Every fact with the graph stating it (related practices' names included). */
  readonly quads: readonly N3.Quad[];
  readonly related: readonly RelatedPractice[];
}

function term(t: SparqlTerm): N3.Term {
  if (t.type === 'uri') return namedNode(t.value);
  if (t.type === 'bnode') return blankNode(t.value);
  if (t['xml:lang']) return lit(t.value, t['xml:lang']);
  return t.datatype ? lit(t.value, namedNode(t.datatype)) : lit(t.value);
}

export class PracticeReader {
  private readonly facets: Facets;

  constructor(private readonly engine: Engine, private readonly baseIri: string, facets?: Facets) {
    this.facets = facets ?? new Facets(engine, baseIri);
  }

  private async quads(query: string): Promise<N3.Quad[]> {
    const outcome = await this.engine.execute({ query, form: 'select', baseIri: this.baseIri, format: 'json' });
    if (!outcome.ok) throw new Error(`practice query failed: ${outcome.message}`);
    const json = JSON.parse(outcome.body) as SparqlJson;
    return json.results.bindings.map((row) => quad(
      term(row['s']!) as N3.Quad_Subject, namedNode(row['p']!.value), term(row['o']!) as N3.Quad_Object, namedNode(row['g']!.value),
    ));
  }

  /**
   * The facts of any resource and its hash parts with the graphs stating them (the same query as a
   * practice's own facts), for marking what we added on the generic resource page.
   */
  statements(iri: string): Promise<N3.Quad[]> {
    return this.quads(practiceFactsQuery(iri));
  }

  /** Whether the IRI names a practice (an ASK: a resource page need not wait for the facet table). */
  async isPractice(iri: string): Promise<boolean> {
    let query: string;
    try {
      query = sparql`ASK { ${named(iri)} ${named(RDF.type)} ${named(SG.Practice)} }`.toString();
    } catch (error) {
      if (error instanceof SparqlTermError) return false; // an IRI SPARQL cannot hold names nothing
      throw error;
    }
    const outcome = await this.engine.execute({ query, form: 'ask', baseIri: this.baseIri, format: 'json' });
    if (!outcome.ok) throw new Error(`practice query failed: ${outcome.message}`);
    return (JSON.parse(outcome.body) as { boolean: boolean }).boolean;
  }

  /** The practice's facts with their graphs and its related practices (up to `limit`). */
  async read(iri: string, limit = 6): Promise<PracticeFacts> {
    const quads = await this.quads(practiceFactsQuery(iri));
    const linked = new Set<string>();
    for (const q of quads) {
      if (q.object.termType === 'NamedNode' && !q.object.value.startsWith(`${iri}#`)) linked.add(q.object.value);
    }
    if (linked.size > 0) quads.push(...await this.quads(linkedFactsQuery([...linked].sort())));
    const related = await this.related(iri, quads, limit);
    if (related.length > 0) quads.push(...await this.quads(namesQuery(related.map((r) => r.iri))));
    return { iri, quads, related };
  }

  /**
   * Other practices ranked by how many of the practice's own funds, themes and target groups they
   * share (a value shared through the hierarchy counts: a practice in a narrower theme is in the
   * theme too, as in the facets), then by IRI for a stable order.
   */
  private async related(iri: string, quads: readonly N3.Quad[], limit: number): Promise<RelatedPractice[]> {
    const table = await this.facets.tableOf();
    const own = RELATED_BY.map((r) => ({
      ...r,
      // Sorted: the order of a document's triples is the engine's, and the reasons must not depend on it.
      values: [...new Set(quads.filter((q) => q.subject.value === iri && q.predicate.value === r.property && q.object.termType === 'NamedNode').map((q) => q.object.value))].sort(),
    }));
    const out: RelatedPractice[] = [];
    for (const [other, byDimension] of table) {
      if (other === iri) continue;
      const shared = own.map((r) => ({ dimension: r.dimension, values: r.values.filter((v) => byDimension.get(r.dimension)?.has(v)) }))
        .filter((s) => s.values.length > 0);
      const score = shared.reduce((n, s) => n + s.values.length, 0);
      if (score > 0) out.push({ iri: other, shared, score });
    }
    return out.sort((a, b) => b.score - a.score || (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0)).slice(0, limit);
  }
}
