/**
 * From the data's quads to the template's rows: each practice (sg:Practice under id/practice/)
 * with its organisation roles, fundings, results, staff and budget, read generically from
 * whatever graph holds them. Whether a fact is stated by a source or added by us is read from
 * its graph (graph:curation → "no" in the "stated in source?" columns); the citation of a fact
 * group is its node's sg:citation, or, for dates and roles, the sg:citation of the rdf:Statement
 * reifying the triple.
 */
import type { Quad } from '@rdfjs/types';
import { GRAPHS } from '../vocab/graphs.js';
import { DCT, FOAF, RDF, SCHEMA, SG, SKOS } from '../vocab/namespace.js';
import type { SheetName } from './columns.js';
import { NAMESPACES, SCHEME_NAMESPACES } from './known.js';
import type { SheetRows } from './tables.js';

type Record_ = Record<string, string>;

/** Quads indexed by subject. */
class Index {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();
  constructor(quads: readonly Quad[]) {
    for (const q of quads) {
      let list = this.bySubject.get(q.subject.value);
      if (!list) this.bySubject.set(q.subject.value, (list = []));
      list.push(q);
      if (q.object.termType === 'NamedNode') {
        let back = this.byObject.get(q.object.value);
        if (!back) this.byObject.set(q.object.value, (back = []));
        back.push(q);
      }
    }
  }

  all(s: string, p: string): Quad[] {
    return (this.bySubject.get(s) ?? []).filter((q) => q.predicate.value === p);
  }

  objects(s: string, p: string): string[] {
    return unique(this.all(s, p).map((q) => q.object.value));
  }

  one(s: string, p: string): string | undefined {
    return this.all(s, p)[0]?.object.value;
  }

  pointing(o: string, p: string): Quad[] {
    return (this.byObject.get(o) ?? []).filter((q) => q.predicate.value === p);
  }

  subjects(): IterableIterator<string> {
    return this.bySubject.keys();
  }
}

const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];
const local = (iri: string, ns: string): string => (iri.startsWith(ns) ? iri.slice(ns.length) : iri);
const hashLocal = (iri: string): string => iri.slice(iri.indexOf('#') + 1);
const join = (values: readonly string[]): string => values.join('; ');
const isCuration = (q: Quad): boolean => q.graph.value === GRAPHS.curation;
const yesNo = (stated: boolean): string => (stated ? 'yes' : 'no');

/** The `sg:uncertainty` notes of a node, split by graph, one per line. */
function uncertaintyCells(index: Index, node: string, sourceKey: string, oursKey: string): Record_ {
  const all = index.all(node, SG.uncertainty).filter((q) => q.object.termType === 'Literal');
  const out: Record_ = {};
  if (all.some((q) => !isCuration(q))) out[sourceKey] = all.filter((q) => !isCuration(q)).map((q) => q.object.value).join('\n');
  if (all.some(isCuration)) out[oursKey] = all.filter(isCuration).map((q) => q.object.value).join('\n');
  return out;
}

/**
 * `{document, pages, lines}` of a fact's citation nodes, as the template's three columns: several
 * citations give their pages and lines separated by `;` (and their documents, if they differ).
 */
function citationCells(index: Index, citations: string | readonly string[] | undefined, sourceKey: string, pageKey: string, linesKey: string): Record_ {
  const list = citations === undefined ? [] : typeof citations === 'string' ? [citations] : citations;
  if (list.length === 0) return {};
  const docs: string[] = [];
  const pages: string[] = [];
  const lines: string[] = [];
  for (const citation of list) {
    const doc = index.one(citation, SG.document);
    const start = index.one(citation, SCHEMA.pageStart);
    const end = index.one(citation, SCHEMA.pageEnd);
    docs.push(doc ? local(doc, NAMESPACES.source) : '');
    pages.push(start ? (end && end !== start ? `${start}-${end}` : start) : (end ?? ''));
    lines.push(index.one(citation, SG.sourceLine) ?? '');
  }
  const out: Record_ = {};
  const distinct = unique(docs);
  if (distinct.some((d) => d !== '')) out[sourceKey] = distinct.length === 1 ? distinct[0]! : docs.join('; ');
  if (pages.some((p) => p !== '')) out[pageKey] = pages.join('; ');
  if (lines.some((l) => l !== '')) out[linesKey] = lines.join('; ');
  return out;
}

/** The citations of the rdf:Statement reifying (s, p, o), if the data has one. */
function statedCitation(index: Index, s: string, p: string, o: string): string[] | undefined {
  for (const q of index.pointing(s, RDF.subject)) {
    const st = q.subject.value;
    if (index.one(st, RDF.predicate) === p && index.all(st, RDF.object).some((x) => x.object.value === o)) {
      const c = index.objects(st, SG.citation);
      if (c.length > 0) return c;
    }
  }
  return undefined;
}

/** The literal values of (s, p) in a language, or in any but English. */
const texts = (index: Index, s: string, p: string, filter: (q: Quad) => boolean = () => true): Quad[] =>
  index.all(s, p).filter((q) => q.object.termType === 'Literal' && filter(q));

const nameCell = (q: Quad): string => {
  const lang = q.object.termType === 'Literal' ? q.object.language : '';
  return lang && lang !== 'en' ? `${q.object.value}@${lang}` : q.object.value;
};

/**
 * The template rows of every practice in `quads` (all the data files' quads), sorted by id.
 */
export function exportRows(quads: readonly Quad[]): SheetRows {
  const index = new Index(quads);
  const practices = [...index.subjects()]
    .filter((s) => s.startsWith(NAMESPACES.practice) && !s.includes('#') && index.objects(s, RDF.type).includes(SG.Practice))
    .sort();
  const sheets: Record<SheetName, Record_[]> = { Practices: [], Organisations: [], Fundings: [], Results: [], Places: [] };
  for (const P of practices) {
    const id = local(P, NAMESPACES.practice);
    const row: Record_ = { id };
    const en = texts(index, P, SKOS.prefLabel, (q) => q.object.termType === 'Literal' && q.object.language === 'en');
    if (en[0]) row['name'] = en[0].object.value;
    const native = texts(index, P, SKOS.prefLabel, (q) => q.object.termType === 'Literal' && q.object.language !== 'en')[0];
    if (native && native.object.termType === 'Literal') {
      row['nativeName'] = native.object.value;
      row['nativeLang'] = native.object.language;
      row['nativeStated'] = yesNo(!isCuration(native));
    }
    const alt = texts(index, P, SKOS.altLabel);
    if (alt.some((q) => !isCuration(q))) row['otherNames'] = join(alt.filter((q) => !isCuration(q)).map(nameCell));
    if (alt.some(isCuration)) row['otherNamesOurs'] = join(alt.filter(isCuration).map(nameCell));
    const textOf = (key: string, p: string) => {
      const t = texts(index, P, p, (q) => !isCuration(q))[0];
      if (t) row[key] = t.object.value;
    };
    textOf('summary', DCT.abstract);
    textOf('description', DCT.description);
    const notes = texts(index, P, SG.temporalNote, (q) => !isCuration(q));
    if (notes.length > 0) row['temporalNote'] = notes.map((q) => q.object.value).join('\n');
    textOf('resources', SG.resourcesDescription);
    textOf('resultsText', SG.resultsDescription);
    textOf('beneficiaries', SG.beneficiariesDescription);
    textOf('challenges', SG.challenges);
    textOf('innovation', SG.innovation);
    textOf('transfer', SG.transferPotential);
    Object.assign(row, uncertaintyCells(index, P, 'uncertaintySource', 'uncertaintyOurs'));
    const country = index.one(P, SG.country);
    if (country) row['country'] = local(country, NAMESPACES.country);
    row['places'] = join(index.objects(P, SG.location).map((o) => local(o, NAMESPACES.place)));
    const scope = index.all(P, SG.geographicScope)[0];
    if (scope) {
      row['scope'] = local(scope.object.value, SCHEME_NAMESPACES.geographicScope);
      row['scopeStated'] = yesNo(!isCuration(scope));
    }
    const start = index.one(P, SCHEMA.startDate);
    const end = index.one(P, SCHEMA.endDate);
    if (start) row['start'] = start;
    if (end) row['end'] = end;
    const startCite = start ? citationCells(index, statedCitation(index, P, SCHEMA.startDate, start), 'datesSource', 'startPage', 'startLines') : {};
    const endCite = end ? citationCells(index, statedCitation(index, P, SCHEMA.endDate, end), 'endSource', 'endPage', 'endLines') : {};
    Object.assign(row, startCite);
    if (endCite['endSource'] && !row['datesSource']) row['datesSource'] = endCite['endSource'];
    delete endCite['endSource'];
    Object.assign(row, endCite);
    const status = index.one(P, SG.status);
    if (status) row['status'] = local(status, SCHEME_NAMESPACES.status);
    row['targetGroups'] = join(index.objects(P, SG.targetGroup).map((o) => local(o, SCHEME_NAMESPACES.targetGroup)));
    row['themes'] = join(index.objects(P, SG.theme).map((o) => local(o, SCHEME_NAMESPACES.theme)));
    row['sdgs'] = join(index.objects(P, SG.sdg).map((o) => local(o, NAMESPACES.sdg)).sort((a, b) => Number(a) - Number(b)));
    row['website'] = join(index.objects(P, FOAF.homepage));
    row['links'] = join(index.objects(P, FOAF.page));
    row['video'] = join(index.objects(P, SG.video));
    row['initiatives'] = join(index.pointing(P, SG.identifiedPractice).map((q) => local(q.subject.value, NAMESPACES.initiative)));
    const own = index.objects(P, SG.citation);
    Object.assign(row, citationCells(index, own.some((c) => c.startsWith(`${P}#`)) ? own.filter((c) => c.startsWith(`${P}#`)) : own, 'source', 'page', 'lines'));
    // A date's citation in the practice's own document needs no document of its own.
    if (row['datesSource'] === row['source']) delete row['datesSource'];
    sheets.Practices.push(row);

    // Organisations: one row per role.
    const roles: Array<[string, string]> = [['implementer', SG.implementedBy], ['partner', SG.partner], ['stakeholder', SG.stakeholder], ['monitor', SG.monitoredBy]];
    for (const [role, predicate] of roles) {
      for (const q of index.all(P, predicate)) {
        const r: Record_ = { practice: id, organisation: local(q.object.value, NAMESPACES.organisation), role, roleStated: yesNo(!isCuration(q)) };
        Object.assign(r, citationCells(index, statedCitation(index, P, predicate, q.object.value), 'source', 'page', 'lines'));
        sheets.Organisations.push(r);
      }
    }

    // Fundings: one row per sg:Funding.
    const parents: Array<[string, string]> = [];
    for (const F of index.objects(P, SCHEMA.funding)) {
      const r: Record_ = { practice: id, id: hashLocal(F) };
      const funders = index.all(F, SCHEMA.funder);
      r['funders'] = join(unique(funders.filter((q) => !isCuration(q)).map((q) => local(q.object.value, NAMESPACES.organisation))));
      r['fundersOurs'] = join(unique(funders.filter(isCuration).map((q) => local(q.object.value, NAMESPACES.organisation))));
      const fund = index.all(F, SG.fund)[0];
      const programme = index.all(F, SG.programme)[0];
      if (fund) r['fund'] = local(fund.object.value, NAMESPACES.fund);
      if (programme) r['programme'] = local(programme.object.value, NAMESPACES.programme);
      if (fund) r['fundStated'] = yesNo(!isCuration(fund));
      if (programme) r['programmeStated'] = yesNo(!isCuration(programme));
      const type = index.all(F, SG.fundingType)[0];
      if (type) {
        r['type'] = local(type.object.value, SCHEME_NAMESPACES.fundingType);
        r['typeStated'] = yesNo(!isCuration(type));
      }
      const share = index.all(F, SG.sharePercent).find((q) => !isCuration(q));
      if (share) r['share'] = share.object.value;
      const fs = index.all(F, SCHEMA.startDate).find((q) => !isCuration(q));
      const fe = index.all(F, SCHEMA.endDate).find((q) => !isCuration(q));
      if (fs) r['start'] = fs.object.value;
      if (fe) r['end'] = fe.object.value;
      const sentence = texts(index, F, DCT.description, (q) => !isCuration(q))[0];
      if (sentence) r['sentence'] = sentence.object.value;
      Object.assign(r, uncertaintyCells(index, F, 'uncertaintySource', 'uncertaintyOurs'));
      const A = index.one(F, SCHEMA.amount);
      if (A) {
        if (hashLocal(A) !== `${hashLocal(F)}-amount`) r['amountId'] = hashLocal(A);
        Object.assign(r, amountCells(index, A, { value: 'amount', min: 'min', max: 'max' }));
        const note = texts(index, A, SCHEMA.description, (q) => !isCuration(q))[0];
        if (note) r['amountNote'] = note.object.value;
        Object.assign(r, uncertaintyCells(index, A, 'amountUncertaintySource', 'amountUncertaintyOurs'));
        parents.push([A, hashLocal(A)]);
      }
      const fundingCitation = index.objects(F, SG.citation);
      const amountCitation = A ? index.objects(A, SG.citation) : [];
      Object.assign(r, citationCells(index, fundingCitation.length > 0 ? fundingCitation : amountCitation, 'source', 'page', 'lines'));
      // The amount's own citation, where it says something else than the funding's (same document).
      if (fundingCitation.length > 0 && amountCitation.length > 0) {
        const own = citationCells(index, amountCitation, 'amountSource', 'amountPage', 'amountLines');
        const shared = citationCells(index, fundingCitation, 'amountSource', 'amountPage', 'amountLines');
        if (own['amountPage'] !== shared['amountPage'] || own['amountLines'] !== shared['amountLines']) {
          if (own['amountPage']) r['amountPage'] = own['amountPage'];
          if (own['amountLines']) r['amountLines'] = own['amountLines'];
        }
      }
      sheets.Fundings.push(r);
    }

    // Results, staff, budget, and their parts (breadth first); a funding's amount that is part of
    // a budget stays on its Fundings row ("Amount part of").
    const fundingRowOfAmount = new Map<string, Record_>();
    for (const r of sheets.Fundings) if (r['practice'] === id) fundingRowOfAmount.set(`${P}#${r['amountId'] ?? `${r['id']}-amount`}`, r);
    const resultRow = (R: string, kind: string, partOf?: string) => {
      const r: Record_ = { practice: id, id: hashLocal(R), kind };
      if (partOf) r['partOf'] = partOf;
      const label = texts(index, R, SKOS.prefLabel, (q) => !isCuration(q))[0];
      if (label && kind === 'result') r['label'] = label.object.value;
      const money = index.objects(R, RDF.type).includes(SCHEMA.MonetaryAmount);
      Object.assign(r, amountCells(index, R, { value: 'value', min: 'min', max: 'max' }));
      // A number only we give (our reading of the words): "Value stated in source?" no.
      const numbers = [SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue].flatMap((p) => index.all(R, p));
      if (numbers.length > 0 && numbers.every(isCuration)) {
        for (const q of numbers) r[q.predicate.value === SCHEMA.value ? 'value' : q.predicate.value === SCHEMA.minValue ? 'min' : 'max'] = q.object.value;
        r['valueStated'] = 'no';
      }
      if (!money) {
        const unit = index.one(R, SCHEMA.unitCode);
        if (unit) r['unit'] = local(unit, SCHEME_NAMESPACES.unit);
      }
      const resultKind = index.one(R, SG.resultKind);
      if (resultKind && kind === 'result') r['resultKind'] = local(resultKind, SCHEME_NAMESPACES.resultKind);
      const dated = (key: string, p: string) => {
        const q = index.all(R, p).find((x) => !isCuration(x));
        if (q) r[key] = q.object.value;
      };
      dated('asOf', SG.asOf);
      dated('start', SCHEMA.startDate);
      dated('end', SCHEMA.endDate);
      const sentence = texts(index, R, kind === 'result' ? DCT.description : SCHEMA.description, (q) => !isCuration(q))[0];
      if (sentence) r['sentence'] = sentence.object.value;
      Object.assign(r, uncertaintyCells(index, R, 'uncertaintySource', 'uncertaintyOurs'));
      Object.assign(r, citationCells(index, index.objects(R, SG.citation), 'source', 'page', 'lines'));
      sheets.Results.push(r);
      parents.push([R, hashLocal(R)]);
    };
    for (const R of index.objects(P, SG.result)) resultRow(R, 'result');
    for (const R of index.objects(P, SG.staff)) resultRow(R, 'staff');
    for (const R of index.objects(P, SG.budget)) resultRow(R, 'budget');
    for (let i = 0; i < parents.length; i++) {
      const [parent, parentId] = parents[i]!;
      for (const part of index.objects(parent, DCT.hasPart)) {
        if (!part.startsWith(`${P}#`)) continue;
        const fundingRow = fundingRowOfAmount.get(part);
        if (fundingRow) fundingRow['amountPartOf'] = parentId;
        else resultRow(part, 'part', parentId);
      }
    }
  }
  return new Map(Object.entries(sheets) as Array<[SheetName, Record_[]]>);
}

/** Value, range, currency (stated or ours), period, qualifier and stated euro value of an amount or quantity. */
function amountCells(index: Index, A: string, keys: { value: string; min: string; max: string }): Record_ {
  const r: Record_ = {};
  const stated = (p: string) => index.all(A, p).find((q) => !isCuration(q))?.object.value;
  const value = stated(SCHEMA.value);
  const min = stated(SCHEMA.minValue);
  const max = stated(SCHEMA.maxValue);
  if (value !== undefined) r[keys.value] = value;
  if (min !== undefined) r[keys.min] = min;
  if (max !== undefined) r[keys.max] = max;
  const currency = index.all(A, SCHEMA.currency)[0];
  if (currency) {
    r['currency'] = currency.object.value;
    r['currencyStated'] = yesNo(!isCuration(currency));
  }
  const period = stated(SG.perPeriod);
  if (period) r['perPeriod'] = period;
  const qualifier = stated(SG.valueQualifier);
  if (qualifier) r['qualifier'] = local(qualifier, SCHEME_NAMESPACES.valueQualifier);
  const eur = stated(SG.valueInEUR);
  if (eur) r['eur'] = eur;
  return r;
}
