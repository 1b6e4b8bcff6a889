/**
 * The descriptions the server gives of itself, as RDF: the SPARQL 1.1 Service Description of the
 * endpoint (https://www.w3.org/TR/sparql11-service-description/) and the VoID description of the
 * dataset (https://www.w3.org/TR/void/). Both are built from the statistics the engine computed
 * when it loaded the data.
 */
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import type { DatasetStats, VocabularyStats } from '../query/protocol.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS } from '../query/formats.js';
import { LINK_TARGETS } from '../vocab/linksets.js';
import { DCT, ENTAILMENT, FOAF, FORMATS, RDF, SD, VOID, XSD } from '../vocab/namespace.js';

const { namedNode, blankNode, literal, quad } = N3.DataFactory;
type Subject = N3.NamedNode | N3.BlankNode;

/** What the server says about the dataset it serves. */
export interface DatasetInfo {
  /** IRI of the dataset (our own for the seed graph); a blank node when absent. */
  readonly iri?: string;
  readonly title: string;
  readonly description: string;
  /** Where our minted IRIs live (void:uriSpace), for the seed graph. */
  readonly uriSpace?: string;
}

/** Collects the triples of a description, each once (a graph is a set; the Turtle writer would repeat a triple added twice). */
class Builder {
  readonly quads: Quad[] = [];
  private readonly seen = new Set<string>();
  add(s: Subject, p: string, o: N3.NamedNode | N3.BlankNode | N3.Literal | string): this {
    const q = quad(s, namedNode(p), typeof o === 'string' ? namedNode(o) : o);
    const key = JSON.stringify([s.termType, s.value, p, q.object.termType, q.object.value,
      q.object.termType === 'Literal' ? [q.object.language, q.object.datatype.value] : null]);
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.quads.push(q);
    }
    return this;
  }
  count(s: Subject, p: string, n: number): this {
    return this.add(s, p, literal(String(n), namedNode(XSD.integer)));
  }
  text(s: Subject, p: string, text: string, lang = 'en'): this {
    return this.add(s, p, literal(text, lang));
  }
}

const subjectOf = (iri: string | undefined): Subject => (iri ? namedNode(iri) : blankNode('dataset'));

/** The graph IRI's namespace, as VoID's void:vocabulary wants it (up to the last # or /). */
function namespaceOf(iri: string): string {
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
  return cut > 0 ? iri.slice(0, cut + 1) : iri;
}

/**
 * The service description for the endpoint at `endpointUrl` (exactly as requested).
 */
export function serviceDescription(endpointUrl: string, stats: DatasetStats, dataset: DatasetInfo): Quad[] {
  const b = new Builder();
  const service = blankNode('service');
  const ds = subjectOf(dataset.iri);
  b.add(service, RDF.type, SD.Service)
    .add(service, SD.endpoint, endpointUrl)
    .add(service, SD.supportedLanguage, SD.SPARQL11Query)
    .add(service, SD.feature, SD.UnionDefaultGraph)
    .add(service, SD.defaultEntailmentRegime, ENTAILMENT.Simple)
    .text(service, DCT.title, `SPARQL endpoint of ${dataset.title}`)
    .add(service, SD.defaultDataset, ds);
  for (const f of [...SOLUTION_FORMATS, ...GRAPH_FORMATS]) b.add(service, SD.resultFormat, FORMATS(f.w3cFormat));
  b.add(ds, RDF.type, SD.Dataset).add(ds, RDF.type, VOID.Dataset).text(ds, DCT.title, dataset.title);
  const defaultGraph = blankNode('default-graph');
  b.add(ds, SD.defaultGraph, defaultGraph)
    .add(defaultGraph, RDF.type, SD.Graph)
    .count(defaultGraph, VOID.triples, stats.defaultGraphTriples)
    .text(defaultGraph, DCT.description, 'The union of all the graphs of the dataset: each triple once, however many graphs state it.');
  stats.graphs.forEach((g, i) => {
    const named = blankNode(`named-graph-${i}`);
    const graph = blankNode(`graph-${i}`);
    b.add(ds, SD.namedGraph, named)
      .add(named, RDF.type, SD.NamedGraph)
      .add(named, SD.name, g.iri)
      .add(named, SD.graph, graph)
      .add(graph, RDF.type, SD.Graph)
      .count(graph, VOID.triples, g.quads);
  });
  return b.quads;
}

/**
 * The VoID description of the dataset, as published at /.well-known/void: `documentUrl` and
 * `endpointUrl` where clients fetch them (the public URL), and `dumps`, the URLs of the dumps.
 */
export function voidDescription(
  documentUrl: string,
  endpointUrl: string,
  dataset: DatasetInfo,
  counts: {
    readonly version: string; readonly stats: DatasetStats; readonly vocabulary: VocabularyStats; readonly examples: readonly string[];
    readonly dumps?: readonly string[];
  },
): Quad[] {
  const stats = { ...counts.stats, ...counts.vocabulary };
  const examples = counts.examples;
  const b = new Builder();
  const doc = namedNode(documentUrl);
  const ds = subjectOf(dataset.iri);
  b.add(doc, RDF.type, VOID.DatasetDescription)
    .text(doc, DCT.title, `VoID description of ${dataset.title}`)
    .add(doc, FOAF.primaryTopic, ds);
  b.add(ds, RDF.type, VOID.Dataset)
    .text(ds, DCT.title, dataset.title)
    .text(ds, DCT.description, dataset.description)
    .add(ds, DCT.hasVersion, literal(counts.version))
    .add(ds, VOID.sparqlEndpoint, endpointUrl)
    .count(ds, VOID.triples, stats.defaultGraphTriples)
    .count(ds, VOID.entities, stats.distinctSubjects)
    .count(ds, VOID.distinctSubjects, stats.distinctSubjects)
    .count(ds, VOID.distinctObjects, stats.distinctObjects)
    .count(ds, VOID.classes, stats.classes.length)
    .count(ds, VOID.properties, stats.properties.length);
  if (dataset.uriSpace) b.add(ds, VOID.uriSpace, literal(dataset.uriSpace));
  for (const f of GRAPH_FORMATS) b.add(ds, VOID.feature, FORMATS(f.w3cFormat));
  for (const example of examples) b.add(ds, VOID.exampleResource, example);
  for (const dump of counts.dumps ?? []) b.add(ds, VOID.dataDump, dump);
  const vocabularies = new Set([...stats.classes, ...stats.properties].map((t) => namespaceOf(t.iri)));
  for (const ns of [...vocabularies].sort()) b.add(ds, VOID.vocabulary, ns);
  stats.classes.forEach((c, i) => {
    const part = blankNode(`class-${i}`);
    b.add(ds, VOID.classPartition, part).add(part, VOID.class, c.iri).count(part, VOID.entities, c.entities);
  });
  stats.properties.forEach((p, i) => {
    const part = blankNode(`property-${i}`);
    b.add(ds, VOID.propertyPartition, part).add(part, VOID.property, p.iri).count(part, VOID.triples, p.triples);
  });
  stats.linksets.forEach((l, i) => {
    const target = LINK_TARGETS.find((t) => t.namespace === l.namespace);
    if (!target) return;
    const linkset = blankNode(`linkset-${i}`);
    b.add(ds, VOID.subset, linkset).add(linkset, RDF.type, VOID.Linkset)
      .add(linkset, VOID.subjectsTarget, ds).add(linkset, VOID.objectsTarget, target.dataset)
      .add(linkset, VOID.linkPredicate, l.predicate).count(linkset, VOID.triples, l.triples);
    b.add(namedNode(target.dataset), RDF.type, VOID.Dataset).text(namedNode(target.dataset), DCT.title, target.title);
  });
  for (const g of stats.graphs) {
    const graph = namedNode(g.iri);
    b.add(ds, VOID.subset, graph).add(graph, RDF.type, VOID.Dataset).add(graph, SD.name, g.iri).count(graph, VOID.triples, g.quads);
  }
  return b.quads;
}
