/**
 * The explorer's list of practices, `GET /practices`: a search box and the facets with their
 * counts, as a page rendered by the server that works without JavaScript. Its filter state is its
 * URL, with the parameter names of /api/facets (`/practices?fund=esf&typology=predominantly-rural`),
 * and it answers from the same facets and search services (facetAnswerer), so the page and the API
 * always agree.
 */
import { Router, type Request, type Response } from 'express';
import { DIMENSIONS } from '../api/facets.js';
import { FACETS_DEFAULT_LIMIT } from '../api/routes.js';
import { languagesOf, parametersKey } from './api-request.js';
import { methodNotAllowed } from './errors.js';
import { facetAnswerer, type FacetAnswer, type FacetDeps, type Labelled } from './facets.js';
import { html, page, type SafeHtml } from './html.js';
import { etagOf, notModified } from './respond.js';
import { sitePath } from './site-config.js';

const nameOf = (item: Labelled) => item.label ?? item.id;

/** The query string of the current state, for links to the same selection elsewhere (the API). */
function stateQuery(answer: FacetAnswer): string {
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

function facetFieldset(name: string, facet: FacetAnswer['facets'][string]): SafeHtml | '' {
  const shown = facet.values.filter((v) => v.count > 0 || v.selected);
  if (shown.length === 0) return '';
  return html`<fieldset><legend>${facet.title}</legend>
${shown.map((v) => html`<label><input type="checkbox" name="${name}" value="${v.value}"${v.selected ? html` checked` : ''}> ${nameOf(v)} <span class="muted">(${v.count})</span></label><br>
`)}</fieldset>
`;
}

/** The page of the practices matching the request's filters and text. */
export function practicesPage(answer: FacetAnswer, root: string, version: string): string {
  const state = stateQuery(answer);
  const body = html`<h1>Good practices</h1>
<p>Social-economy practices from European regions, to learn from and transfer. Search, then narrow by the filters; the address of this page keeps your selection, so you can share it.</p>
<form method="get" action="${root}practices" role="search" class="explorer">
<p><label for="q">Search practices</label><br>
<input id="q" name="q" type="search" value="${answer.q ?? ''}" placeholder="e.g. social cooperative, Darjiu, rural"> <button type="submit">Search</button></p>
<div class="facets">
${DIMENSIONS.map((d) => facetFieldset(d.name, answer.facets[d.name]!))}</div>
${answer.limit !== FACETS_DEFAULT_LIMIT ? html`<input type="hidden" name="limit" value="${String(answer.limit)}">` : ''}<p><button type="submit">Apply filters</button> · <a href="${root}practices">Clear all</a></p>
</form>
<h2 id="results">${answer.total} ${answer.total === 1 ? 'practice' : 'practices'}</h2>
${answer.total === 0 ? html`<p>No practice matches. Remove a filter, or search for another word.</p>` : html`<ol start="${answer.offset + 1}">
${answer.practices.map((p) => html`<li>${p.document ? html`<a href="${p.document}">${nameOf(p)}</a>` : nameOf(p)}</li>
`)}</ol>
${pager(root, answer)}`}
<p>The same selection as data: <a href="${root}api/facets${state ? `?${state}` : ''}">JSON</a> (<code>/api/facets</code>).</p>`;
  return page({
    title: `Good practices (${answer.total}) — segraph`,
    body,
    alternates: [[`${root}api/facets${state ? `?${state}` : ''}`, 'application/json']],
    footer: html`segraph · graph ${version} · <a href="${root}">home</a> · <a href="${root}sparql">SPARQL</a>`,
  });
}

/** GET /practices */
export function explorerRouter(deps: FacetDeps): Router {
  const router = Router();
  const answer = facetAnswerer(deps);
  const root = sitePath(deps.site);
  router.route('/practices').get(async (req: Request, res: Response) => {
    res.vary('Accept-Language');
    if (notModified(req, res, etagOf(deps.engine.version, 'practices', parametersKey(req), languagesOf(req).join(',')))) return;
    const body = practicesPage(await answer(req), root, deps.engine.version);
    res.type('text/html; charset=utf-8');
    await deps.compressed.send(req, res, `${res.getHeader('ETag')}`, body);
  }).all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}
