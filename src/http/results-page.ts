/**
 * SELECT and ASK answers as a page for people, when a browser asks `/sparql` for HTML (or
 * `format=html`): the query, the results as a table — our IRIs linked to their pages, others to
 * themselves, literals with their language or datatype — and links to the same answer as data.
 * Every value is escaped (html.ts).
 */
import { SOLUTION_FORMATS } from '../query/formats.js';
import { html, page, type SafeHtml } from './html.js';
import { negotiate } from './negotiate.js';
import { documentPath } from './resources.js';
import type { SiteConfig } from './site-config.js';
import { sitePath } from './site-config.js';

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

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/**
 * Whether the client prefers HTML to every SPARQL results format (a browser does: it ranks
 * `text/html` above `application/xml`; `*\/*` alone gets SPARQL JSON), or names it (`format=html`).
 */
export function solutionsAsHtml(accept: string | undefined, formatParam: string | null): boolean {
  if (formatParam !== null) return formatParam.trim().toLowerCase() === 'html';
  if (!accept) return false;
  return negotiate(accept, [...SOLUTION_FORMATS.flatMap((f) => f.mediaTypes), 'text/html']) === 'text/html';
}

function cell(term: Term | undefined, site: SiteConfig): SafeHtml | string {
  if (!term) return '';
  if (term.type === 'uri') return html`<a href="${documentPath(term.value, site) ?? term.value}">${term.value}</a>`;
  if (term.type === 'bnode') return html`<code>_:${term.value}</code>`;
  const note = term['xml:lang'] ? `@${term['xml:lang']}` : term.datatype && term.datatype !== XSD_STRING ? `^^${term.datatype.replace('http://www.w3.org/2001/XMLSchema#', 'xsd:')}` : '';
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
<p>The same answer as data: ${SOLUTION_FORMATS.map((f, i) => html`${i ? ' · ' : ''}<a href="${again(f.names[0]!)}">${f.names[0]}</a>`)}. <a href="${root}sparql">Another query</a>.</p>`;
  return page({
    title: 'Query results — segraph',
    body,
    footer: html`segraph · graph ${version} · <a href="${root}">home</a>`,
  });
}
