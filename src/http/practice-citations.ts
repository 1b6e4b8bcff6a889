/**
 * The pages that state a practice's facts, for its page (src/http/practice-page.ts): the citation
 * of a node of its own (a funding's, an amount's, a result's, the staff figure's) and of the
 * rdf:Statement that reifies a triple of the practice (a date, an organisation role), shown as
 * "p. 8" or "pp. 8–9" — a link to the document at that page when it has a URL (schema:url), with
 * a title naming the document and the transcript lines (docs/authoring.md, "Fact-level provenance").
 */
import type N3 from 'n3';
import { DCT, RDF, RDFS, SCHEMA, SG } from '../vocab/namespace.js';
import { html, type SafeHtml } from './html.js';

/** What the citations read of the practice's facts (the page's own lookups). */
export interface FactLookup {
  quads(subject: string, predicate: string): N3.Quad[];
  literal(subject: string, predicate: string): string | undefined;
  pick(subject: string, predicates: readonly string[]): N3.Literal | undefined;
  nameText(iri: string): string;
}

/** "p. 8", or "pp. 8–9" for a range; '' without a start. */
export const pagesText = (start: string | undefined, end: string | undefined): string =>
  start && end && start !== end ? `pp. ${start}–${end}` : start ? `p. ${start}` : '';

const isWeb = (iri: string) => /^https?:\/\/[^\s]+$/i.test(iri);

export class FactCitations {
  /** The practice's reified statements (rdf:Statement about it): their predicate, object and citations. */
  private readonly statements: Array<{ predicate: string; object: N3.Term; citations: string[] }> = [];

  constructor(private readonly facts: FactLookup, iri: string, quads: Iterable<N3.Quad>) {
    for (const q of quads) {
      if (q.predicate.value !== RDF.subject || q.object.value !== iri) continue;
      const st = q.subject.value;
      const predicate = facts.quads(st, RDF.predicate)[0]?.object.value;
      const object = facts.quads(st, RDF.object)[0]?.object;
      if (!predicate || !object) continue;
      this.statements.push({ predicate, object, citations: facts.quads(st, SG.citation).map((c) => c.object.value) });
    }
  }

  /** The citations of the statements that the practice has this value of this property. */
  private statedBy(predicate: string, object: N3.Term): string[] {
    return [...new Set(this.statements.filter((s) => s.predicate === predicate && s.object.equals(object)).flatMap((s) => s.citations))];
  }

  /** " (p. 8)" after a value of the practice, from the statements that reify it. */
  citeStated(predicate: string, object: N3.Term): SafeHtml | '' {
    return this.cite(this.statedBy(predicate, object));
  }

  /** The citations on a node of its own (a funding's, an amount's, a result's, the staff figure's). */
  of(node: string): string[] {
    return [...new Set(this.facts.quads(node, SG.citation).map((q) => q.object.value))];
  }

  /** " (p. 8)" after a fact, each citation with pages, or ''. */
  cite(citations: readonly string[]): SafeHtml | '' {
    const items = this.items(citations);
    return items.length ? html` <span class="muted">(${items.map((item, i) => html`${i ? ', ' : ''}${item}`)})</span>` : '';
  }

  /** The pages of each citation, as in `cite`, without the brackets (one per document, pages and lines). */
  items(citations: readonly string[]): SafeHtml[] {
    const seen = new Set<string>();
    const items: SafeHtml[] = [];
    for (const c of citations) {
      const start = this.facts.literal(c, SCHEMA.pageStart);
      if (!start) continue;
      const pages = pagesText(start, this.facts.literal(c, SCHEMA.pageEnd) ?? start);
      const document = this.facts.quads(c, SG.document)[0]?.object.value;
      const lines = this.facts.literal(c, SG.sourceLine);
      const key = `${document ?? ''}|${pages}|${lines ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const name = document ? this.facts.pick(document, [DCT.alternative, DCT.title, RDFS.label])?.value ?? this.facts.nameText(document) : 'the source';
      const [from, to] = (lines ?? '').split('-');
      const where = !lines ? '' : to && to !== from ? `, transcript lines ${from}–${to}` : `, transcript line ${from}`;
      const title = `${name}, ${pages}${where}`;
      const url = document ? this.facts.quads(document, SCHEMA.url).map((q) => q.object.value).find(isWeb) : undefined;
      items.push(url
        ? html`<a class="cite" href="${url.replace(/#.*$/, '')}#page=${start}" title="${title}">${pages}</a>`
        : html`<span class="cite" title="${title}">${pages}</span>`);
    }
    return items;
  }
}
