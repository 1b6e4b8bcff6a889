/**
 * The pages for people: the home page (what is here and where to go) and the endpoint's page
 * (a query form, formats, graphs and limits). Every value from the data passes through `html`.
 */
import type { Engine } from '../query/engine.js';
import { GRAPH_FORMATS, SOLUTION_FORMATS } from '../query/formats.js';
import type { DatasetInfo } from './describe.js';
import type { NamedQuery } from '../api/named-query.js';
import { html, page, type SafeHtml } from './html.js';
import { staticQuery } from '../query/static-query.js';

export interface GraphLabel {
  readonly iri: string;
  readonly label?: string;
  readonly comment?: string;
}

/**
 * Example questions shown on the pages, runnable as they are: queries/internal/page-example-*.rq,
 * shown as written (without the file's final line end).
 */
export const EXAMPLE_QUERIES: ReadonlyArray<{ readonly title: string; readonly query: string }> = [
  { title: 'Practices funded by the ESF in predominantly rural regions', query: staticQuery('page-example-esf-rural-practices').trimEnd() },
  { title: 'Practices per country', query: staticQuery('page-example-practices-per-country').trimEnd() },
  { title: 'The named graphs and how many triples each holds', query: staticQuery('page-example-graph-sizes').trimEnd() },
];

const n = (x: number) => x.toLocaleString('en');

function limitsList(engine: Engine, maxBodyBytes?: number): SafeHtml {
  return html`<ul>
<li>Query deadline: ${n(engine.limits.deadlineMs / 1000)} s (a query past it is stopped: 503 <code>query_timeout</code>)</li>
<li>Result rows: at most ${n(engine.limits.maxRows)} (more are cut; the <code>Segraph-Result-Truncated</code> header says so)</li>
${maxBodyBytes ? html`<li>Request body: at most ${n(maxBodyBytes)} bytes</li>` : ''}
${fairness(engine)}
</ul>`;
}

function fairness(engine: Engine): SafeHtml | string {
  const policy = engine.health().workers?.policy;
  if (!policy) return '';
  return html`<li>Per client (address): at most ${n(policy.perClient)} queries running at once and ${n(policy.perClientQueue)} waiting (more: 429 <code>too_many_requests</code>); a client whose query runs past ${n(policy.longMs / 1000)} s runs one query at a time for the next ${n(policy.heavyForMs / 1000)} s</li>`;
}

function graphTable(engine: Engine, labels: readonly GraphLabel[], root: string): SafeHtml {
  const byIri = new Map(labels.map((l) => [l.iri, l]));
  return html`<table>
<thead><tr><th>graph</th><th>triples</th><th>what it holds</th></tr></thead>
<tbody>${engine.stats.graphs.map((g) => {
    const info = byIri.get(g.iri);
    return html`<tr><td><a href="${root}sparql/graph?graph=${encodeURIComponent(g.iri)}">${info?.label ?? g.iri}</a><br><code class="muted">${g.iri}</code></td><td class="n">${n(g.quads)}</td><td>${info?.comment ?? ''}</td></tr>\n`;
  })}</tbody></table>`;
}

const runLink = (root: string, query: string) => `${root}sparql?query=${encodeURIComponent(query)}`;

/** GET / */
export function homePage(engine: Engine, dataset: DatasetInfo, labels: readonly GraphLabel[], maxBodyBytes: number, questions: readonly NamedQuery[], root: string): string {
  const example = (q: NamedQuery) => `${root}api/queries/${q.name}${q.examples[0] ? `?${new URLSearchParams(q.examples[0])}` : ''}`;
  const body = html`<h1>${dataset.title}</h1>
<p>${dataset.description}</p>
<p class="muted">Graph version <code>${engine.version}</code> · ${n(engine.stats.quads)} triples in ${n(engine.stats.graphs.length)} named graphs · ${engine.description}</p>
<h2>Where to go</h2>
<ul>
<li><a href="${root}practices">Explore the practices</a> <code>/practices</code> — search and filter by country, fund, programme, SDG, theme, target group, organisation kind and urban–rural type.</li>
<li><a href="${root}learn">Which practices could your region learn from?</a> <code>/learn</code> — pick any NUTS 2021 region and get practices from other countries ranked by what they share with it; each region has a profile at <code>/regions/{NUTS code}</code>.</li>
<li><a href="${root}sparql">SPARQL endpoint</a> <code>/sparql</code> — SPARQL 1.1 Protocol (GET, or POST form or <code>application/sparql-query</code>); results as SPARQL JSON, XML, CSV, TSV, or Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads. Without a query it returns its service description.</li>
<li><a href="${root}sparql/graph?default">Graph Store</a> <code>/sparql/graph?graph=IRI</code> or <code>?default</code> — a whole graph, read-only.</li>
<li><a href="${root}.well-known/void">VoID description</a> <code>/.well-known/void</code> — counts, classes, properties, vocabularies and graphs.</li>
<li><a href="${root}api/queries">Question API</a> <code>/api/queries</code> — the questions below as a web API without SPARQL (<a href="${root}api/openapi.json">OpenAPI</a>), with <code>/api/search?q=</code> and <code>/api/facets</code>.</li>
<li><a href="${root}catalog">DCAT-AP catalogue</a> and <a href="${root}dumps/">dumps</a> of the whole dataset, its <a href="${root}releases/">releases</a> with what changed in each; the <a href="${root}ontology">ontology</a>.</li>
</ul>
${questions.length ? html`<h2>Questions across regions</h2>
<ul>
${questions.map((q) => html`<li><a href="${example(q)}">${q.title}</a> · <a href="${example(q)}&amp;format=csv">CSV</a> · <a href="${root}api/queries/${q.name}?${new URLSearchParams({ ...(q.examples[0] ?? {}), explain: '' }).toString()}">its SPARQL</a></li>
`)}</ul>` : ''}
<h2>Try a query</h2>
${EXAMPLE_QUERIES.map((e) => html`<h3>${e.title}</h3>\n<pre>${e.query}</pre>\n<p><a href="${runLink(root, e.query)}">run it</a> · <a href="${runLink(root, e.query)}&amp;format=csv">as CSV</a></p>\n`)}
<h2>The named graphs</h2>
<p>What a source states is kept apart from what we add; the default graph of a query is the union of them all.</p>
${graphTable(engine, labels, root)}
<h2>Limits</h2>
${limitsList(engine, maxBodyBytes)}`;
  return page({
    title: dataset.title,
    body,
    alternates: [[`${root}.well-known/void`, 'text/turtle'], [`${root}sparql`, 'text/turtle']],
    footer: html`segraph · graph ${engine.version}`,
  });
}

/** GET /sparql with no query, for a browser: the query form. */
/**
 * `endpoint`: the URL requested (what the page says it is); `root`: the path links start with
 * (sitePath); `editor`: the elements that replace the form with the query editor when scripts run
 * (sparql-editor.ts), absent when the editor is not built.
 */
export function endpointPage(endpoint: string, engine: Engine, dataset: DatasetInfo, root: string, editor?: SafeHtml): string {
  const here = `${root}sparql`;
  const formats = [...SOLUTION_FORMATS, ...GRAPH_FORMATS];
  const body = html`<h1>SPARQL endpoint</h1>
<p>${dataset.title}: <code>${endpoint}</code> answers SPARQL 1.1 queries (read-only). The default graph is the union of all named graphs.</p>
<div id="sparql-editor">
<form method="get" action="${here}">
<p><label for="query">Query</label><br><textarea id="query" name="query" rows="14">${EXAMPLE_QUERIES[0]!.query}</textarea></p>
<p><label for="format">Result format</label>
<select id="format" name="format">
<option value="html">html (a table, for SELECT and ASK)</option>
${formats.map((f) => html`<option value="${f.names[0]}">${f.names[0]} (${f.mediaTypes[0]})</option>\n`)}</select>
<button type="submit">Run</button></p>
</form>
</div>
${editor ?? ''}<h2>Formats</h2>
<p>Choose by <code>Accept</code> (q-values honoured) or by <code>format=</code>. SELECT and ASK: ${SOLUTION_FORMATS.map((f) => html`<code>${f.mediaTypes[0]}</code> `)}(default SPARQL JSON). CONSTRUCT and DESCRIBE: ${GRAPH_FORMATS.map((f) => html`<code>${f.mediaTypes[0]}</code> `)}(default Turtle).</p>
<h2>Limits</h2>
${limitsList(engine)}
<p>The machine-readable service description: <a href="${here}?format=ttl">Turtle</a> · <a href="${here}?format=jsonld">JSON-LD</a>.</p>`;
  return page({
    title: `SPARQL endpoint — ${dataset.title}`,
    body,
    alternates: [[`${here}?format=ttl`, 'text/turtle'], [`${here}?format=jsonld`, 'application/ld+json']],
    footer: html`segraph · graph ${engine.version} · ${engine.description}`,
  });
}
