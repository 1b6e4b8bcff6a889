/**
 * From the template's sheets to the data's quads: every cell is checked (cells.ts), rows are
 * checked against each other (unique ids, references to practices, organisations, places and
 * amounts), and, when nothing is wrong, each practice, new organisation and new place becomes the
 * quads of its own data file, in the graphs docs/authoring.md gives: what a source states in that
 * source's graph (with its fact-level citations and rdf:Statement reifications), what we add in
 * graph:curation.
 */
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { GRAPHS } from '../vocab/graphs.js';
import { DCT, FOAF, ORG, RDF, SCHEMA, SG, SKOS, XSD } from '../vocab/namespace.js';
import { RowReader, type Citation, type DateValue } from './cells.js';
import { sheetSpec, type SheetName } from './columns.js';
import { NAMESPACES, resolveCode, SCHEME_NAMESPACES, type Known } from './known.js';
import type { SheetProblem, Table } from './tables.js';

const { namedNode, literal, quad } = N3.DataFactory;

/** The files an import writes (paths relative to the data directory) and what it found wrong. */
export interface ImportPlan {
  readonly files: ReadonlyMap<string, { readonly quads: readonly Quad[]; readonly subject: string; readonly comment: string }>;
  readonly problems: readonly SheetProblem[];
  readonly warnings: readonly SheetProblem[];
}

/** The subject whose hash IRIs a file holds (its parts, citations and statements). */
class Owner {
  readonly quads: Quad[] = [];
  private readonly byContent = new Map<string, string>();
  private readonly locals = new Set<string>();
  constructor(readonly iri: string, private readonly graphOf: (source: string) => string) {}

  add(graph: string, s: string, p: string, o: N3.Term): void {
    this.quads.push(quad(namedNode(s), namedNode(p), o as N3.Quad['object'], namedNode(graph)) as unknown as Quad);
  }

  /** A fresh local name for a hash IRI of the owner: `name`, else `name-2`… */
  local(name: string): string {
    let candidate = name;
    for (let i = 2; this.locals.has(candidate); i++) candidate = `${name}-${i}`;
    this.locals.add(candidate);
    return `${this.iri}#${candidate}`;
  }

  reserve(name: string): void {
    this.locals.add(name);
  }

  /** The citation node for `c` (one per distinct citation), written in its document's graph. */
  cite(c: Citation, name: string): string {
    const key = `${c.source}|${c.pageStart}|${c.pageEnd}|${c.lines ?? ''}`;
    const known = this.byContent.get(key);
    if (known) return known;
    const iri = this.local(`cite-${name}`);
    this.byContent.set(key, iri);
    const g = this.graphOf(c.source);
    this.add(g, iri, RDF.type, namedNode(SG.Citation));
    this.add(g, iri, SG.document, namedNode(NAMESPACES.source + c.source));
    this.add(g, iri, SCHEMA.pageStart, literal(String(c.pageStart), namedNode(XSD.integer)));
    this.add(g, iri, SCHEMA.pageEnd, literal(String(c.pageEnd), namedNode(XSD.integer)));
    if (c.lines !== undefined) this.add(g, iri, SG.sourceLine, literal(c.lines));
    return iri;
  }

  /** The citation nodes of `c` and of the further citations of the same fact. */
  cites(c: Citation, name: string): string[] {
    return [this.cite(c, name), ...(c.more ?? []).map((m, i) => this.cite(m, `${name}-${i + 2}`))];
  }

  /**
   * `:stated-<name> a rdf:Statement` for the triple (s, p, o), with the citations `c`, in `graph`
   * (the triple's own graph: the source's, or graph:curation for a role we read).
   */
  statement(s: string, p: string, o: N3.Term, c: Citation, name: string, graph = this.graphOf(c.source)): void {
    const iri = this.local(`stated-${name}`);
    const g = graph;
    this.add(g, iri, RDF.type, namedNode(RDF.Statement));
    this.add(g, iri, RDF.subject, namedNode(s));
    this.add(g, iri, RDF.predicate, namedNode(p));
    this.add(g, iri, RDF.object, o);
    for (const citation of this.cites(c, name)) this.add(g, iri, SG.citation, namedNode(citation));
  }
}

const en = (text: string) => literal(text, 'en');
const typed = (lexical: string, type: string) => literal(lexical, namedNode(type));
const dateLiteral = (d: DateValue) => typed(d.lexical, XSD[d.type]);
const iri = (ns: string, code: string) => namedNode(ns + code);

/** A short name for a document's citation: secon-best-practices-report → bpr (as the hand-written files). */
export function citeName(source: string): string {
  const words = source.split('-');
  const rest = words.length >= 3 ? words.slice(1) : words;
  return rest.map((w) => (/^\d+$/.test(w) ? w : w[0])).join('');
}

/** The notes of a cell, one per line. */
const notes = (text: string | undefined): string[] => (text ?? '').split('\n').map((n) => n.trim()).filter((n) => n !== '');

/** `sg:uncertainty` notes of a node: about the source's facts in `graph`, about ours in graph:curation. */
function uncertainty(owner: Owner, r: RowReader, node: string, graph: string, sourceKey: string, oursKey: string): void {
  for (const note of notes(r.text(sourceKey))) owner.add(graph, node, SG.uncertainty, en(note));
  for (const note of notes(r.text(oursKey))) owner.add(GRAPHS.curation, node, SG.uncertainty, en(note));
}

const ROLE_PREDICATES: Readonly<Record<string, string>> = {
  implementer: SG.implementedBy, partner: SG.partner, stakeholder: SG.stakeholder, monitor: SG.monitoredBy,
};

/** The rows of each sheet, read with their readers. */
function readersOf(tables: readonly Table[], known: Known, problems: SheetProblem[]): Map<SheetName, RowReader[]> {
  const out = new Map<SheetName, RowReader[]>();
  for (const table of tables) {
    const spec = sheetSpec(table.sheet);
    const list = out.get(table.sheet) ?? [];
    for (const row of table.rows) list.push(new RowReader(table, row, spec, known, problems));
    out.set(table.sheet, list);
  }
  return out;
}

/**
 * Checks every cell and row of `tables` against `known` and plans the files to write. When
 * `problems` is not empty, `files` must not be written.
 */
export function planImport(tables: readonly Table[], known: Known): ImportPlan {
  const problems: SheetProblem[] = [];
  const warnings: SheetProblem[] = [];
  const readers = readersOf(tables, known, problems);
  const rows = (sheet: SheetName) => readers.get(sheet) ?? [];
  const graphOf = (source: string) => known.sourceGraph.get(source) ?? GRAPHS.curation;
  const files = new Map<string, { quads: Quad[]; subject: string; comment: string }>();
  const warn = (r: RowReader, message: string) => warnings.push({ file: r.table.file, sheet: r.table.sheet, row: r.rowNumber, message });

  // --- New places (the Places sheet) -------------------------------------------------------------
  const newPlaces = new Map<string, RowReader>();
  for (const r of rows('Places')) {
    const id = r.slug('id', 'place id');
    if (id === undefined) continue;
    if (known.places.has(id)) r.problem('id', `place "${id}" already exists in data/places/: remove the row to use it as it is`);
    else if (newPlaces.has(id)) r.problem('id', `place id "${id}" is used twice (also on row ${newPlaces.get(id)!.rowNumber})`);
    else newPlaces.set(id, r);
  }
  const placeExists = (id: string) => known.places.has(id) || newPlaces.has(id);
  for (const [id, r] of newPlaces) {
    const name = r.required('name', 'name');
    const kind = r.code('kind', 'placeKind', 'kind of place', true);
    const country = r.code('country', 'country', 'country', true);
    const native = r.nativeName();
    const containedIn = r.text('containedIn');
    if (containedIn !== undefined && !placeExists(containedIn)) r.problem('containedIn', `unknown place "${containedIn}"`);
    const nuts = r.code('nuts', 'nuts', 'NUTS code');
    const cite = r.citation('source', 'page', 'lines', undefined, true);
    if (name === undefined || kind === undefined || country === undefined || !cite) continue;
    const owner = new Owner(NAMESPACES.place + id, graphOf);
    const g = graphOf(cite.source);
    owner.add(g, owner.iri, RDF.type, namedNode(kind === 'municipality' ? SG.Municipality : SG.Region));
    owner.add(g, owner.iri, SKOS.prefLabel, en(name));
    if (native.name !== undefined && native.lang !== undefined) owner.add(native.stated ? g : GRAPHS.curation, owner.iri, SKOS.prefLabel, literal(native.name, native.lang));
    owner.add(g, owner.iri, SG.country, iri(NAMESPACES.country, country));
    if (containedIn !== undefined) owner.add(g, owner.iri, SCHEMA.containedInPlace, iri(NAMESPACES.place, containedIn));
    if (nuts !== undefined) owner.add(GRAPHS.curation, owner.iri, SG.nutsRegion, iri(NAMESPACES.nuts, nuts));
    for (const c of owner.cites(cite, citeName(cite.source))) owner.add(g, owner.iri, SG.citation, namedNode(c));
    files.set(`places/${id}.trig`, { quads: owner.quads, subject: owner.iri, comment: `${name}: a place imported from ${r.table.file} (${r.table.sheet}, row ${r.rowNumber}).` });
  }

  // --- Practices ---------------------------------------------------------------------------------
  interface PracticeEntry { readonly r: RowReader; readonly owner: Owner; readonly graph: string; readonly source?: string; readonly name: string; readonly ids: Map<string, { kind: 'funding' | 'amount' | 'result' | 'staff' | 'budget' | 'part'; row: RowReader }> }
  const practices = new Map<string, PracticeEntry>();
  const practiceRows = new Map<string, number>();
  for (const r of rows('Practices')) {
    const id = r.slug('id', 'practice id');
    if (id !== undefined && practiceRows.has(id)) {
      r.problem('id', `practice id "${id}" is used twice (also on row ${practiceRows.get(id)!})`);
      continue;
    }
    if (id !== undefined) practiceRows.set(id, r.rowNumber);
    const name = r.required('name', 'name');
    const native = r.nativeName();
    const otherNames = r.names('otherNames');
    const otherNamesOurs = r.names('otherNamesOurs');
    const summary = r.required('summary', 'summary');
    const description = r.required('description', 'description');
    const country = r.code('country', 'country', 'country', true);
    const places = r.list('places');
    if (places.length === 0) r.problem('places', 'missing places');
    for (const p of places) if (!placeExists(p)) r.problem('places', `unknown place "${p}": use an id of data/places/ or add it to the Places sheet`);
    const scope = r.code('scope', 'geographicScope', 'geographic scope');
    const scopeStated = r.yesNo('scopeStated', false);
    const { start, end } = r.period('start', 'end', true);
    const status = r.code('status', 'status', 'status', true);
    const targetGroups = r.codes('targetGroups', 'targetGroup', 'target group', true);
    const themes = r.codes('themes', 'theme', 'theme', true);
    const sdgs = r.sdgs('sdgs');
    const website = r.urls('website');
    const links = r.urls('links');
    const video = r.urls('video');
    const initiatives = r.codes('initiatives', 'initiative', 'initiative');
    const cite = r.citation('source', 'page', 'lines', undefined, true);
    const datesSource = r.code('datesSource', 'source', 'source document');
    const startCite = r.has('startPage') || r.has('startLines') ? r.citation('datesSource', 'startPage', 'startLines', cite?.source) : undefined;
    const endCite = r.has('endPage') || r.has('endLines') ? r.citation('datesSource', 'endPage', 'endLines', cite?.source) : undefined;
    if (datesSource !== undefined && !['startPage', 'startLines', 'endPage', 'endLines'].some((k) => r.has(k))) r.problem('startPage', 'missing page: the dates source document needs the page stating the dates');
    if (!r.has('end') && (r.has('endPage') || r.has('endLines'))) r.problem('endPage', 'a page for the end, but no end date');
    if (!r.has('startPage') && !r.has('startLines')) warn(r, 'the start date has no page of its own: no rdf:Statement citing it (docs/authoring.md, Fact-level provenance)');
    if (id === undefined || name === undefined || !cite) continue;
    const owner = new Owner(NAMESPACES.practice + id, graphOf);
    const g = graphOf(cite.source);
    const P = owner.iri;
    const add = (p: string, o: N3.Term, graph = g) => owner.add(graph, P, p, o);
    add(RDF.type, namedNode(SG.Practice));
    add(SKOS.prefLabel, en(name));
    if (native.name !== undefined && native.lang !== undefined) add(SKOS.prefLabel, literal(native.name, native.lang), native.stated ? g : GRAPHS.curation);
    for (const n of otherNames) add(SKOS.altLabel, literal(n.text, n.language));
    for (const n of otherNamesOurs) add(SKOS.altLabel, literal(n.text, n.language), GRAPHS.curation);
    if (summary !== undefined) add(DCT.abstract, en(summary));
    if (description !== undefined) add(DCT.description, en(description));
    const texts: Array<[string, string]> = [
      ['resources', SG.resourcesDescription], ['resultsText', SG.resultsDescription], ['beneficiaries', SG.beneficiariesDescription],
      ['challenges', SG.challenges], ['innovation', SG.innovation], ['transfer', SG.transferPotential],
    ];
    for (const [key, predicate] of texts) {
      const text = r.text(key);
      if (text !== undefined) add(predicate, en(text));
    }
    for (const note of notes(r.text('temporalNote'))) add(SG.temporalNote, en(note));
    uncertainty(owner, r, P, g, 'uncertaintySource', 'uncertaintyOurs');
    if (country !== undefined) add(SG.country, iri(NAMESPACES.country, country));
    for (const p of places) add(SG.location, iri(NAMESPACES.place, p));
    if (scope !== undefined) add(SG.geographicScope, iri(SCHEME_NAMESPACES.geographicScope, scope), scopeStated ? g : GRAPHS.curation);
    if (start) {
      add(SCHEMA.startDate, dateLiteral(start));
      if (startCite) owner.statement(P, SCHEMA.startDate, dateLiteral(start), startCite, 'start');
    }
    if (end) {
      add(SCHEMA.endDate, dateLiteral(end));
      if (endCite) owner.statement(P, SCHEMA.endDate, dateLiteral(end), endCite, 'end');
    }
    if (status !== undefined) add(SG.status, iri(SCHEME_NAMESPACES.status, status));
    for (const c of targetGroups) add(SG.targetGroup, iri(SCHEME_NAMESPACES.targetGroup, c), GRAPHS.curation);
    for (const c of themes) add(SG.theme, iri(SCHEME_NAMESPACES.theme, c), GRAPHS.curation);
    for (const c of sdgs) add(SG.sdg, iri(NAMESPACES.sdg, c), GRAPHS.curation);
    for (const u of website) add(FOAF.homepage, namedNode(u));
    for (const u of links) add(FOAF.page, namedNode(u));
    for (const u of video) add(SG.video, namedNode(u));
    for (const c of owner.cites(cite, citeName(cite.source))) add(SG.citation, namedNode(c));
    for (const i of initiatives) owner.add(g, NAMESPACES.initiative + i, SG.identifiedPractice, namedNode(P));
    practices.set(id, { r, owner, graph: g, source: cite.source, name, ids: new Map() });
  }

  /** The practice a row of another sheet belongs to. */
  const practiceOf = (r: RowReader): PracticeEntry | undefined => {
    const id = r.required('practice', 'practice id');
    if (id === undefined) return undefined;
    const entry = practices.get(id);
    if (!entry && !practiceRows.has(id)) r.problem('practice', `practice "${id}" is not in the Practices sheet`);
    return entry;
  };

  // --- Organisations: new ones first (any row describing one), then the roles ----------------------
  const DESCRIPTION_KEYS = ['name', 'nativeName', 'nativeLang', 'country', 'kind', 'place', 'homepage', 'description'];
  const newOrgs = new Map<string, RowReader>();
  for (const r of rows('Organisations')) {
    const id = r.slug('organisation', 'organisation id');
    if (id === undefined || !DESCRIPTION_KEYS.some((k) => r.has(k))) continue;
    if (known.organisations.has(id)) r.problem(DESCRIPTION_KEYS.find((k) => r.has(k))!, `organisation "${id}" already exists in data/organisations/: leave its description columns empty`);
    else if (newOrgs.has(id)) r.problem(DESCRIPTION_KEYS.find((k) => r.has(k))!, `organisation "${id}" is already described on row ${newOrgs.get(id)!.rowNumber}: describe it once`);
    else newOrgs.set(id, r);
  }
  const orgExists = (id: string) => known.organisations.has(id) || newOrgs.has(id);
  for (const [id, r] of newOrgs) {
    const name = r.required('name', 'name of the new organisation');
    const country = r.code('country', 'country', 'country', true);
    const kind = r.code('kind', 'organisationKind', 'organisation kind', true);
    const kindStated = r.yesNo('kindStated');
    const native = r.nativeName();
    const place = r.text('place');
    if (place !== undefined && !placeExists(place)) r.problem('place', `unknown place "${place}"`);
    const homepage = r.urls('homepage');
    const description = r.text('description');
    const cite = r.citation('source', 'page', 'lines', practices.get(r.text('practice') ?? '')?.source, true);
    if (name === undefined || country === undefined || kind === undefined || !cite) continue;
    const owner = new Owner(NAMESPACES.organisation + id, graphOf);
    const g = graphOf(cite.source);
    const O = owner.iri;
    owner.add(g, O, RDF.type, namedNode(ORG.Organization));
    owner.add(g, O, SKOS.prefLabel, en(name));
    if (native.name !== undefined && native.lang !== undefined) owner.add(native.stated ? g : GRAPHS.curation, O, SKOS.prefLabel, literal(native.name, native.lang));
    owner.add(kindStated ? g : GRAPHS.curation, O, ORG.classification, iri(SCHEME_NAMESPACES.organisationKind, kind));
    owner.add(g, O, SG.country, iri(NAMESPACES.country, country));
    if (place !== undefined) owner.add(g, O, SCHEMA.location, iri(NAMESPACES.place, place));
    for (const u of homepage) owner.add(g, O, FOAF.homepage, namedNode(u));
    if (description !== undefined) owner.add(g, O, DCT.description, en(description));
    for (const c of owner.cites(cite, citeName(cite.source))) owner.add(g, O, SG.citation, namedNode(c));
    files.set(`organisations/${id}.trig`, { quads: owner.quads, subject: O, comment: `${name}: an organisation imported from ${r.table.file} (${r.table.sheet}, row ${r.rowNumber}).` });
  }
  const roleRows = new Map<string, number>();
  for (const r of rows('Organisations')) {
    const entry = practiceOf(r);
    const id = r.slug('organisation', 'organisation id');
    const role = r.code('role', 'role', 'role', true);
    const stated = r.yesNo('roleStated');
    if (id !== undefined && !orgExists(id)) {
      r.problem('organisation', `unknown organisation "${id}": use an id of data/organisations/ or describe the new organisation (Name (English), Country, Kind)`);
    }
    const cite = r.citation('source', 'page', 'lines', entry?.source);
    const key = `${r.text('practice')}|${id}|${role}`;
    if (role !== undefined && role !== 'funder' && roleRows.has(key)) r.problem('role', `${id} is already ${role} of ${r.text('practice')} (row ${roleRows.get(key)!})`);
    roleRows.set(key, r.rowNumber);
    if (!entry || id === undefined || role === undefined || role === 'funder' || !orgExists(id)) continue;
    const predicate = ROLE_PREDICATES[role]!;
    const graph = !stated ? GRAPHS.curation : cite ? graphOf(cite.source) : entry.graph;
    const o = iri(NAMESPACES.organisation, id);
    entry.owner.add(graph, entry.owner.iri, predicate, o);
    if (cite) entry.owner.statement(entry.owner.iri, predicate, o, cite, `${role}-${id}`, stated ? graphOf(cite.source) : GRAPHS.curation);
    else if (stated) warn(r, `the ${role} role has no source document and page: no rdf:Statement citing it (docs/authoring.md, Fact-level provenance)`);
  }
  for (const r of rows('Practices')) {
    const id = r.text('id');
    if (id === undefined || practiceRows.get(id) !== r.rowNumber) continue;
    const isImplementer = (text: string | undefined) => {
      const role = text === undefined ? undefined : resolveCode(known.lists.get('role')!, text);
      return role !== undefined && 'code' in role && role.code === 'implementer';
    };
    const implementers = rows('Organisations').filter((o) => o.text('practice') === id && isImplementer(o.text('role')));
    if (implementers.length === 0) r.problem('id', `practice "${id}" has no implementer: add an Organisations row with role implementer`);
  }

  /** Claims `id` as a hash IRI of the practice for a row; a second claim is a problem. */
  const claim = (entry: PracticeEntry, r: RowReader, key: string, id: string, kind: 'funding' | 'amount' | 'result' | 'staff' | 'budget' | 'part'): boolean => {
    const seen = entry.ids.get(id);
    if (seen) {
      r.problem(key, `id "${id}" is already used in ${r.table.sheet === seen.row.table.sheet ? '' : `${seen.row.table.sheet} `}row ${seen.row.rowNumber} of practice ${entry.owner.iri.slice(NAMESPACES.practice.length)}`);
      return false;
    }
    entry.ids.set(id, { kind, row: r });
    entry.owner.reserve(id);
    return true;
  };

  /** Rows that are part of another (hasPart), resolved once every id is known. */
  const parts: Array<{ r: RowReader; entry: PracticeEntry; id: string; parent: string; graph: string; key: string }> = [];
  /** Staff and budget rows without a value: their parts must give the numbers. */
  const valueless: Array<{ r: RowReader; entry: PracticeEntry; id: string }> = [];

  // --- Fundings ----------------------------------------------------------------------------------
  for (const r of rows('Fundings')) {
    const entry = practiceOf(r);
    const id = r.slug('id', 'funding id');
    const funders = r.list('funders');
    const fundersOurs = r.list('fundersOurs');
    for (const key of ['funders', 'fundersOurs']) {
      for (const f of r.list(key)) if (!orgExists(f)) r.problem(key, `unknown organisation "${f}": use an id of data/organisations/ or describe it in the Organisations sheet (role funder)`);
    }
    const fund = r.code('fund', 'fund', 'fund');
    const programme = r.code('programme', 'programme', 'programme');
    const fundStated = r.yesNo('fundStated');
    const programmeStated = r.yesNo('programmeStated');
    const type = r.code('type', 'fundingType', 'funding type', true);
    const typeStated = r.yesNo('typeStated');
    const amountId = r.slug('amountId', 'amount id', false);
    const amount = r.number('amount', 'amount');
    const min = r.number('min', 'amount');
    const max = r.number('max', 'amount');
    if (min !== undefined && max !== undefined && Number(max) < Number(min)) r.problem('max', `amount to ${max} is less than amount from ${min}`);
    const currency = r.currency('currency');
    const hasAmount = r.has('amount') || r.has('min') || r.has('max');
    if (hasAmount && !r.has('currency')) r.problem('currency', 'an amount needs its currency');
    if (!hasAmount) for (const key of ['currency', 'perPeriod', 'qualifier', 'eur', 'amountNote', 'amountId', 'amountPartOf', 'amountUncertaintySource', 'amountUncertaintyOurs']) if (r.has(key)) r.problem(key, 'given without an amount');
    const currencyStated = r.yesNo('currencyStated');
    if (currency !== undefined && !currencyStated && !r.has('amountUncertaintyOurs')) warn(r, 'the currency is ours, not the source\'s: say why we assume it in "Amount uncertainty: our additions" (docs/authoring.md)');
    const perPeriod = r.perPeriod('perPeriod');
    const qualifier = r.code('qualifier', 'valueQualifier', 'value qualifier');
    const eur = r.number('eur', 'value in EUR');
    const share = r.number('share', 'share');
    const { start, end } = r.period('start', 'end');
    const sentence = r.required('sentence', "source's sentence");
    const cite = r.citation('source', 'page', 'lines', entry?.source);
    // A funding without a citation of its own is refused by the shapes (sgsh:FactCited): say so here, at its cell.
    if (!cite && !r.has('source') && !r.has('page')) r.problem('page', 'missing page: a funding needs the page of the source that states it (docs/authoring.md, Fact-level provenance)');
    const amountCite = r.has('amountPage') || r.has('amountLines') ? r.citation('source', 'amountPage', 'amountLines', entry?.source) : undefined;
    if (!hasAmount && (r.has('amountPage') || r.has('amountLines'))) r.problem(r.has('amountPage') ? 'amountPage' : 'amountLines', 'given without an amount');
    if (!entry || id === undefined || !claim(entry, r, 'id', id, 'funding')) continue;
    const A = hasAmount ? (amountId ?? `${id}-amount`) : undefined;
    if (A !== undefined && !claim(entry, r, r.has('amountId') ? 'amountId' : 'id', A, 'amount')) continue;
    const owner = entry.owner;
    const g = cite ? graphOf(cite.source) : entry.graph;
    const F = `${owner.iri}#${id}`;
    owner.add(g, owner.iri, SCHEMA.funding, namedNode(F));
    owner.add(g, F, RDF.type, namedNode(SG.Funding));
    for (const f of funders) owner.add(g, F, SCHEMA.funder, iri(NAMESPACES.organisation, f));
    for (const f of fundersOurs) owner.add(GRAPHS.curation, F, SCHEMA.funder, iri(NAMESPACES.organisation, f));
    if (fund !== undefined) owner.add(fundStated ? g : GRAPHS.curation, F, SG.fund, iri(NAMESPACES.fund, fund));
    if (programme !== undefined) owner.add(programmeStated ? g : GRAPHS.curation, F, SG.programme, iri(NAMESPACES.programme, programme));
    if (type !== undefined) owner.add(typeStated ? g : GRAPHS.curation, F, SG.fundingType, iri(SCHEME_NAMESPACES.fundingType, type));
    if (share !== undefined) owner.add(g, F, SG.sharePercent, typed(share, XSD.decimal));
    if (start) owner.add(g, F, SCHEMA.startDate, dateLiteral(start));
    if (end) owner.add(g, F, SCHEMA.endDate, dateLiteral(end));
    if (sentence !== undefined) owner.add(g, F, DCT.description, en(sentence));
    uncertainty(owner, r, F, g, 'uncertaintySource', 'uncertaintyOurs');
    const citations = cite ? owner.cites(cite, id) : [];
    for (const c of citations) owner.add(g, F, SG.citation, namedNode(c));
    if (A !== undefined) {
      const AI = `${owner.iri}#${A}`;
      owner.add(g, F, SCHEMA.amount, namedNode(AI));
      owner.add(g, AI, RDF.type, namedNode(SCHEMA.MonetaryAmount));
      if (amount !== undefined) owner.add(g, AI, SCHEMA.value, typed(amount, XSD.decimal));
      if (min !== undefined) owner.add(g, AI, SCHEMA.minValue, typed(min, XSD.decimal));
      if (max !== undefined) owner.add(g, AI, SCHEMA.maxValue, typed(max, XSD.decimal));
      if (currency !== undefined) owner.add(currencyStated ? g : GRAPHS.curation, AI, SCHEMA.currency, literal(currency));
      if (perPeriod !== undefined) owner.add(g, AI, SG.perPeriod, typed(perPeriod, XSD.duration));
      if (qualifier !== undefined) owner.add(g, AI, SG.valueQualifier, iri(SCHEME_NAMESPACES.valueQualifier, qualifier));
      if (eur !== undefined) owner.add(g, AI, SG.valueInEUR, typed(eur, XSD.decimal));
      const note = r.text('amountNote');
      if (note !== undefined) owner.add(g, AI, SCHEMA.description, en(note));
      const partOf = r.text('amountPartOf');
      if (partOf !== undefined) parts.push({ r, entry, id: A, parent: partOf, graph: g, key: 'amountPartOf' });
      for (const c of amountCite ? owner.cites(amountCite, A) : citations) owner.add(g, AI, SG.citation, namedNode(c));
      uncertainty(owner, r, AI, g, 'amountUncertaintySource', 'amountUncertaintyOurs');
    }
  }

  // --- Results, staff, budgets and their parts ------------------------------------------------------
  for (const r of rows('Results')) {
    const entry = practiceOf(r);
    const id = r.slug('id', 'result id');
    const kind = r.code('kind', 'rowKind', 'kind') ?? (r.has('kind') ? undefined : 'result');
    const partOf = r.text('partOf');
    if (kind === 'part' && partOf === undefined) r.problem('partOf', 'a part needs the id of the row it is part of');
    if (kind !== 'part' && partOf !== undefined) r.problem('partOf', `a ${kind ?? 'row'} is not part of another row: give Kind part`);
    const label = r.text('label');
    const value = r.number('value', 'value');
    const min = r.number('min', 'value');
    const max = r.number('max', 'value');
    const noValue = !r.has('value') && !r.has('min') && !r.has('max');
    if (noValue && kind === 'part') r.problem('value', 'missing value (or Value from / Value to)');
    if (noValue && kind === 'result') warn(r, 'a result without a number (Value, or Value from / Value to): segraph validate may refuse it');
    if (min !== undefined && max !== undefined && Number(max) < Number(min)) r.problem('max', `value to ${max} is less than value from ${min}`);
    const unit = r.code('unit', 'unit', 'unit');
    const currency = r.currency('currency');
    const currencyStated = r.yesNo('currencyStated');
    if (currency !== undefined && !currencyStated && !r.has('uncertaintyOurs')) warn(r, 'the currency is ours, not the source\'s: say why we assume it in "Uncertainty: our additions" (docs/authoring.md)');
    // Money: a budget, or a result or part given in a currency (sg:Result and schema:MonetaryAmount).
    const money = kind === 'budget' || ((kind === 'part' || kind === 'result') && r.has('currency'));
    if (money && r.has('unit')) r.problem('unit', `a money amount has a currency, not a unit`);
    if (kind === 'budget' && !r.has('currency')) r.problem('currency', 'a budget needs its currency');
    if (!money && kind !== undefined && !r.has('unit')) r.problem('unit', 'missing unit (or, for money, a currency)');
    if (!money && r.has('currency')) r.problem('currency', `a ${kind ?? 'row'} takes a unit, not a currency`);
    const qualifier = r.code('qualifier', 'valueQualifier', 'value qualifier');
    const perPeriod = r.perPeriod('perPeriod');
    const resultKind = r.code('resultKind', 'resultKind', 'achieved or target');
    if (kind === 'result') {
      if (label === undefined) r.problem('label', 'missing label of the result');
      if (!r.has('resultKind')) r.problem('resultKind', 'missing achieved or target');
      if (!r.has('sentence')) r.problem('sentence', "missing source's sentence");
    } else if (kind !== undefined) {
      if (label !== undefined) r.problem('label', `a ${kind} has no label: say it in Source's sentence`);
      if (r.has('resultKind')) r.problem('resultKind', `only results are achieved or target, not a ${kind}`);
    }
    const asOf = r.date('asOf', 'as of');
    const { start, end } = r.period('start', 'end');
    const eur = r.number('eur', 'value in EUR');
    const sentence = r.text('sentence');
    const cite = r.citation('source', 'page', 'lines', entry?.source);
    if (!cite && !r.has('source') && !r.has('page')) {
      // A result without a citation of its own is refused by the shapes (sgsh:FactCited); staff and budget rows are not.
      if (kind === 'result') r.problem('page', 'missing page: a result needs the page of the source that states it (docs/authoring.md, Fact-level provenance)');
      else warn(r, `no source document and page: the ${kind ?? 'row'} gets no citation of its own (docs/authoring.md, Fact-level provenance)`);
    }
    if (!entry || id === undefined || kind === undefined || !claim(entry, r, 'id', id, kind as 'result')) continue;
    const owner = entry.owner;
    const g = cite ? graphOf(cite.source) : entry.graph;
    const R = `${owner.iri}#${id}`;
    const numberType = (v: string) => (money ? XSD.decimal : /^-?\d+$/.test(v) ? XSD.integer : XSD.decimal);
    if (kind === 'result') owner.add(g, owner.iri, SG.result, namedNode(R));
    if (kind === 'staff') owner.add(g, owner.iri, SG.staff, namedNode(R));
    if (kind === 'budget') owner.add(g, owner.iri, SG.budget, namedNode(R));
    if (kind === 'part' && partOf !== undefined) parts.push({ r, entry, id, parent: partOf, graph: g, key: 'partOf' });
    if (noValue && kind !== 'result' && kind !== 'part') valueless.push({ r, entry, id });
    if (kind === 'result') owner.add(g, R, RDF.type, namedNode(SG.Result));
    if (kind !== 'result' || money) owner.add(g, R, RDF.type, namedNode(money ? SCHEMA.MonetaryAmount : SCHEMA.QuantitativeValue));
    if (label !== undefined && kind === 'result') owner.add(g, R, SKOS.prefLabel, en(label));
    const gv = r.yesNo('valueStated') ? g : GRAPHS.curation;
    if (value !== undefined) owner.add(gv, R, SCHEMA.value, typed(value, numberType(value)));
    if (min !== undefined) owner.add(gv, R, SCHEMA.minValue, typed(min, numberType(min)));
    if (max !== undefined) owner.add(gv, R, SCHEMA.maxValue, typed(max, numberType(max)));
    if (unit !== undefined && !money) owner.add(g, R, SCHEMA.unitCode, iri(SCHEME_NAMESPACES.unit, unit));
    if (currency !== undefined && money) owner.add(currencyStated ? g : GRAPHS.curation, R, SCHEMA.currency, literal(currency));
    if (qualifier !== undefined) owner.add(g, R, SG.valueQualifier, iri(SCHEME_NAMESPACES.valueQualifier, qualifier));
    if (resultKind !== undefined && kind === 'result') owner.add(g, R, SG.resultKind, iri(SCHEME_NAMESPACES.resultKind, resultKind));
    if (asOf) owner.add(g, R, SG.asOf, dateLiteral(asOf));
    if (start) owner.add(g, R, SCHEMA.startDate, dateLiteral(start));
    if (end) owner.add(g, R, SCHEMA.endDate, dateLiteral(end));
    if (perPeriod !== undefined) owner.add(g, R, SG.perPeriod, typed(perPeriod, XSD.duration));
    if (eur !== undefined) owner.add(g, R, SG.valueInEUR, typed(eur, XSD.decimal));
    if (sentence !== undefined) owner.add(g, R, kind === 'result' ? DCT.description : SCHEMA.description, en(sentence));
    if (cite) for (const c of owner.cites(cite, id)) owner.add(g, R, SG.citation, namedNode(c));
    uncertainty(owner, r, R, g, 'uncertaintySource', 'uncertaintyOurs');
  }
  for (const { r, entry, id, parent, graph, key } of parts) {
    const target = entry.ids.get(parent);
    if (!target || target.kind === 'funding' || target.kind === 'result') {
      r.problem(key, target ? `"${parent}" is a ${target.kind}: a part belongs to a staff, budget, amount or part row` : `unknown id "${parent}": the id of a staff, budget or part row, or an Amount id, of the same practice`);
      continue;
    }
    if (parent === id) {
      r.problem(key, 'a row cannot be part of itself');
      continue;
    }
    entry.owner.add(graph, `${entry.owner.iri}#${parent}`, DCT.hasPart, namedNode(`${entry.owner.iri}#${id}`));
  }

  for (const { r, entry, id } of valueless) {
    if (!parts.some((p) => p.entry === entry && p.parent === id)) warn(r, 'no value (Value, or Value from / Value to) and no row is part of it: the figure is its sentence only');
  }

  for (const [id, entry] of practices) {
    files.set(`practices/${id}.trig`, {
      quads: entry.owner.quads, subject: entry.owner.iri,
      comment: `${entry.name}: imported from ${entry.r.table.file} (${entry.r.table.sheet}, row ${entry.r.rowNumber}) by segraph import.`,
    });
  }
  return { files, problems, warnings };
}
