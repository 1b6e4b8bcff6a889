/**
 * A resource's page for people: its name (in the reader's language, native names beside it),
 * summary, key facts in a fixed order (what, where, when, who, how funded, for whom, results),
 * its parts (fundings, results, citations) inline, what links to it, and its machine-readable
 * forms. Built from the same triples as the RDF document; every value is escaped.
 */
import N3 from 'n3';
import { DCT, FOAF, ORG, PROV, RDF, RDFS, SCHEMA, SG, SKOS } from '../vocab/namespace.js';
import { compactIri } from '../graph/prefixes.js';
import { html, page, type SafeHtml } from './html.js';
import { languageName } from './practice-page.js';

type Term = N3.Term;
const LABELS = [SKOS.prefLabel, RDFS.label];
const SUMMARY = [DCT.abstract, RDFS.comment];
/** Facts in the order a reader looks for them; the rest follow alphabetically. */
const ORDER = [
  RDF.type, SG.geographicScope, SG.location, SG.country, SG.nutsRegion, SG.urbanRuralType, SG.degreeOfUrbanisation, SG.lauCode, SCHEMA.startDate,
  SCHEMA.endDate, SG.status, SG.implementedBy, SG.leadPartner, SG.partner, SG.stakeholder,
  SCHEMA.funding, SG.budget, SG.staff, SG.programme, SG.fund, SG.targetGroup, SG.theme, SG.sdg,
  SG.result, DCT.description, FOAF.homepage, SG.citation,
];
const HIDDEN = new Set([...LABELS, ...SUMMARY]);
/** What a reifying statement says of its triple, shown in its heading rather than its rows. */
const REIFICATION = new Set([RDF.type, RDF.subject, RDF.predicate, RDF.object]);
/** English names for the reused properties and classes the data does not label itself. */
const NAMES: Record<string, string> = {
  [RDF.type]: 'type', [SCHEMA.startDate]: 'start date', [SCHEMA.endDate]: 'end date', [SCHEMA.funding]: 'funding',
  [SCHEMA.funder]: 'funder', [SCHEMA.amount]: 'amount', [SCHEMA.value]: 'value', [SCHEMA.currency]: 'currency',
  [SCHEMA.fundedItem]: 'funded item', [SCHEMA.pageStart]: 'first page', [SCHEMA.pageEnd]: 'last page',
  [SCHEMA.unitCode]: 'unit', [SCHEMA.unitText]: 'unit', [SCHEMA.location]: 'location', [SCHEMA.Grant]: 'grant',
  [SCHEMA.MonetaryAmount]: 'monetary amount', [SCHEMA.QuantitativeValue]: 'quantity',
  [DCT.description]: 'description', [DCT.source]: 'source', [DCT.spatial]: 'place', [DCT.isPartOf]: 'part of',
  [FOAF.homepage]: 'homepage', [ORG.classification]: 'kind', [ORG.Organization]: 'organisation',
  [PROV.wasAssociatedWith]: 'associated with', [PROV.Activity]: 'activity', [PROV.Entity]: 'source entity',
  [PROV.wasDerivedFrom]: 'derived from', [SKOS.inScheme]: 'in scheme', [SKOS.broader]: 'broader',
};

export interface ResourcePageInput {
  readonly iri: string;
  readonly triples: readonly N3.Quad[];
  /** Languages in order of preference; English and then any language follow as fallbacks. */
  readonly languages: readonly string[];
  /** Local URL of the document of an IRI we publish, or undefined for an outside IRI. */
  readonly localHref: (iri: string) => string | undefined;
  readonly alternates: ReadonlyArray<readonly [href: string, type: string, name: string]>;
  /** The path links to our other pages start with (sitePath). */
  readonly root: string;
  readonly version: string;
  /**
   * Whether a fact is only ours (stated in graph/curation or derived by our rules, in no source's
   * graph): such facts are marked ◆. Absent: nothing is marked.
   */
  readonly ours?: (subject: string, predicate: string, object: Term) => boolean;
}

const OURS_TITLE = 'Added by segraph: our classification or a value our rules derived, not stated by the source';
const oursMark = html` <span class="ours" title="${OURS_TITLE}"><span aria-hidden="true">◆</span><span class="sr-only">(added by segraph)</span></span>`;

class View {
  private readonly bySubject = new Map<string, N3.Quad[]>();
  private readonly byObject = new Map<string, N3.Quad[]>();

  constructor(private readonly input: ResourcePageInput) {
    for (const q of input.triples) {
      push(this.bySubject, q.subject.value, q);
      if (q.object.termType === 'NamedNode') push(this.byObject, q.object.value, q);
    }
  }

  out(iri: string, predicate?: string): N3.Quad[] {
    const all = this.bySubject.get(iri) ?? [];
    return predicate ? all.filter((q) => q.predicate.value === predicate) : all;
  }

  /** The best literal of `predicates` for the reader's languages: theirs, then English, untagged, any. */
  pick(iri: string, predicates: readonly string[]): N3.Literal | undefined {
    const literals = predicates.flatMap((p) => this.out(iri, p).map((q) => q.object)).filter((o): o is N3.Literal => o.termType === 'Literal');
    for (const lang of [...this.input.languages, 'en', '']) {
      const hit = literals.find((l) => l.language.toLowerCase().split('-')[0] === lang.toLowerCase().split('-')[0]);
      if (hit) return hit;
    }
    return literals[0];
  }

  label(iri: string): string {
    return this.pick(iri, LABELS)?.value ?? NAMES[iri] ?? compactIri(iri).replace(/^<(.*)>$/, '$1');
  }

  link(term: Term): SafeHtml {
    if (term.termType === 'Literal') return literal(term);
    if (term.termType !== 'NamedNode') return html`<span class="muted">${term.value}</span>`;
    const href = this.input.localHref(term.value) ?? term.value;
    return html`<a href="${href}">${this.label(term.value)}</a>`;
  }

  /** One resource's facts as rows; hash parts (fundings, results, citations) nest as tables. */
  facts(iri: string, depth: number, hide: ReadonlySet<string> = new Set()): SafeHtml {
    const groups = new Map<string, Term[]>();
    for (const q of this.out(iri)) {
      if ((HIDDEN.has(q.predicate.value) && depth === 0) || hide.has(q.predicate.value)) continue;
      push(groups, q.predicate.value, q.object);
    }
    const rank = (p: string) => (ORDER.includes(p) ? ORDER.indexOf(p) : ORDER.length);
    const predicates = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || this.label(a).localeCompare(this.label(b)));
    const rows = predicates.map((p) => {
      const values = groups.get(p)!.map((o) =>
        o.termType === 'NamedNode' && o.value.startsWith(`${this.input.iri}#`) && depth < 2
          ? html`<div class="part">${this.facts(o.value, depth + 1)}</div>`
          : html`<div>${this.link(o)}${this.input.ours?.(iri, p, o) ? oursMark : ''}</div>`);
      return html`<tr><th scope="row">${this.label(p)}</th><td>${values}</td></tr>\n`;
    });
    return html`<table><tbody>${rows}</tbody></table>`;
  }

  /**
   * The hash parts that reify one of the resource's triples (`<iri#degurba> rdf:subject <iri>`),
   * each under the fact it is about: where the fact comes from, when it holds.
   */
  statements(): SafeHtml {
    const parts = (this.byObject.get(this.input.iri) ?? []).filter((q) => q.predicate.value === RDF.subject
      && q.subject.termType === 'NamedNode' && q.subject.value.startsWith(`${this.input.iri}#`)).map((q) => q.subject.value);
    if (parts.length === 0) return html``;
    const fact = (part: string) => {
      const [p, o] = [RDF.predicate, RDF.object].map((x) => this.out(part, x)[0]?.object);
      return p && o ? html`${this.label(p.value)}: ${this.link(o)}` : html`${part}`;
    };
    return html`<h2>Where these facts come from</h2>\n${[...new Set(parts)].sort().map((part) => html`<h3>${fact(part)}</h3>\n${this.facts(part, 1, REIFICATION)}\n`)}`;
  }

  /** Who links here, grouped by the property they link with. */
  inverse(): SafeHtml {
    const groups = new Map<string, Set<string>>();
    for (const q of this.byObject.get(this.input.iri) ?? []) {
      if (q.subject.value.startsWith(`${this.input.iri}#`) || q.subject.termType !== 'NamedNode') continue;
      let set = groups.get(q.predicate.value);
      if (!set) groups.set(q.predicate.value, (set = new Set()));
      set.add(q.subject.value);
    }
    if (groups.size === 0) return html``;
    const items = [...groups].map(([p, subjects]) =>
      html`<h3>${this.label(p)} — ${subjects.size}</h3>\n<ul>${[...subjects].sort((a, b) => this.label(a).localeCompare(this.label(b)))
        .map((s) => html`<li>${this.link(N3.DataFactory.namedNode(s))}</li>`)}</ul>\n`);
    return html`<h2>Linked from</h2>\n${items}`;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function literal(l: N3.Literal): SafeHtml {
  const long = l.value.length > 600;
  const text = long ? html`<details><summary>${l.value.slice(0, 280)}…</summary>${paragraphs(l.value)}</details>` : paragraphs(l.value);
  const note = l.language ? html` <span class="muted" lang="${l.language}">(${l.language})</span>` : '';
  const lang = l.language ? html` lang="${l.language}"` : '';
  // Block content (paragraphs, a collapsible long text) needs a block wrapper to stay valid HTML.
  return long || /\n\s*\n/.test(l.value) ? html`<div${lang}>${text}${note}</div>` : html`<span${lang}>${text}</span>${note}`;
}

function paragraphs(text: string): SafeHtml {
  const parts = text.split(/\n\s*\n/);
  return parts.length === 1 ? html`${text}` : html`${parts.map((p) => html`<p>${p}</p>`)}`;
}

/** GET /doc/… for a browser. */
export function resourcePage(input: ResourcePageInput): string {
  const view = new View(input);
  const title = view.label(input.iri);
  const names = LABELS.flatMap((p) => view.out(input.iri, p).map((q) => q.object))
    .filter((o): o is N3.Literal => o.termType === 'Literal' && o.value !== title);
  const all = LABELS.flatMap((p) => view.out(input.iri, p).map((q) => q.object)).filter((o): o is N3.Literal => o.termType === 'Literal');
  const wanted = input.languages[0]?.toLowerCase().split('-')[0];
  const shown = all.find((l) => l.value === title);
  const fallback = wanted && wanted !== 'en' && all.length > 0 && !all.some((l) => l.language.toLowerCase().split('-')[0] === wanted)
    ? html`<p class="note" role="note">No ${languageName(wanted)} name in the data; shown in ${shown?.language ? languageName(shown.language) : 'the source’s language'}.</p>
` : '';
  const summary = view.pick(input.iri, SUMMARY);
  const types = view.out(input.iri, RDF.type).map((q) => view.label(q.object.value));
  const body = html`<p class="muted">${[...new Set(types)].join(' · ')}</p>
<h1>${title}</h1>
${names.length ? html`<p>${names.map((n, i) => html`${i ? ' · ' : ''}<span lang="${n.language}">${n.value}</span>${n.language ? html` <span class="muted">(${n.language})</span>` : ''}`)}</p>` : ''}
${fallback}${summary ? html`<p class="summary">${summary.value}</p>` : ''}
${input.ours && input.triples.some((q) => input.ours!(q.subject.value, q.predicate.value, q.object)) ? html`<p class="ours-legend" role="note">Facts marked <span class="ours" title="${OURS_TITLE}">◆</span> are our classification or a value our rules derived, not stated by a source.</p>
` : ''}<h2>Facts</h2>
${view.facts(input.iri, 0)}
${view.statements()}${view.inverse()}
<h2>This resource as data</h2>
<p><code>${input.iri}</code></p>
<ul>${input.alternates.map(([href, type, name]) => html`<li><a href="${href}" type="${type}">${name}</a> <code class="muted">${type}</code></li>`)}</ul>`;
  return page({
    title,
    body,
    lang: 'en', // the interface is English; names carry their own lang
    alternates: input.alternates.map(([href, type]) => [href, type] as const),
    footer: html`segraph · graph ${input.version} · <a href="${input.root}">home</a> · <a href="${input.root}sparql">SPARQL</a>`,
  });
}
