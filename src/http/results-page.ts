/**
 * SELECT and ASK answers as a page for people, when a browser asks `/sparql` for HTML (or
 * `format=html`; respond.ts's htmlPreferred decides): the query, the results as a table — our IRIs linked to their pages, others to
 * themselves, literals with their language or datatype — and links to the same answer as data.
 * Every value is escaped (html.ts).
 */
import { SOLUTION_FORMATS } from '../query/formats.js';
import { XSD } from '../vocab/namespace.js';
import { html, page, type SafeHtml } from './html.js';
import { documentPath } from './resources.js';
import { sitePath, type SiteConfig } from './site-config.js';

type Term =
  | { type: 'uri'; value: string }
  | { type: 'literal'; value: string; 'xml:lang'?: string; datatype?: string }
  | { type: 'bnode'; value: string };

/** SPARQL 1.1 Query Results JSON. */
export interface ResultsJson {
  readonly head: { readonly vars?: readonly string[] };
  readonly results?: { readonly bindings: ReadonlyArray<Record<string, Term>> };
  readonly boolean?: boolean;
}

function cell(term: Term | undefined, site: SiteConfig): SafeHtml | string {
  if (!term) return '';
  if (term.type === 'uri') return html`<a href="${documentPath(term.value, site) ?? term.value}">${term.value}</a>`;
  if (term.type === 'bnode') return html`<code>_:${term.value}</code>`;
  const note = term['xml:lang'] ? `@${term['xml:lang']}` : term.datatype && term.datatype !== XSD.string ? `^^${term.datatype.startsWith(XSD.iri) ? `xsd:${term.datatype.slice(XSD.iri.length)}` : term.datatype}` : '';
  return html`${term.value}${note ? html` <span class="muted">${note}</span>` : ''}`;
}

/** The page: the query, then the table (or the ASK answer), with the row cap said when it cut. */
export function resultsPage(query: string, results: ResultsJson, site: SiteConfig, truncated: { limit: number } | undefined, version: string): string {
  const root = sitePath(site);
  const again = (format: string) => `${root}sparql?${new URLSearchParams({ query, format }).toString()}`;
  const vars = results.head.vars ?? [];
  const rows = results.results?.bindings ?? [];
  const answer = results.boolean !== undefined
    ? html`<p>ASK: <strong>${results.boolean ? 'yes (true)' : 'no (false)'}</strong></p>`
    : html`<p>${rows.length} ${rows.length === 1 ? 'row' : 'rows'}${truncated ? html` — cut at the server's limit of ${truncated.limit} rows` : ''}.</p>
<table>
<thead><tr>${vars.map((v) => html`<th scope="col">${v}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${vars.map((v) => html`<td>${cell(r[v], site)}</td>`)}</tr>\n`)}</tbody>
</table>`;
  const body = html`<h1>Query results</h1>
<pre>${query}</pre>
${answer}
<p>The same answer as data: ${SOLUTION_FORMATS.map((f, i) => html`${i ? ' · ' : ''}<a href="${again(f.names[0]!)}">${f.names[0]}</a>`)}. <a href="${root}sparql#query=${encodeURIComponent(query)}">Edit this query</a> (in the query editor, which needs JavaScript) · <a href="${root}sparql">another query</a>.</p>`;
  return page({
    title: 'Query results — segraph',
    body,
    footer: html`segraph · graph ${version} · <a href="${root}">home</a>`,
  });
}
