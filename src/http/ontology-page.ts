/**
 * The ontology's reference page for people: every class and property of the segraph ontology
 * with its label, definition, domain, range, super-terms and alignments to other vocabularies.
 */
import N3 from 'n3';
import { compactIri } from '../graph/prefixes.js';
import { ONTOLOGY_IRI, OWL, RDF, RDFS, SG, SKOS } from '../vocab/namespace.js';
import { html, page, type SafeHtml } from './html.js';

const ALIGNMENTS = [
  RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf,
  SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,
];

export function ontologyPage(triples: readonly N3.Quad[], version: string, alternates: ReadonlyArray<readonly [string, string]>): string {
  const out = (s: string, p: string) => triples.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
  const text = (s: string, p: string) => {
    const values = out(s, p).filter((o): o is N3.Literal => o.termType === 'Literal');
    return (values.find((l) => l.language === 'en') ?? values[0])?.value;
  };
  const terms = (type: readonly string[]) => [...new Set(triples
    .filter((q) => q.predicate.value === RDF.type && type.includes(q.object.value) && q.subject.value.startsWith(SG.iri))
    .map((q) => q.subject.value))].sort();
  const ref = (o: N3.Term): SafeHtml => {
    if (o.termType !== 'NamedNode') return html`${o.value}`;
    const name = compactIri(o.value).replace(/^<(.*)>$/, '$1');
    return o.value.startsWith(SG.iri) ? html`<a href="#${o.value.slice(SG.iri.length)}"><code>${name}</code></a>` : html`<a href="${o.value}"><code>${name}</code></a>`;
  };
  const row = (label: string, values: N3.Term[]) =>
    values.length ? html`<tr><th scope="row">${label}</th><td>${values.map((v, i) => html`${i ? ', ' : ''}${ref(v)}`)}</td></tr>` : '';
  const entry = (iri: string) => {
    const local = iri.slice(SG.iri.length);
    return html`<section id="${local}">
<h3><code>sg:${local}</code> — ${text(iri, RDFS.label) ?? local}</h3>
<p>${text(iri, RDFS.comment) ?? ''}</p>
<table><tbody>${row('domain', out(iri, RDFS.domain))}${row('range', out(iri, RDFS.range))}${ALIGNMENTS.map((p) => row(compactIri(p), out(iri, p)))}</tbody></table>
</section>\n`;
  };
  const classes = terms([OWL.Class, RDFS.Class]);
  const properties = terms([OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property]);
  const body = html`<h1>${text(ONTOLOGY_IRI, RDFS.label) ?? 'segraph ontology'}</h1>
<p><code>${ONTOLOGY_IRI}</code> · namespace <code>${SG.iri}</code> (prefix <code>sg:</code>) · version ${text(ONTOLOGY_IRI, OWL.versionInfo) ?? '–'}</p>
<p>${text(ONTOLOGY_IRI, RDFS.comment) ?? ''}</p>
<p>${alternates.map(([href, type], i) => html`${i ? ' · ' : ''}<a href="${href}" type="${type}">${type}</a>`)}</p>
<h2>Classes (${classes.length})</h2>
<p>${classes.map((c, i) => html`${i ? ' · ' : ''}<a href="#${c.slice(SG.iri.length)}">${c.slice(SG.iri.length)}</a>`)}</p>
${classes.map(entry)}
<h2>Properties (${properties.length})</h2>
<p>${properties.map((c, i) => html`${i ? ' · ' : ''}<a href="#${c.slice(SG.iri.length)}">${c.slice(SG.iri.length)}</a>`)}</p>
${properties.map(entry)}`;
  return page({ title: text(ONTOLOGY_IRI, RDFS.label) ?? 'segraph ontology', body, alternates, footer: html`segraph · graph ${version}` });
}
