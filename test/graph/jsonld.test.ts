/**
 * JSON-LD with our published context: the context's terms and coercions against the ontology
 * and the data, lossless compaction and framing (RDF → JSON-LD → RDF gives back exactly the
 * input), readable framed practices, and a document loader that never fetches.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import jsonld from 'jsonld';
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagedTerms } from '../../src/graph/known-terms.js';
import { PREFIXES } from '../../src/graph/prefixes.js';
import { toNQuads } from '../../src/graph/store.js';
import {
  compactJsonLd, contextDocument, documentLoader, jsonLdToQuads, RemoteDocumentRefused, SAFE, type JsonLdOutput,
} from '../../src/graph/jsonld.js';
import { frameResource, framePractice } from '../../src/graph/jsonld-frame.js';
import { CONTEXT_IRI, RDF, RDFS, SKOS, SG, XSD } from '../../src/vocab/namespace.js';
import { ROOT } from '../helpers/project.js';
import { seedSnapshot } from '../helpers/seed-snapshot.js';

const ID = 'https://w3id.org/segraph/id/';
const DOENERS = `${ID}practice/doeners-be`;
const DROBIN = `${ID}practice/cus-drobin`;
const LABELS = new Set([SKOS.prefLabel, RDFS.label]);

let seed: Quad[];
beforeAll(async () => {
  const { paths } = await seedSnapshot();
  seed = new N3.Parser({ format: 'application/n-quads' }).parse(await readFile(paths.nquads, 'utf8'));
});

/** A practice's description: its triples, those of the `#…` parts it reaches, and the labels of what they link to (not of classes). */
function description(iri: string): Quad[] {
  const parts = new Set([iri]);
  const queue = [iri];
  const out: Quad[] = [];
  for (let s = queue.pop(); s !== undefined; s = queue.pop()) {
    for (const q of seed.filter((quad) => quad.subject.value === s)) {
      out.push(q);
      const o = q.object.value;
      if (q.object.termType === 'NamedNode' && o.startsWith(`${iri}#`) && !parts.has(o)) {
        parts.add(o);
        queue.push(o);
      }
    }
  }
  const linked = new Set(out.filter((q) => q.object.termType === 'NamedNode' && !parts.has(q.object.value) && q.predicate.value !== RDF.type).map((q) => q.object.value));
  return [...out, ...seed.filter((q) => linked.has(q.subject.value) && LABELS.has(q.predicate.value))];
}

const term = (t: Quad['object'] | Quad['graph']) =>
  t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
/** The statements as a set of strings; `triples` drops the graph. */
const statements = (quads: Iterable<Quad>, triples = false) =>
  new Set([...quads].map((q) => `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}${triples ? '' : ` ${term(q.graph)}`}`));

async function expectSameQuads(doc: JsonLdOutput, input: Quad[], triples = false) {
  const back = await jsonLdToQuads(doc as never);
  if (triples) expect(back.every((q) => q.graph.termType === 'DefaultGraph')).toBe(true);
  expect(statements(back, triples)).toEqual(statements(input, triples));
}

/** Graph isomorphism with blank nodes: canonical (URDNA2015) N-Quads of the document and of the input. */
async function expectIsomorphic(doc: JsonLdOutput, input: Quad[]) {
  const options = { algorithm: 'URDNA2015', format: 'application/n-quads' } as const;
  const expected = await jsonld.canonize(toNQuads(input) as never, { ...options, inputFormat: 'application/n-quads' });
  expect(await jsonld.canonize(doc as never, { ...options, ...SAFE } as never)).toBe(expected);
}

/** The node object with `@id` `id` anywhere in a JSON-LD tree. */
function nodeById(tree: unknown, id: string): Record<string, any> | undefined {
  if (Array.isArray(tree)) return tree.map((t) => nodeById(t, id)).find(Boolean);
  if (!tree || typeof tree !== 'object') return undefined;
  const node = tree as Record<string, unknown>;
  if (node['@id'] === id && Object.keys(node).length > 1) return node;
  return Object.values(node).map((v) => nodeById(v, id)).find(Boolean);
}

describe('the context', () => {
  type Definition = string | { '@id': string; '@type'?: string; '@container'?: string; '@language'?: null };
  let defs: Record<string, Definition>;
  let ontology: Quad[];
  const expand = (value: string) => {
    const [prefix, local] = value.split(/:(.*)/s) as [string, string];
    const ns = defs[prefix];
    return typeof ns === 'string' && !value.includes('://') ? ns + local : value;
  };
  const isNamespace = (name: string, def: Definition) => typeof def === 'string' && /[/#]$/.test(def) && !name.startsWith('@');
  const termsWith = (test: (d: Exclude<Definition, string>) => boolean) =>
    Object.entries(defs).filter(([, d]) => typeof d === 'object' && test(d)).map(([name, d]) => [name, expand((d as { '@id': string })['@id'])] as const);
  const objectsOf = (predicate: string) => seed.filter((q) => q.predicate.value === predicate).map((q) => q.object);

  beforeAll(async () => {
    defs = (await contextDocument())['@context'] as Record<string, Definition>;
    ontology = new N3.Parser().parse(await readFile(join(ROOT, 'ontology', 'segraph.ttl'), 'utf8'));
  });

  it('has a prefix for every namespace segraph writes, with the same IRI; the others are used by the data', () => {
    for (const [prefix, iri] of Object.entries(PREFIXES)) expect(defs[prefix], prefix).toBe(iri);
    const extra = Object.entries(defs).filter(([name, d]) => isNamespace(name, d) && !(name in PREFIXES));
    const used = (iri: string) => seed.some((q) => [q.subject, q.predicate, q.object].some((t) => t.termType === 'NamedNode' && t.value.startsWith(iri)));
    for (const [name, iri] of extra) expect(used(iri as string), name).toBe(true);
  });

  it('maps every term to an IRI our ontology or a known vocabulary defines', () => {
    const known = new Set([...packagedTerms(), ...ontology.map((q) => q.subject.value)]);
    const terms = Object.entries(defs).filter(([name, d]) => !name.startsWith('@') && !isNamespace(name, d));
    expect(terms.length).toBeGreaterThan(150);
    for (const [name, d] of terms) expect(known.has(expand(typeof d === 'string' ? d : d['@id'])), name).toBe(true);
  });

  it('has a term for every class and property of our ontology, "@id"-typed exactly for the object properties', () => {
    const typed = (kind: string) => ontology.filter((q) => q.predicate.value === RDF.type && q.object.value.endsWith(kind) && q.subject.value.startsWith(SG.iri)).map((q) => q.subject.value);
    const byIri = new Map(Object.entries(defs).filter(([name]) => !name.startsWith('@')).map(([name, d]) => [expand(typeof d === 'string' ? d : d['@id']), d]));
    for (const iri of [...typed('#Class'), ...typed('#DatatypeProperty')]) expect(byIri.get(iri), iri).toBeDefined();
    for (const iri of typed('#ObjectProperty')) expect((byIri.get(iri) as { '@type'?: string })?.['@type'], iri).toBe('@id');
    for (const iri of typed('#DatatypeProperty')) expect((byIri.get(iri) as { '@type'?: string })?.['@type'], iri).not.toBe('@id');
  });

  it('coerces only what every value in the data satisfies (IRIs, datatypes, language maps, plain strings)', () => {
    for (const [name, iri] of termsWith((d) => d['@type'] === '@id')) {
      expect(objectsOf(iri).every((o) => o.termType === 'NamedNode' || o.termType === 'BlankNode'), name).toBe(true);
    }
    const datatyped = termsWith((d) => d['@type'] !== undefined && d['@type'] !== '@id');
    expect(datatyped.map(([name]) => name).sort()).toEqual(['nutsLevel', 'pageEnd', 'pageStart', 'perPeriod', 'rate', 'sharePercent', 'valueInEUR']);
    for (const [name, iri] of datatyped) {
      const datatype = expand((defs[name] as { '@type': string })['@type']);
      const values = objectsOf(iri);
      expect(values.length, name).toBeGreaterThan(0);
      expect(values.every((o) => o.termType === 'Literal' && o.datatype.value === datatype), name).toBe(true);
    }
    for (const [name, iri] of termsWith((d) => d['@container'] === '@language')) {
      expect(objectsOf(iri).every((o) => o.termType === 'Literal' && (o.language !== '' || o.datatype.value === XSD.string)), name).toBe(true);
    }
    for (const [name, iri] of termsWith((d) => d['@language'] === null)) {
      expect(objectsOf(iri).every((o) => o.termType === 'Literal' && o.datatype.value === XSD.string), name).toBe(true);
    }
  });
});

describe('compactJsonLd', () => {
  it.each([[DOENERS], [DROBIN]])('%s: compacted with the context inlined, expands back to exactly the input quads', async (iri) => {
    const input = description(iri);
    const doc = await compactJsonLd(input);
    expect(doc['@context']).toEqual((await contextDocument())['@context']);
    await expectSameQuads(doc, input);
  });

  it('keeps the named graphs as @graph objects, or gives the union', async () => {
    const input = description(DOENERS);
    const named = await compactJsonLd(input);
    expect((named['@graph'] as Array<Record<string, unknown>>).map((g) => g['@id'])).toEqual(expect.arrayContaining(['graph:secon-report', 'graph:curation', 'graph:inferred']));
    const report = (named['@graph'] as Array<Record<string, unknown>>).find((g) => g['@id'] === 'graph:secon-report');
    expect(nodeById(report, 'id:practice/doeners-be')?.['prefLabel']).toEqual({ en: 'Doeners.be' });
    expect(nodeById(report, 'id:practice/doeners-be#funding-province-amount')?.['value']).toEqual({ '@type': 'xsd:decimal', '@value': '21000.00' });
    const union = await compactJsonLd(input, { graphs: 'union' });
    expect((union['@graph'] as Array<Record<string, unknown>>).some((n) => '@graph' in n)).toBe(false);
    expect(nodeById(union, 'id:practice/doeners-be')?.['sdg']).toEqual(['unsdg:10', 'unsdg:8']);
    await expectSameQuads(union, input, true);
  });

  it('keeps native-language labels with their tags', async () => {
    const doc = await compactJsonLd(description(DROBIN), { graphs: 'union' });
    const practice = nodeById(doc, 'id:practice/cus-drobin');
    expect(practice?.['prefLabel']).toEqual({ en: 'Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin', pl: 'Centrum Usług Środowiskowych' });
    expect(practice?.['altLabel']).toEqual({ en: 'Environmental Services Centre', pl: 'CUS' });
    expect(nodeById(doc, 'id:organisation/cus-drobin')?.['prefLabel']).toMatchObject({ pl: 'Centrum Usług Środowiskowych' });
  });

  it('takes Oxigraph terms as well as N3.js ones', async () => {
    const input = description(DROBIN);
    const store = new oxigraph.Store();
    store.load(toNQuads(input), { format: 'application/n-quads' });
    const fromStore = store.match() as unknown as Quad[];   // (Oxigraph writes decimals canonically: "84000")
    expect(fromStore.length).toBe(input.length);
    const doc = await compactJsonLd(fromStore);
    expect(doc['@context']).toEqual((await contextDocument())['@context']);
    await expectSameQuads(doc, fromStore);
  });

  it('round-trips the whole seed graph, named graphs and all', async () => {
    expect(seed.length).toBeGreaterThan(5000);
    await expectSameQuads(await compactJsonLd(seed), seed);
  });
});

describe('framePractice / frameResource', () => {
  it('doeners-be: one object with its organisations, funding and citation nested, and nothing lost or added', async () => {
    const input = description(DOENERS);
    const doc = (await framePractice(input, DOENERS)) as Record<string, any>;
    expect(doc['@context']).toEqual((await contextDocument())['@context']);
    expect(doc['@id']).toBe('id:practice/doeners-be');
    expect(doc['implementedBy']['prefLabel']).toEqual({ en: 'Province of Flemish Brabant', nl: 'Provincie Vlaams-Brabant' });
    expect(doc['partner'][0]['prefLabel']['en']).toBe('Flemish Department of Work and Social Economy');
    const funding = doc['funding'].find((f: any) => f['@id'] === 'id:practice/doeners-be#funding-flemish-government');
    expect(funding).toMatchObject({ sharePercent: '70.0', amount: { value: { '@value': '49000.00', '@type': 'xsd:decimal' }, currency: 'EUR' } });
    expect(funding['funder']['prefLabel']['en']).toBe('Flemish Government');   // also the stakeholder: embedded at both
    const province = doc['funding'].find((f: any) => f['@id'] === 'id:practice/doeners-be#funding-province');
    expect(province['funder']['prefLabel']['en']).toBe('Province of Flemish Brabant');   // also the implementer
    expect(doc['citation'][0]).toMatchObject({ pageStart: '5', pageEnd: '7', sourceLine: '122-160', document: { '@id': 'id:source/secon-best-practices-report' } });
    expect(doc['budget']['hasPart']).toHaveLength(3);
    expect(doc['targetGroup'].map((t: any) => t['prefLabel']['en'])).toContain('employers and companies');
    expect(doc['country']['prefLabel']).toMatchObject({ en: 'Belgium' });
    expect(JSON.stringify(doc)).not.toContain('_:');
    await expectSameQuads(doc, input, true);
  });

  it('cus-drobin: fundings with programmes, funds and euro amounts, results, native labels; nothing lost or added', async () => {
    const input = description(DROBIN);
    const doc = (await framePractice(input, DROBIN)) as Record<string, any>;
    expect(doc['prefLabel']['pl']).toBe('Centrum Usług Środowiskowych');
    expect(doc['implementedBy']['prefLabel']['pl']).toBe('Centrum Usług Środowiskowych');
    const climate = doc['funding'].find((f: any) => f['@id'] === 'id:practice/cus-drobin#funding-cus-for-climate');
    expect(climate['programme']['prefLabel']['pl']).toBe('Krajowy Plan Odbudowy i Zwiększania Odporności');
    expect(climate['fund']['@id']).toBe('id:fund/rrf');
    expect(climate['amount']).toMatchObject({ currency: 'PLN', valueInEUR: '38749.45', value: { '@value': '176000.00' } });
    const orders = doc['result'].find((r: any) => r['@id'] === 'id:practice/cus-drobin#result-orders-completed');
    expect(orders).toMatchObject({ value: { '@value': '50', '@type': 'xsd:integer' }, asOf: { '@value': '2023', '@type': 'xsd:gYear' } });
    expect(orders['valueQualifier']['@id']).toBe('id:value-qualifier/approximately');
    expect(doc['partner'].length).toBe(7);
    expect(doc['sdg'].map((s: any) => s['@id']).sort()).toEqual(['unsdg:10', 'unsdg:11', 'unsdg:8']);
    await expectSameQuads(doc, input, true);
  });

  it('puts the resource first and keeps the triples of nodes it does not embed: an incoming link, a class', async () => {
    const { namedNode, quad } = N3.DataFactory;
    const incoming = quad(namedNode(`${ID}initiative/example`), namedNode('http://purl.org/dc/terms/relation'), namedNode(DOENERS));
    const classLabel = seed.filter((q) => q.subject.value === SG.Practice && q.predicate.value === RDFS.label);
    expect(classLabel.length).toBeGreaterThan(0);
    const input = [...description(DOENERS), incoming, ...classLabel];
    const doc = await frameResource(input, DOENERS);
    const nodes = doc['@graph'] as Array<Record<string, unknown>>;
    expect(nodes[0]?.['@id']).toBe('id:practice/doeners-be');
    expect(nodes[0]?.['@type']).toContain('Practice');
    expect(nodes.slice(1)).toEqual(expect.arrayContaining([
      { '@id': 'id:initiative/example', relation: 'id:practice/doeners-be' },
      { '@id': 'sg:Practice', label: { en: 'good practice' } },
    ]));
    await expectSameQuads(doc, input, true);
  });

  it('on the whole seed graph falls back to @once embedding and still loses nothing', async () => {
    const doc = await framePractice(seed, DROBIN);
    expect(doc).toEqual(await framePractice(seed, DROBIN, { embed: '@once' }));
    const nodes = (doc['@graph'] as Array<Record<string, unknown>>) ?? [doc];
    expect(nodes[0]?.['@id']).toBe('id:practice/cus-drobin');
    await expectSameQuads(doc, seed, true);
  });

  it('handles blank nodes: isomorphic by canonical N-Quads, ids pruned where referenced once', async () => {
    const ttl = `@prefix sg: <${SG.iri}> . @prefix schema: <http://schema.org/> . @prefix skos: <${SKOS.iri}> .
      <${DOENERS}> a sg:Practice ; skos:prefLabel "P"@en, "Pé"@fr ;
        schema:funding [ a sg:Funding ; schema:funder _:org ; schema:amount [ schema:value 5.0 ; schema:currency "EUR" ] ] ;
        sg:implementedBy _:org .
      _:org skos:prefLabel "Org"@en .`;
    const input = new N3.Parser().parse(ttl);
    for (const doc of [await compactJsonLd(input), await framePractice(input, DOENERS), await frameResource(input, DOENERS, { embed: '@once' })]) {
      await expectIsomorphic(doc, input);
    }
    const framed = JSON.stringify(await framePractice(input, DOENERS));
    expect(framed.match(/"_:b\d+"/g)?.length).toBeGreaterThan(0);   // the organisation, referenced twice, keeps its id
    expect(framed).not.toMatch(/"@id":"_:b\d+","@type":"Funding"/);  // the funding, referenced once, does not
  });

  it('joins a blank node shared with an outside node by compacting instead, resource first', async () => {
    const input = new N3.Parser().parse(`<${DOENERS}> <${SG.result}> _:r . _:r <${SKOS.prefLabel}> "r"@en .
      <${ID}initiative/secon> <http://schema.org/about> _:r .`);
    const doc = await frameResource(input, DOENERS);
    expect((doc['@graph'] as Array<Record<string, unknown>>)[0]?.['@id']).toBe('id:practice/doeners-be');
    await expectIsomorphic(doc, input);
  });
});

describe('the document loader', () => {
  it('serves our context from memory and refuses every other URL', async () => {
    expect((await documentLoader(CONTEXT_IRI)).document).toEqual(await contextDocument());
    await expect(documentLoader('https://schema.org/')).rejects.toBeInstanceOf(RemoteDocumentRefused);
  });

  it.each([
    ['a remote context', { '@context': 'https://example.org/context.jsonld', '@id': 'http://example.org/x', 'http://example.org/p': 'v' }],
    ['an @import', { '@context': { '@version': 1.1, '@import': 'https://example.org/context.jsonld' }, '@id': 'http://example.org/x' }],
    ['a context list', { '@context': [CONTEXT_IRI, 'http://example.org/more.jsonld'], '@id': 'http://example.org/x' }],
  ])('makes a document with %s fail instead of fetching', async (_, doc) => {
    const error = await jsonLdToQuads(doc as never).then(() => undefined, (e: unknown) => e as { details?: { cause?: unknown } });
    expect(error?.details?.cause).toBeInstanceOf(RemoteDocumentRefused);
  });

  it('refuses a remote document given by URL', async () => {
    await expect(jsonld.expand('https://example.org/doc.jsonld' as never, { ...SAFE })).rejects.toThrow();
  });
});
