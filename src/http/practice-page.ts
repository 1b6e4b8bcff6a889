/**
 * A good practice's page for a policy officer: what it is, where, who, when, how it is funded (in
 * the original currency and in euros), for whom, its results, transfer potential and links, and
 * related practices — every fact group with its source and pages, each funding, amount, result,
 * staff figure, date and organisation role with the page that states it (its sg:citation, or the
 * citation of the rdf:Statement that reifies it), and every fact we added
 * (graph/curation, or derived by our rules into graph/inferred) marked ◆ as ours. Names and labels
 * are in the reader's language where the data has them, with a note when it has not. Built from
 * the quads of src/api/practice.ts; every value is escaped, and only http(s) IRIs become links.
 */
import type N3 from 'n3';
import { DIMENSIONS, shortOf } from '../api/facets.js';
import { RELATED_BY, type PracticeFacts } from '../api/practice.js';
import { GRAPHS } from '../vocab/graphs.js';
import { DCT, FOAF, NUTS_CODE, ORG, RDFS, SCHEMA, SG, SKOS } from '../vocab/namespace.js';
import { html, page, type SafeHtml } from './html.js';
import { FactCitations, pagesText } from './practice-citations.js';

export interface PracticePageInput {
  readonly facts: PracticeFacts;
  /** Languages in order of preference (`?lang=`, then Accept-Language); English and then any follow. */
  readonly languages: readonly string[];
  /** Local URL of the document of an IRI we publish, or undefined for an outside IRI. */
  readonly localHref: (iri: string) => string | undefined;
  readonly alternates: ReadonlyArray<readonly [href: string, type: string, name: string]>;
  /** The path links to our other pages start with (sitePath). */
  readonly root: string;
  readonly version: string;
}

/** Graphs holding what we added: our curation, and what our rules derived. */
const OURS = new Set<string>([GRAPHS.curation, GRAPHS.inferred]);
/** Graphs that describe the vocabulary rather than state facts about the practice. */
const BACKGROUND = new Set<string>([GRAPHS.reference, GRAPHS.ontology, GRAPHS.provenance, GRAPHS.shapes]);
const LABELS = [SKOS.prefLabel, RDFS.label];
const OURS_TITLE = 'Added by segraph: our classification or a value our rules derived, not stated by the source';

const dimension = (name: string) => DIMENSIONS.find((d) => d.name === name)!;
/** What a link to the explorer filters by, in words ("All practices with this theme"). */
const EXPLORE_NAMES: Record<string, string> = {
  country: 'country', fund: 'fund', programme: 'programme', sdg: 'goal', theme: 'theme',
  typology: 'urban–rural type', degurba: 'degree of urbanisation', targetGroup: 'target group', organisationKind: 'kind of organisation',
};
const isWeb = (iri: string) => /^https?:\/\/[^\s]+$/i.test(iri);
const base = (tag: string) => tag.toLowerCase().split('-')[0]!;

/** The English name of a language tag ("pl" → "Polish"); the tag itself when unknown. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** A number for people: grouped by thin spaces, as many decimals as it has (up to `digits`). */
export function formatNumber(value: number, digits = 2): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(value).replace(/,/g, '\u202f');
}

interface Value { readonly term: N3.Term; readonly ours: boolean }

class Practice {
  private readonly bySubject = new Map<string, N3.Quad[]>();
  readonly iri: string;
  /** Source graph → its citation's document and pages. */
  readonly sources = new Map<string, { document: string; pages: string }>();
  /** The source graphs of the facts shown in the current section. */
  private used = new Set<string>();
  /** The pages that state each fact (fact-level citations). */
  readonly citations: FactCitations;

  constructor(private readonly input: PracticePageInput) {
    this.iri = input.facts.iri;
    for (const q of input.facts.quads) {
      const list = this.bySubject.get(q.subject.value);
      if (list) list.push(q);
      else this.bySubject.set(q.subject.value, [q]);
    }
    for (const q of this.quads(this.iri, SG.citation)) {
      const citation = q.object.value;
      const document = this.quads(citation, SG.document)[0]?.object.value;
      if (!document || this.sources.has(q.graph.value)) continue;
      const start = this.literal(citation, SCHEMA.pageStart);
      const end = this.literal(citation, SCHEMA.pageEnd);
      this.sources.set(q.graph.value, { document, pages: pagesText(start, end) });
    }
    this.citations = new FactCitations(this, this.iri, input.facts.quads);
  }

  quads(subject: string, predicate: string): N3.Quad[] {
    return (this.bySubject.get(subject) ?? []).filter((q) => q.predicate.value === predicate);
  }

  literal(subject: string, predicate: string): string | undefined {
    return this.quads(subject, predicate).find((q) => q.object.termType === 'Literal')?.object.value;
  }

  /** The values of a fact, each marked ours when no source graph states it; notes the sources used. */
  values(subject: string, predicate: string): Value[] {
    const byValue = new Map<string, { term: N3.Term; graphs: string[] }>();
    for (const q of this.quads(subject, predicate)) {
      const key = `${q.object.termType}|${q.object.value}|${q.object.termType === 'Literal' ? (q.object as N3.Literal).language : ''}`;
      const entry = byValue.get(key);
      if (entry) entry.graphs.push(q.graph.value);
      else byValue.set(key, { term: q.object, graphs: [q.graph.value] });
    }
    return [...byValue.values()].map(({ term, graphs }) => {
      const stated = graphs.filter((g) => !OURS.has(g) && !BACKGROUND.has(g));
      for (const g of stated) this.used.add(g);
      return { term, ours: stated.length === 0 && graphs.some((g) => OURS.has(g)) };
    });
  }

  /** The best literal of `predicates` for the reader: their languages, English, untagged, any. */
  pick(subject: string, predicates: readonly string[]): N3.Literal | undefined {
    const literals = predicates.flatMap((p) => this.quads(subject, p).map((q) => q.object)).filter((o): o is N3.Literal => o.termType === 'Literal');
    for (const lang of [...this.input.languages, 'en', '']) {
      const hit = literals.find((l) => base(l.language) === base(lang));
      if (hit) return hit;
    }
    return literals[0];
  }

  /** The name of a linked thing, with its language marked. */
  name(iri: string): SafeHtml {
    const label = this.pick(iri, LABELS);
    if (!label) return html`${iri.replace(/^.*[/#]/, '')}`;
    return label.language ? html`<span lang="${label.language}">${label.value}</span>` : html`${label.value}`;
  }

  nameText(iri: string): string {
    return this.pick(iri, LABELS)?.value ?? iri.replace(/^.*[/#]/, '');
  }

  /** A link to a thing's page here, or to its IRI elsewhere (http(s) only), or its name. */
  link(iri: string, text: SafeHtml = this.name(iri)): SafeHtml {
    const local = this.input.localHref(iri);
    if (local) return html`<a href="${local}">${text}</a>`;
    return isWeb(iri) ? html`<a href="${iri}">${text}</a>` : text;
  }

  /** A link to the list of practices with this value of a facet dimension. */
  explore(name: string, iri: string): SafeHtml {
    const value = shortOf(dimension(name), iri);
    const what = EXPLORE_NAMES[name] ?? name;
    return html`<a class="explore" href="${this.input.root}practices?${new URLSearchParams({ [name]: value }).toString()}" title="All practices with this ${what}">practices<span class="sr-only"> with this ${what}</span> →</a>`;
  }

  /** Starts a section: forgets the sources used so far. */
  begin(): void {
    this.used = new Set();
  }

  /** "Source: <document>, pp. 25–27" for the source graphs used since `begin`. */
  sourceNote(): SafeHtml | '' {
    if (this.used.size === 0) return '';
    const items = [...this.used].sort().map((g) => {
      const source = this.sources.get(g);
      if (!source) return html`<a href="${this.input.localHref(g) ?? g}">${g.replace(/^.*\//, '')}</a> (no page given)`;
      const title = this.pick(source.document, [DCT.alternative, DCT.title, RDFS.label])?.value ?? this.nameText(source.document);
      return html`<a href="${this.input.localHref(source.document) ?? source.document}">${title}</a>${source.pages ? html`, <span class="pages">${source.pages}</span>` : ''}`;
    });
    return html`<p class="source">Source: ${items.map((item, i) => html`${i ? '; ' : ''}${item}`)}</p>\n`;
  }
}

const ours = (value: Value): SafeHtml | '' =>
  value.ours ? html` <span class="ours" title="${OURS_TITLE}"><span aria-hidden="true">◆</span><span class="sr-only">(added by segraph)</span></span>` : '';

function text(l: N3.Literal): SafeHtml {
  const parts = l.value.split(/\n\s*\n/);
  const lang = l.language ? html` lang="${l.language}"` : '';
  return parts.length === 1 ? html`<p${lang}>${l.value}</p>` : html`<div${lang}>${parts.map((p) => html`<p>${p}</p>`)}</div>`;
}

/** The page. */
export function practicePage(input: PracticePageInput): string {
  const p = new Practice(input);
  const { iri, root } = { iri: p.iri, root: input.root };
  const wanted = input.languages[0];
  // Its names: skos:prefLabel, else rdfs:label (which our rules also fill with the alternative names).
  const nameProperty = p.quads(iri, SKOS.prefLabel).length > 0 ? SKOS.prefLabel : RDFS.label;
  const names = p.values(iri, nameProperty).map((v) => v.term).filter((t): t is N3.Literal => t.termType === 'Literal');
  const title = p.pick(iri, [nameProperty]) ?? names[0];
  const titleText = title?.value ?? iri.replace(/^.*\//, '');
  const others = names.filter((n) => n !== title);
  const aliases = p.values(iri, SKOS.altLabel).map((v) => v.term).filter((t): t is N3.Literal => t.termType === 'Literal');
  const fallback = wanted && base(wanted) !== 'en' && !names.some((n) => base(n.language) === base(wanted))
    ? html`<p class="note" role="note">No ${languageName(base(wanted))} name in the data; shown in ${title?.language ? languageName(title.language) : 'the source’s language'}.</p>\n` : '';

  /** A row of facts: label and values, each value rendered by `render`, or nothing without values. */
  const row = (label: string, values: Value[], render: (v: Value) => SafeHtml): SafeHtml | '' =>
    values.length === 0 ? '' : html`<dt>${label}</dt><dd>${values.length === 1
      ? html`${render(values[0]!)}${ours(values[0]!)}`
      : html`<ul>${values.map((v) => html`<li>${render(v)}${ours(v)}</li>`)}</ul>`}</dd>\n`;
  const literalOf = (v: Value) => (v.term.termType === 'Literal' ? (v.term as N3.Literal) : undefined);
  const plain = (v: Value) => {
    const l = literalOf(v);
    return l ? (l.language ? html`<span lang="${l.language}">${l.value}</span>` : html`${l.value}`) : p.link(v.term.value);
  };
  const linked = (v: Value) => (v.term.termType === 'NamedNode' ? p.link(v.term.value) : plain(v));
  const withExplore = (name: string) => (v: Value) => (v.term.termType === 'NamedNode' ? html`${p.link(v.term.value)} <span class="muted">(${p.explore(name, v.term.value)})</span>` : plain(v));
  const textRow = (label: string, subject: string, predicate: string) =>
    row(label, p.values(subject, predicate), (v) => { const l = literalOf(v); return l ? text(l) : linked(v); });
  const section = (id: string, heading: string, content: SafeHtml | '') => {
    const body = html`${content}`;
    if (!body.value.trim()) return '';
    return html`<section aria-labelledby="${id}"><h2 id="${id}">${heading}</h2>\n${body}${p.sourceNote()}</section>\n`;
  };
  const facts = (rows: Array<SafeHtml | ''>) => (rows.some((r) => r !== '') ? html`<dl class="facts">\n${rows}</dl>\n` : '');

  // What it is
  p.begin();
  const abstract = p.values(iri, DCT.abstract);
  const description = p.values(iri, DCT.description);
  const what = section('what', 'What it is', html`${abstract.map((v) => html`${literalOf(v) ? text(literalOf(v)!) : ''}${ours(v)}`)}
${description.map((v) => html`<details><summary>Full description</summary>${literalOf(v) ? text(literalOf(v)!) : ''}${ours(v)}</details>\n`)}${facts([
    textRow('Innovation', iri, SG.innovation),
    textRow('Challenges', iri, SG.challenges),
    row('Themes', p.values(iri, SG.theme), withExplore('theme')),
    row('Sustainable Development Goals', p.values(iri, SG.sdg), withExplore('sdg')),
  ])}`);

  // Where
  p.begin();
  const regions = p.values(iri, SG.nutsRegion).filter((v) => v.term.termType === 'NamedNode');
  const region = (v: Value) => {
    const r = v.term.value;
    const code = p.literal(r, SKOS.notation) ?? (r.startsWith(NUTS_CODE.iri) ? r.slice(NUTS_CODE.iri.length) : undefined);
    const types = p.quads(r, SG.urbanRuralType).map((q) => q.object.value);
    if (!code || !/^[A-Z]{2}[A-Z0-9]{0,3}$/.test(code)) return p.link(r);
    return html`<a href="${root}regions/${code}">${p.name(r)}</a>${ours(v)} <span class="muted">(NUTS ${code})</span>${types.map((t) => html`, ${p.name(t)} <span class="muted">(${p.explore('typology', t)})</span>`)} · <a href="${root}learn?${new URLSearchParams({ region: code }).toString()}">Practices to learn from for this region</a>`;
  };
  // A municipality's own degree of urbanisation (DEGURBA), beside the NUTS 3 region's type below.
  const place = (v: Value) => html`${linked(v)}${v.term.termType === 'NamedNode' ? p.quads(v.term.value, SG.degreeOfUrbanisation).map((q) => html`, ${p.name(q.object.value)} <span class="muted">(municipality, DEGURBA; ${p.explore('degurba', q.object.value)})</span>`) : ''}`;
  const where = section('where', 'Where', facts([
    row('Country', p.values(iri, SG.country), withExplore('country')),
    row('Places', p.values(iri, SG.location), place),
    row('Geographic scope', p.values(iri, SG.geographicScope), linked),
    // The region's own ◆ follows its name (region() adds it), not the learn-from link.
    row('NUTS regions', regions.map((v) => ({ term: v.term, ours: false })), (v) => region(regions.find((r) => r.term.equals(v.term))!)),
  ]));

  // Who
  p.begin();
  /** An organisation in a role (`predicate`), its kinds, and the page stating the role. */
  const organisation = (predicate: string, name?: string) => (v: Value) => {
    if (v.term.termType !== 'NamedNode') return html`${plain(v)}${p.citations.citeStated(predicate, v.term)}`;
    const kinds = p.quads(v.term.value, ORG.classification).map((q) => q.object.value);
    return html`${p.link(v.term.value)}${kinds.length ? html` <span class="muted">— ${kinds.map((k, i) => html`${i ? ', ' : ''}${p.name(k)}${name ? html` (${p.explore(name, k)})` : ''}`)}</span>` : ''}${p.citations.citeStated(predicate, v.term)}`;
  };
  const role = (label: string, predicate: string, name?: string) => row(label, p.values(iri, predicate), organisation(predicate, name));
  const who = section('who', 'Who', facts([
    role('Implemented by', SG.implementedBy, 'organisationKind'),
    role('Lead partner', SG.leadPartner),
    role('Partners', SG.partner),
    role('Stakeholders', SG.stakeholder),
    role('Monitored by', SG.monitoredBy),
    role('Transferred to', SG.transferredTo),
  ]));

  // When
  p.begin();
  const when = section('when', 'When', facts([
    row('Start', p.values(iri, SCHEMA.startDate), (v) => html`${plain(v)}${p.citations.citeStated(SCHEMA.startDate, v.term)}`),
    row('End', p.values(iri, SCHEMA.endDate), (v) => html`${plain(v)}${p.citations.citeStated(SCHEMA.endDate, v.term)}`),
    row('Status', p.values(iri, SG.status), linked),
    textRow('About the dates', iri, SG.temporalNote),
  ]));

  // Funding
  p.begin();
  const money = (amount: string): SafeHtml => {
    const value = p.values(amount, SCHEMA.value)[0];
    const currency = p.values(amount, SCHEMA.currency)[0];
    if (!value || Number.isNaN(Number(value.term.value))) return html`${p.literal(amount, SCHEMA.description) ?? ''}`;
    const qualifier = p.values(amount, SG.valueQualifier).map((q) => html`${p.nameText(q.term.value)} `);
    const period = p.literal(amount, SG.perPeriod);
    const perPeriod = period === 'P1Y' ? ' per year' : period === 'P1M' ? ' per month' : period ? ` per ${period}` : '';
    const eur = p.values(amount, SG.valueInEUR)[0];
    const rate = p.quads(amount, SG.exchangeRate)[0]?.object.value;
    const rateYear = rate ? p.literal(rate, DCT.date) : undefined;
    const rateName = rate ? `${/^ECB/.test(p.nameText(rate)) ? 'ECB ' : ''}${rateYear ? `${rateYear} ` : ''}rate` : '';
    const cur = currency?.term.value ?? '';
    return html`<span class="money">${qualifier}${cur} ${formatNumber(Number(value.term.value))}${ours(value)}${perPeriod}${eur && cur !== 'EUR' && !Number.isNaN(Number(eur.term.value))
      ? html` (≈ EUR ${formatNumber(Number(eur.term.value), 0)}${rate ? html`, ${p.link(rate, html`${rateName}`)}` : ''}${ours(eur)})` : ''}</span>`;
  };
  /** Amounts with their pages, leaving out a citation the enclosing funding already shows. */
  const amountRow = (label: string, subject: string, predicate: string, shown: readonly string[] = []) =>
    row(label, p.values(subject, predicate), (v) => (v.term.termType === 'NamedNode'
      ? html`${money(v.term.value)}${p.citations.cite(p.citations.of(v.term.value).filter((c) => !shown.includes(c)))}` : plain(v)));
  const notes = (subject: string) => p.values(subject, SG.uncertainty).map((v) =>
    html`<p class="muted note">Note: ${literalOf(v)?.value ?? ''}${ours(v)}</p>`);
  const fundings = p.values(iri, SCHEMA.funding).filter((v) => v.term.termType === 'NamedNode').map((v) => {
    const f = v.term.value;
    const about = p.pick(f, [SKOS.prefLabel, DCT.description]);
    const cited = p.citations.of(f);
    const stated = p.citations.items(cited);
    return html`<li>${facts([
      row('Type', p.values(f, SG.fundingType), linked),
      row('Fund', p.values(f, SG.fund), withExplore('fund')),
      row('Programme', p.values(f, SG.programme), withExplore('programme')),
      row('Funder', p.values(f, SCHEMA.funder), linked),
      row('Share', p.values(f, SG.sharePercent), (s) => html`${formatNumber(Number(s.term.value))} %`),
      amountRow('Amount', f, SCHEMA.amount, cited),
      stated.length ? html`<dt>Stated</dt><dd>${stated.map((item, i) => html`${i ? ', ' : ''}${item}`)}</dd>\n` : '',
    ])}${about ? text(about) : ''}${notes(f)}</li>\n`;
  });
  const staff = (v: Value) => {
    if (v.term.termType !== 'NamedNode') return plain(v);
    return html`${p.literal(v.term.value, SCHEMA.description) ?? quantity(v.term.value)}${p.citations.cite(p.citations.of(v.term.value))}`;
  };
  const quantity = (q: string): SafeHtml => {
    const value = p.literal(q, SCHEMA.value);
    const min = p.literal(q, SCHEMA.minValue);
    const max = p.literal(q, SCHEMA.maxValue);
    const unit = p.quads(q, SCHEMA.unitCode)[0]?.object.value;
    const n = (s: string) => (Number.isNaN(Number(s)) ? s : formatNumber(Number(s)));
    const amount = value !== undefined ? n(value) : min !== undefined && max !== undefined ? `${n(min)}–${n(max)}` : min !== undefined ? `at least ${n(min)}` : max !== undefined ? `up to ${n(max)}` : '';
    return html`<strong>${amount}</strong>${unit ? html` ${p.name(unit)}` : ''}`;
  };
  const funding = section('funding', 'Funding', html`${fundings.length ? html`<ol class="fundings">\n${fundings}</ol>\n` : ''}${facts([
    amountRow('Budget', iri, SG.budget),
    amountRow('Unavailable reserve', iri, SG.reserve),
    row('Staff', p.values(iri, SG.staff), staff),
    textRow('Resources', iri, SG.resourcesDescription),
  ])}`);

  // For whom
  p.begin();
  const forWhom = section('for-whom', 'For whom', facts([
    row('Target groups', p.values(iri, SG.targetGroup), withExplore('targetGroup')),
    textRow('Beneficiaries', iri, SG.beneficiariesDescription),
  ]));

  // Results
  p.begin();
  const results = p.values(iri, SG.result).filter((v) => v.term.termType === 'NamedNode').map((v) => {
    const r = v.term.value;
    const label = p.values(r, SKOS.prefLabel)[0];
    const kind = p.values(r, SG.resultKind)[0];
    const asOf = p.values(r, SG.asOf)[0];
    const value = p.values(r, SCHEMA.value)[0] ?? p.values(r, SCHEMA.minValue)[0] ?? p.values(r, SCHEMA.maxValue)[0];
    const eur = p.values(r, SG.valueInEUR)[0];
    const currency = p.literal(r, SCHEMA.currency);
    return html`<li>${label ? html`${p.name(r)}${ours(label)}: ` : ''}${currency ? money(r) : html`${quantity(r)}${value ? ours(value) : ''}`}${kind ? html` <span class="muted">(${p.nameText(kind.term.value)}${asOf ? html`, as of ${asOf.term.value}${ours(asOf)}` : ''})</span>` : asOf ? html` <span class="muted">(as of ${asOf.term.value}${ours(asOf)})</span>` : ''}${!currency && eur ? html` (≈ EUR ${formatNumber(Number(eur.term.value), 0)}${ours(eur)})` : ''}${p.citations.cite(p.citations.of(r))}${notes(r)}</li>\n`;
  });
  const resultSection = section('results', 'Results', html`${results.length ? html`<ul class="results">\n${results}</ul>\n` : ''}${facts([textRow('In the report’s words', iri, SG.resultsDescription)])}`);

  // Transfer potential
  p.begin();
  const transfer = section('transfer', 'Transfer potential', facts([textRow('Transfer potential', iri, SG.transferPotential)]));

  // Links
  p.begin();
  const external = (v: Value) => (isWeb(v.term.value) ? html`<a href="${v.term.value}" rel="external">${v.term.value}</a>` : html`${v.term.value}`);
  const links = section('links', 'Links', facts([
    row('Homepage', p.values(iri, FOAF.homepage), external),
    row('Pages', p.values(iri, FOAF.page), external),
    row('Video', p.values(iri, SG.video), external),
  ]));

  // Related practices
  p.begin();
  const related = input.facts.related.map((r) => {
    const reasons = r.shared.map((s) => {
      const by = RELATED_BY.find((b) => b.dimension === s.dimension)!;
      return `${by.title}: ${s.values.map((v) => p.nameText(v)).join(', ')}`;
    });
    return html`<li>${p.link(r.iri)} <span class="muted reason">— ${reasons.join('; ')}</span></li>\n`;
  });
  const relatedSection = related.length ? html`<section aria-labelledby="related"><h2 id="related">Related practices</h2>
<p class="muted">Other practices sharing this one’s funds, themes or target groups, those sharing most first.</p>
<ol class="related">\n${related}</ol></section>\n` : '';

  // Sources
  const sourceList = [...p.sources].map(([graph, s]) => html`<li>${p.link(s.document, html`${p.pick(s.document, [DCT.title, DCT.alternative, RDFS.label])?.value ?? p.nameText(s.document)}`)}${s.pages ? html`, ${s.pages}` : ''} <span class="muted">(graph <a href="${input.localHref(graph) ?? graph}">${graph.replace(/^.*\//, '')}</a>)</span></li>`);

  const body = html`<p class="muted">Good practice · <a href="${root}practices">all practices</a></p>
<h1${title?.language && base(title.language) !== 'en' ? html` lang="${title.language}"` : ''}>${titleText}</h1>
${others.length ? html`<p class="names">${others.map((n, i) => html`${i ? ' · ' : ''}<span lang="${n.language}">${n.value}</span>${n.language ? html` <span class="muted">(${languageName(n.language)})</span>` : ''}`)}</p>\n` : ''}${aliases.length ? html`<p class="aliases muted">Also called ${aliases.map((n, i) => html`${i ? ' · ' : ''}<span lang="${n.language}">${n.value}</span>`)}</p>\n` : ''}${fallback}<p class="ours-legend" role="note">Each group of facts names its source and the pages of the practice’s section in the report; each funding, amount, result, staff figure, date and organisation role shows the page that states it (<span class="muted">p. 8</span>). Facts marked <span class="ours" title="${OURS_TITLE}">◆</span> are our classification or a value our rules derived (such as euro amounts, SDG links, NUTS regions), not the report’s.</p>
${what}${where}${who}${when}${funding}${forWhom}${resultSection}${transfer}${links}${relatedSection}<section aria-labelledby="sources"><h2 id="sources">Sources and data</h2>
${sourceList.length ? html`<ul>${sourceList}</ul>\n` : html`<p>No source document is cited for this practice.</p>\n`}<p><code class="iri">${iri}</code></p>
<ul>${input.alternates.map(([href, type, name]) => html`<li><a href="${href}" type="${type}">${name}</a> <code class="muted">${type}</code></li>`)}</ul></section>`;
  return page({
    title: `${titleText} — segraph`,
    body,
    lang: 'en',
    alternates: input.alternates.map(([href, type]) => [href, type] as const),
    footer: html`segraph · graph ${input.version} · <a href="${root}">home</a> · <a href="${root}practices">practices</a> · <a href="${root}sparql">SPARQL</a>`,
  });
}
