/**
 * What the spreadsheet template covers, as an explicit list of paths from a practice: the
 * predicates of the practice and of its hash nodes (fundings, amounts, quantities, results), the
 * rdf:Statement reifications of its dates and roles, its citations (compared by what they say:
 * document, pages, lines — not by their node's name), and `initiative sg:identifiedPractice`.
 * `graphs: 'source'` means only the triples in a source's graph are covered (a copy in
 * graph:curation has no column); `'any'` means the template says where it goes (a "stated in
 * source?" column, or the contract: target groups, themes, SDGs and scope go to graph:curation).
 *
 * The round trip (test/template/round-trip.test.ts) compares `coveredTriples` of the original
 * practice files with those of the re-imported ones; `uncoveredPredicates` lists the rest.
 */
import type { Quad } from '@rdfjs/types';
import { GRAPHS } from '../vocab/graphs.js';
import { DCT, FOAF, RDF, SCHEMA, SG, SKOS } from '../vocab/namespace.js';
import { compactIri } from '../graph/prefixes.js';

export type NodeKind = 'practice' | 'funding' | 'amount' | 'quantity' | 'result';

export interface CoveredPredicate {
  readonly predicate: string;
  readonly graphs: 'any' | 'source';
}

const any = (...predicates: string[]): CoveredPredicate[] => predicates.map((predicate) => ({ predicate, graphs: 'any' as const }));
const source = (...predicates: string[]): CoveredPredicate[] => predicates.map((predicate) => ({ predicate, graphs: 'source' as const }));

/** The covered predicates of each kind of node (sg:citation: compared by the citation's content). */
export const COVERED: Readonly<Record<NodeKind, readonly CoveredPredicate[]>> = {
  practice: [
    ...any(RDF.type, SKOS.prefLabel, SKOS.altLabel, SG.country, SG.location, SG.geographicScope, SCHEMA.startDate, SCHEMA.endDate,
      SG.status, SG.targetGroup, SG.theme, SG.sdg, SG.implementedBy, SG.partner, SG.stakeholder, SG.monitoredBy,
      SCHEMA.funding, SG.result, SG.staff, SG.budget, FOAF.homepage, FOAF.page, SG.video, SG.citation, SG.uncertainty),
    ...source(DCT.abstract, DCT.description, SG.temporalNote, SG.resourcesDescription, SG.resultsDescription,
      SG.beneficiariesDescription, SG.challenges, SG.innovation, SG.transferPotential),
  ],
  funding: [
    ...any(RDF.type, SCHEMA.funder, SG.fund, SG.programme, SG.fundingType, SCHEMA.amount, SG.citation, SG.uncertainty),
    ...source(SG.sharePercent, SCHEMA.startDate, SCHEMA.endDate, DCT.description),
  ],
  amount: [
    ...any(RDF.type, SCHEMA.currency, SG.citation, DCT.hasPart, SG.uncertainty),
    ...source(SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue, SG.perPeriod, SG.valueQualifier, SG.valueInEUR, SCHEMA.description,
      SG.asOf, SCHEMA.startDate, SCHEMA.endDate),
  ],
  quantity: [
    ...any(RDF.type, SCHEMA.unitCode, SG.citation, DCT.hasPart, SG.uncertainty, SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue),
    ...source(SG.perPeriod, SG.valueQualifier, SG.valueInEUR, SCHEMA.description,
      SG.asOf, SCHEMA.startDate, SCHEMA.endDate),
  ],
  result: [
    ...any(RDF.type, SCHEMA.unitCode, SCHEMA.currency, SG.resultKind, SG.citation, SG.uncertainty, SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue),
    ...source(SKOS.prefLabel, SG.valueQualifier, SG.asOf, SCHEMA.startDate,
      SCHEMA.endDate, SG.perPeriod, SG.valueInEUR, DCT.description),
  ],
};

/** The practice triples whose rdf:Statement (with its sg:citation) the template carries. */
export const COVERED_STATEMENTS: readonly string[] = [
  SCHEMA.startDate, SCHEMA.endDate, SG.implementedBy, SG.partner, SG.stakeholder, SG.monitoredBy,
];

/** The citation's content compared (its node's name is not). */
export const CITATION_PATH: readonly string[] = [SG.document, SCHEMA.pageStart, SCHEMA.pageEnd, SG.sourceLine];

/** Triples pointing at the practice that the template covers (Practices: "Identified by"). */
export const COVERED_INVERSE: readonly string[] = [SG.identifiedPractice];

const KIND_OF_TYPE: ReadonlyMap<string, NodeKind | 'citation' | 'statement'> = new Map([
  [SG.Practice, 'practice'], [SG.Funding, 'funding'], [SCHEMA.MonetaryAmount, 'amount'], [SCHEMA.QuantitativeValue, 'quantity'],
  [SG.Result, 'result'], [SG.Citation, 'citation'], [RDF.Statement, 'statement'],
] as Array<[string, NodeKind | 'citation' | 'statement']>);

const term = (t: Quad['object']): string =>
  t.termType === 'Literal' ? `"${t.value}"${t.language ? `@${t.language}` : `^^${compactIri(t.datatype.value)}`}` : t.termType === 'NamedNode' ? compactIri(t.value) : `_:${t.value}`;

/** Predicates leading from a covered node to another covered node (its parts). */
const LINKS: ReadonlySet<string> = new Set([SCHEMA.funding, SG.result, SG.staff, SG.budget, SCHEMA.amount, DCT.hasPart]);

/**
 * The quads about practice `practice` that the template can reach: the practice, the nodes reached
 * from it through LINKS (of a covered kind), the statements about it, and the citations.
 */
function scopeOf(quads: readonly Quad[], practice: string) {
  const mine = (iri: string) => iri === practice || iri.startsWith(`${practice}#`);
  const all = new Map<string, Quad[]>();
  for (const q of quads) {
    if (!mine(q.subject.value)) continue;
    let list = all.get(q.subject.value);
    if (!list) all.set(q.subject.value, (list = []));
    list.push(q);
  }
  // A money result is an sg:Result and a schema:MonetaryAmount: the result it is.
  const kindOf = (s: string) => {
    const kinds = (all.get(s) ?? []).filter((q) => q.predicate.value === RDF.type).map((q) => KIND_OF_TYPE.get(q.object.value)).filter((k) => k !== undefined);
    return kinds.includes('result') ? 'result' : kinds[0];
  };
  // Reachable nodes: from the practice through covered links.
  const reached = new Set<string>([practice]);
  const queue = [practice];
  while (queue.length > 0) {
    const s = queue.shift()!;
    const kind = kindOf(s);
    for (const q of all.get(s) ?? []) {
      if (!LINKS.has(q.predicate.value) || q.object.termType !== 'NamedNode' || reached.has(q.object.value)) continue;
      if (!kind || kind === 'citation' || kind === 'statement' || !COVERED[kind].some((c) => c.predicate === q.predicate.value)) continue;
      const target = kindOf(q.object.value);
      if (target && target !== 'citation' && target !== 'statement' && target !== 'practice') {
        reached.add(q.object.value);
        queue.push(q.object.value);
      }
    }
  }
  const bySubject = new Map<string, Quad[]>();
  for (const [s, list] of all) {
    const kind = kindOf(s);
    if (reached.has(s) || kind === 'statement') bySubject.set(s, list);
  }
  const citation = (c: string): string => {
    const parts = CITATION_PATH.map((p) => (all.get(c) ?? []).filter((q) => q.predicate.value === p).map((q) => term(q.object)).sort().join(','));
    return all.has(c) ? `[cites ${parts.join(' | ')}]` : compactIri(c);
  };
  return { bySubject, all, reached, kindOf, citation };
}

const graphName = (g: string): string => compactIri(g);

/**
 * The covered triples of one practice, with their graphs, as comparable lines: citation nodes
 * replaced by what they say, statements by the triple they reify and their citation.
 */
export function coveredTriples(quads: readonly Quad[], practice: string): string[] {
  const { bySubject, kindOf, citation } = scopeOf(quads, practice);
  const lines = new Set<string>();
  for (const [s, list] of bySubject) {
    const kind = kindOf(s);
    if (kind === 'citation') continue;
    if (kind === 'statement') {
      const one = (p: string) => list.find((q) => q.predicate.value === p)?.object;
      const p = one(RDF.predicate);
      const subject = one(RDF.subject);
      const object = one(RDF.object);
      if (!p || !subject || !object || subject.value !== practice || !COVERED_STATEMENTS.includes(p.value)) continue;
      for (const c of list.filter((q) => q.predicate.value === SG.citation)) {
        lines.add(`${graphName(c.graph.value)} << ${term(subject)} ${compactIri(p.value)} ${term(object)} >> sg:citation ${citation(c.object.value)}`);
      }
      continue;
    }
    if (!kind) continue;
    for (const q of list) {
      const covered = COVERED[kind].find((c) => c.predicate === q.predicate.value);
      if (!covered || (covered.graphs === 'source' && q.graph.value === GRAPHS.curation)) continue;
      const object = q.predicate.value === SG.citation ? citation(q.object.value) : term(q.object);
      lines.add(`${graphName(q.graph.value)} ${term(q.subject)} ${compactIri(q.predicate.value)} ${object}`);
    }
  }
  for (const q of quads) {
    if (q.object.value === practice && COVERED_INVERSE.includes(q.predicate.value)) lines.add(`${graphName(q.graph.value)} ${term(q.subject)} ${compactIri(q.predicate.value)} ${term(q.object)}`);
  }
  return [...lines].sort();
}

/** What a practice has that the template does not cover: `kind predicate (graph)` with counts. */
export function uncoveredPredicates(quads: readonly Quad[], practice: string): string[] {
  const { all, reached, kindOf } = scopeOf(quads, practice);
  const out = new Set<string>();
  for (const [s, list] of all) {
    const kind = kindOf(s);
    if (kind !== 'citation' && kind !== 'statement' && !reached.has(s)) {
      out.add(`${kind ?? 'other'} node not reached from the practice by ${[...LINKS].map(compactIri).join(', ')}`);
      continue;
    }
    if (kind === 'citation' || kind === 'statement') {
      if (kind === 'statement') {
        const p = list.find((q) => q.predicate.value === RDF.predicate)?.object.value;
        if (p && !COVERED_STATEMENTS.includes(p)) out.add(`statement of ${compactIri(p)}`);
      }
      const compared = kind === 'citation' ? CITATION_PATH : [RDF.subject, RDF.predicate, RDF.object, SG.citation];
      for (const q of list) {
        if (q.predicate.value !== RDF.type && !compared.includes(q.predicate.value)) out.add(`${kind} ${compactIri(q.predicate.value)} (${graphName(q.graph.value)})`);
      }
      continue;
    }
    for (const q of list) {
      const covered = kind ? COVERED[kind].find((c) => c.predicate === q.predicate.value) : undefined;
      if (!covered || (covered.graphs === 'source' && q.graph.value === GRAPHS.curation)) {
        out.add(`${kind} ${compactIri(q.predicate.value)} (${graphName(q.graph.value)})`);
      }
    }
  }
  return [...out].sort();
}
