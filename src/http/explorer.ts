/**
 * The explorer's list of practices, `GET /practices`: a search box and the facets with their
 * counts, as a page rendered by the server that works without JavaScript. Its filter state is its
 * URL, with the parameter names of /api/facets (`/practices?fund=esf&typology=predominantly-rural`),
 * and it answers from the same facets and search services (facetAnswerer), so the page and the API
 * always agree. It links the same selection as data: CSV and JSON-LD downloads (./downloads.ts),
 * the JSON of /api/facets, and a SPARQL query for the editor (src/api/facet-query.ts).
 *
 * With JavaScript (web/explorer/, a module script from our origin), the page updates itself as
 * one types or ticks: the script fetches this same page for the new state and swaps in each
 * element marked `data-swap` by its id (the facets, the list, the download links; any other part
 * a page adds the same way), and updates the text of each `data-live` element (the count, a
 * polite live region) in place. Elements marked `data-nojs` (the Apply button) are hidden then.
 */
import { Router, type Request, type Response } from 'express';
import { DIMENSIONS } from '../api/facets.js';
import { facetQuery } from '../api/facet-query.js';
import { FACETS_DEFAULT_LIMIT } from '../api/routes.js';
import { languagesOf, parametersKey } from './api-request.js';
import { assetPath } from './assets.js';
import { methodNotAllowed } from './errors.js';
import { facetAnswerer, type FacetAnswer, type FacetDeps, type Labelled } from './facets.js';
import { html, page, type SafeHtml } from './html.js';
import { etagOf, notModified } from './respond.js';
import { loadNutsGeometry } from './nuts-map.js';
import { NutsRegions } from '../api/nuts-regions.js';
import { moreValues, practiceRegions, practicesMapSection, regionFacet, valuesShown, FACET_VALUES_SHOWN } from './practices-map.js';
import { sitePath } from './site-config.js';

const nameOf = (item: Labelled) => item.label ?? item.id;

/** The query string of the current state, for links to the same selection elsewhere (the API, the downloads). */
export function stateQuery(answer: Pick<FacetAnswer, 'q' | 'filters'>): string {
  const params = new URLSearchParams();
  if (answer.q) params.set('q', answer.q);
  for (const [name, values] of Object.entries(answer.filters)) for (const v of values) params.append(name, v);
  return params.toString();
}

/** This page of the same selection at another offset (the limit kept when it is not the default). */
function pageHref(root: string, answer: FacetAnswer, offset: number): string {
  const params = new URLSearchParams(stateQuery(answer));
  if (answer.limit !== FACETS_DEFAULT_LIMIT) params.set('limit', String(answer.limit));
  if (offset > 0) params.set('offset', String(offset));
  const query = params.toString();
  return `${root}practices${query ? `?${query}` : ''}`;
}

/** Previous and next pages of the results, when there are more than one. */
function pager(root: string, answer: FacetAnswer): SafeHtml | '' {
  const { total, limit, offset } = answer;
  if (offset === 0 && total <= limit) return '';
  const shownTo = Math.min(total, offset + limit);
  const prev = offset > 0 ? html`<a href="${pageHref(root, answer, Math.max(0, Math.min(offset - limit, total - 1)))}" rel="prev">← Previous ${limit}</a>` : '';
  const next = offset + limit < total ? html`<a href="${pageHref(root, answer, offset + limit)}" rel="next">Next ${Math.min(limit, total - offset - limit)} →</a>` : '';
  return html`<nav class="pager" aria-label="Pages of results"><p>${offset < total ? `${offset + 1}–${shownTo}` : 'none'} of ${total}${prev ? html` · ${prev}` : ''}${next ? html` · ${next}` : ''}</p></nav>
`;
}

function facetFieldset(name: string, facet: FacetAnswer['facets'][string], apiHref: string): SafeHtml | '' {
  const { shown, more } = valuesShown(facet.values, FACET_VALUES_SHOWN);
  if (shown.length === 0) return '';
  return html`<fieldset><legend>${facet.title}</legend>
${shown.map((v) => html`<label><input type="checkbox" name="${name}" value="${v.value}"${v.selected ? html` checked` : ''}> ${nameOf(v)} <span class="muted">(${v.count})</span></label><br>
`)}${moreValues(more, apiHref)}</fieldset>
`;
}

/**
 * A query string value percent-encoded as RFC 3986 strictly asks (`'`, `(`, `)`, `*`, `!` too, which
 * encodeURIComponent leaves): the link then holds no character that HTML must escape but `&`.
 */
const component = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The selected values of each dimension, as IRIs. */
export function selectedIris(answer: FacetAnswer): Map<string, string[]> {
  return new Map(Object.entries(answer.facets).map(([name, facet]) => [name, facet.values.filter((v) => v.selected).map((v) => v.id)]));
}

/** The page of the practices matching the request's filters and text. */
export function practicesPage(answer: FacetAnswer, root: string, version: string, map: SafeHtml | '' = ''): string {
  const state = stateQuery(answer);
  const withState = (path: string) => `${root}${path}${state ? `?${state}` : ''}`;
  const sparql = facetQuery(selectedIris(answer), { ...(answer.q ? { q: answer.q } : {}), source: withState('practices') });
  const count = `${answer.total} ${answer.total === 1 ? 'practice' : 'practices'}`;
  const script = assetPath('explorer.js', root);
  const body = html`<h1>Good practices</h1>
<p>Social-economy practices from European regions, to learn from and transfer. Search, then narrow by the filters; the address of this page keeps your selection, so you can share it.</p>
<p><a href="${root}learn">Which practices could your region learn from?</a></p>
<div class="explorer-layout">
<form method="get" action="${root}practices" role="search" class="explorer" data-explorer>
<p><label for="q">Search practices</label><br>
<input id="q" name="q" type="search" value="${answer.q ?? ''}" placeholder="e.g. social cooperative, Darjiu, rural" autocomplete="off"> <button type="submit">Search</button></p>
<div class="facets" id="facets" data-swap>
${DIMENSIONS.map((d) => (d.name === 'region' ? regionFacet(answer.facets[d.name], withState('api/facets')) : facetFieldset(d.name, answer.facets[d.name]!, withState('api/facets'))))}</div>
${answer.limit !== FACETS_DEFAULT_LIMIT ? html`<input type="hidden" name="limit" value="${String(answer.limit)}">` : ''}<p><span data-nojs><button type="submit">Apply filters</button> · </span><a href="${root}practices" data-explorer-link>Clear all</a></p>
</form>
<div class="explorer-main">
${map}<h2 id="results" data-live aria-live="polite">${count}</h2>
<div id="result-list" data-swap>
${answer.total === 0 ? html`<p>No practice matches. Remove a filter, or search for another word.</p>` : html`<ol start="${answer.offset + 1}">
${answer.practices.map((p) => html`<li>${p.document ? html`<a href="${p.document}">${nameOf(p)}</a>` : nameOf(p)}</li>
`)}</ol>
${pager(root, answer)}`}
</div>
<div id="downloads" data-swap>
<p>Download: <a href="${withState('practices.csv')}">CSV</a> · <a href="${withState('practices.jsonld')}">JSON-LD</a> · <a href="${root}sparql#query=${component(sparql)}">Open in the SPARQL editor</a> (<a href="${root}sparql?query=${component(sparql)}">its answer as a table</a>, without JavaScript)</p>
<p class="muted">Each download holds the whole selection, ${count}${answer.q ? '; the SPARQL query leaves the search text out, as it has no SPARQL equivalent' : ''}. The same selection as JSON: <a href="${withState('api/facets')}">/api/facets</a>.</p>
</div>
</div>
</div>`;
  return page({
    title: `Good practices (${answer.total}) — segraph`,
    body,
    alternates: [
      [withState('api/facets'), 'application/json'],
      [withState('practices.csv'), 'text/csv'],
      [withState('practices.jsonld'), 'application/ld+json'],
    ],
    footer: html`segraph · graph ${version} · <a href="${root}">home</a> · <a href="${root}sparql">SPARQL</a>`,
    ...(script ? { scripts: [script] } : {}),
  });
}

/** GET /practices */
export function explorerRouter(deps: FacetDeps): Router {
  const router = Router();
  const answer = deps.answer ?? facetAnswerer(deps);
  const root = sitePath(deps.site);
  const geometry = loadNutsGeometry(); // once; without it the page says the map is not built
  const nuts = new NutsRegions(deps.engine, deps.site.publicUrl);
  router.route('/practices').get(async (req: Request, res: Response) => {
    res.vary('Accept-Language');
    if (notModified(req, res, etagOf(deps.engine.version, 'practices', parametersKey(req), languagesOf(req).join(',')))) return;
    const answered = await answer(req);
    const [table, regions, matching] = await Promise.all([answer.facets.tableOf(), nuts.regions(), answer.matching(answered)]);
    const map = practicesMapSection(answered, practiceRegions(answered, matching, table, regions, root), geometry, root, regions);
    const body = practicesPage(answered, root, deps.engine.version, map);
    res.type('text/html; charset=utf-8');
    await deps.compressed.send(req, res, `${res.getHeader('ETag')}`, body);
  }).all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}
