/**
 * The map section of /practices: where the listed practices are. Each practice is drawn in the most
 * precise NUTS regions it states (most are NUTS 3, some NUTS 2), each region counting the listed
 * practices in it (or in regions within it). A click on a region filters the list to it: the same
 * state with `region=CODE` in place of any region filter, so the count on the map is the count the
 * click gives. With exactly one region selected, a summary box leads to its profile
 * (`/regions/CODE`) and to the practices it could learn from (`/learn?region=CODE`): filtering keeps
 * the reader's other filters and the list, and the profile is one obvious click away.
 */
import { DIMENSIONS, shortOf, type FacetTable } from '../api/facets.js';
import type { NutsRegion } from '../api/nuts-regions.js';
import type { FacetAnswer } from './facets.js';
import { html, type SafeHtml } from './html.js';
import { nutsMap, typeLabel, URBAN_RURAL_TYPES, type MapRegion, type NutsGeometry, type UrbanRuralName } from './nuts-map.js';

const REGION = DIMENSIONS.find((d) => d.name === 'region')!;
const TYPOLOGY = DIMENSIONS.find((d) => d.name === 'typology')!;

/** The state's query string with `region` set to `code` (or removed). */
export function withRegion(answer: FacetAnswer, code: string | undefined): string {
  const params = new URLSearchParams();
  if (answer.q) params.set('q', answer.q);
  for (const [name, values] of Object.entries(answer.filters)) if (name !== 'region') for (const v of values) params.append(name, v);
  if (code) params.set('region', code);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The regions of every practice of the selection (all pages, not the listed page), with their counts, for the map. */
export function practiceRegions(answer: FacetAnswer, practices: readonly string[], table: FacetTable, nuts: ReadonlyMap<string, NutsRegion>, root: string): MapRegion[] {
  const counts = new Map<string, number>();
  const stated = new Set<string>();
  for (const practice of practices) {
    const regions = [...(table.get(practice)?.get('region') ?? [])];
    for (const r of regions) counts.set(r, (counts.get(r) ?? 0) + 1);
    const codes = regions.map((r) => nuts.get(r)?.code ?? shortOf(REGION, r));
    // The most precise: no other region of the practice lies within it (NUTS codes nest by prefix).
    regions.forEach((r, i) => { if (!codes.some((c, j) => j !== i && c.startsWith(codes[i]!) && c !== codes[i])) stated.add(r); });
  }
  const labels = new Map(answer.facets['region']?.values.map((v) => [v.id, v.label]) ?? []);
  const selected = new Set(answer.filters['region'] ?? []);
  return [...stated].map((iri) => {
    const region = nuts.get(iri);
    const code = region?.code ?? shortOf(REGION, iri);
    const type = region?.urbanRuralType ? shortOf(TYPOLOGY, region.urbanRuralType) : undefined;
    return {
      code,
      name: labels.get(iri) ?? code,
      count: counts.get(iri) ?? 0,
      ...(type && URBAN_RURAL_TYPES.some((t) => t.name === type) ? { urbanRural: type as UrbanRuralName } : {}),
      href: `${root}practices${withRegion(answer, code)}`,
      selected: selected.has(code),
    };
  });
}

/** The map section (`<div id="map" data-swap>`), with the selected region's summary when there is exactly one. */
export function practicesMapSection(answer: FacetAnswer, regions: readonly MapRegion[], geometry: NutsGeometry | undefined, root: string, nuts: ReadonlyMap<string, NutsRegion>): SafeHtml {
  const chosen = answer.filters['region'] ?? [];
  let summary: SafeHtml | '' = '';
  if (chosen.length === 1) {
    const code = chosen[0]!;
    const value = answer.facets['region']?.values.find((v) => v.value === code);
    const name = value?.label ?? code;
    const region = value ? nuts.get(value.id) : undefined;
    const type = region?.urbanRuralType ? shortOf(TYPOLOGY, region.urbanRuralType) : undefined;
    const known = URBAN_RURAL_TYPES.find((t) => t.name === type);
    summary = html`<div class="region-summary">
<p><strong>${name}</strong> (${code}${region ? `, NUTS ${region.level}` : ''}${known ? `, ${typeLabel(known.name)}` : ''}): ${answer.total} ${answer.total === 1 ? 'practice' : 'practices'} with your filters.</p>
<p><a class="region-profile" href="${root}regions/${encodeURIComponent(code)}">Open the profile of ${name} →</a>
· <a href="${root}learn?region=${encodeURIComponent(code)}">Practices ${name} could learn from</a>
· <a href="${root}practices${withRegion(answer, undefined)}">All regions</a></p>
</div>
`;
  }
  return html`<div id="map" data-swap>
<h2 id="map-title">On the map</h2>
${summary}${nutsMap(geometry, regions, { labelledBy: 'map-title', clickDoes: 'a click filters the list to that region', outlined: chosen })}
</div>
`;
}

/**
 * The region facet of /practices: a long list, so folded (open when a region is selected) and in
 * NUTS order, each region under the one it lies in (indented by level).
 */
/**
 * The values of a facet a page lists: at most `max` of those with practices, the most practices
 * first (the order of the answer), and every selected one; `more` counts the others, which the
 * page does not list (at a million triples a dimension has thousands: the page would weigh
 * hundreds of kilobytes). Each is still a filter by URL, and /api/facets lists them all.
 */
export function valuesShown<V extends { readonly count: number; readonly selected: boolean }>(values: readonly V[], max: number): { shown: V[]; more: number } {
  const candidates = values.filter((v) => v.count > 0 || v.selected);
  const shown = candidates.filter((v, i) => v.selected || i < max);
  return { shown, more: candidates.length - shown.length };
}

/** Values of a facet listed on the page, at most (the selected ones always). */
export const FACET_VALUES_SHOWN = 50;
/** Regions of the region facet listed on the page, at most. */
export const REGION_VALUES_SHOWN = 60;

/** The line under a facet whose values are not all listed. */
export function moreValues(more: number, apiHref: string): SafeHtml | '' {
  return more > 0 ? html`<p class="muted">${more} more with fewer practices, not listed here: narrow the selection first, or see them all in <a href="${apiHref}">/api/facets</a>.</p>` : '';
}

export function regionFacet(facet: FacetAnswer['facets'][string] | undefined, apiHref: string): SafeHtml | '' {
  const { shown: top, more } = valuesShown(facet?.values ?? [], REGION_VALUES_SHOWN);
  const shown = top.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  if (!facet || shown.length === 0) return '';
  const level = (code: string) => Math.min(3, Math.max(0, code.length - 2));
  return html`<fieldset class="region-facet"><legend>${facet.title}</legend>
<details${shown.some((v) => v.selected) ? html` open` : ''}><summary>${shown.length} regions, by NUTS level</summary>
${shown.map((v) => html`<label class="nuts${level(v.value)}"><input type="checkbox" name="region" value="${v.value}"${v.selected ? html` checked` : ''}> ${v.value} ${v.label ?? ''} <span class="muted">(${v.count})</span></label><br>
`)}${moreValues(more, apiHref)}</details>
</fieldset>
`;
}
